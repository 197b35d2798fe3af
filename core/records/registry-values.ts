import protobuf from 'protobufjs';
import { avroType } from '../tables/avro-schema';
import { type AthenaValue } from './connector-values';
import { javaDoubleToString, javaFloatToString } from './java-double';
import { isWellFormedUtf8, javaUtf8 } from './java-utf8';
import { javaVarint32, javaVarint64 } from './java-varint';
import type { Column } from '../tables/columns';
import { mapEntryType, messagesByIndex } from '../tables/protobuf-schema';

/*
 * What Athena returns for the fields of one decoded Avro or Protobuf record,
 * on the connector's rules (see avro-schema.ts, protobuf-schema.ts): typed
 * columns take the value; VARCHAR columns take the Java object's toString().
 * The Java objects are those of Apache Avro's GenericDatumReader and
 * protobuf-java's DynamicMessage (the integration suite compares both, value
 * by value, on random records):
 * - strings are decoded as Java decodes UTF-8 (java-utf8.ts), varints as
 *   CodedInputStream reads them, longer than shortest encodings included
 *   (java-varint.ts);
 * - a proto3 field without presence is left out when it equals its default in
 *   Java's sense (Double.equals): -0.0 is not 0.0, so it is kept;
 * - proto2 enums are closed: a number the enum does not name is an unknown
 *   field (the column is NULL, a list loses it, text format prints it as
 *   "N: number" after the known fields); proto3 enums keep it;
 * - map fields are lists of entry messages in the order written, repeated
 *   keys kept, each entry with its key and value (the default when the bytes
 *   lack it); text format prints a nested message's map entries in reverse.
 */

export type RegistryOutcome =
  { readonly kind: 'ok'; readonly value: AthenaValue } | { readonly kind: 'null' | 'wrong'; readonly why: string; readonly value: AthenaValue };

export { javaFloatToString };

/** An Avro definition with every top-level string field read as bytes (the same encoding), so the text is decoded as Java decodes it. */
function avroBytesForStrings(definition: string): { type: ReturnType<typeof avroType>; strings: Set<string> } {
  const schema = JSON.parse(definition) as { fields?: { name: string; type: unknown }[] };
  const strings = new Set<string>();
  const isString = (t: unknown) =>
    t === 'string' || (typeof t === 'object' && t !== null && !Array.isArray(t) && (t as { type?: unknown }).type === 'string' && !('logicalType' in t));
  if (Array.isArray(schema.fields))
    schema.fields = schema.fields.map((f) => {
      if (!isString(f.type)) return f;
      strings.add(f.name);
      return { ...f, type: 'bytes', default: undefined };
    });
  return { type: avroType(JSON.stringify(schema)), strings };
}

const avroTypes = new Map<string, ReturnType<typeof avroBytesForStrings>>();

/** Avro: every field of the writer's record, by column name (GenericRecord.get). */
export function avroOutcomes(columns: readonly Column[], writerDefinition: string, payload: Buffer): RegistryOutcome[] {
  let writer = avroTypes.get(writerDefinition);
  if (!writer) {
    writer = avroBytesForStrings(writerDefinition);
    if (avroTypes.size > 100) avroTypes.clear();
    avroTypes.set(writerDefinition, writer);
  }
  const record = writer.type.fromBuffer(payload) as Record<string, unknown>;
  for (const name of writer.strings) record[name] = javaUtf8(record[name] as Buffer);
  return columns.map((c) => {
    if (!(c.name in record)) return { kind: 'null', why: `the writer's schema has no field ${c.name}`, value: null };
    const v = record[c.name];
    if (c.type === 'varchar' && typeof v !== 'string')
      return { kind: 'wrong', why: `a ${typeof v} value in a VARCHAR column reads as its Java text`, value: String(v) };
    return { kind: 'ok', value: v as AthenaValue };
  });
}

const LONG_TYPES = new Set(['int64', 'sint64', 'sfixed64', 'uint64', 'fixed64']);

/** A 64-bit protobufjs value (number, Long or string) as a bigint, unsigned types kept unsigned. */
function bigintOf(v: unknown, unsigned: boolean): bigint {
  if (typeof v === 'object' && v !== null && 'low' in v) {
    const l = v as { low: number; high: number };
    const n = (BigInt(l.high >>> 0) << 32n) | BigInt(l.low >>> 0);
    return unsigned ? n : BigInt.asIntN(64, n);
  }
  return unsigned ? BigInt.asUintN(64, BigInt(v as number)) : BigInt.asIntN(64, BigInt(v as number));
}

/** The syntax a message was declared in (protobufjs keeps it on the file's top-level objects). */
function isProto3(type: protobuf.ReflectionObject): boolean {
  for (let o: protobuf.ReflectionObject | null = type; o; o = o.parent) {
    const edition = (o as unknown as { _edition?: string })._edition;
    if (edition) return edition === 'proto3';
  }
  return false;
}

/** The map entry messages of a decoding root, and the key type of each. */
const ENTRY_KEYS = new WeakMap<protobuf.Type, string>();

/**
 * A definition parsed for decoding: each map field replaced by the repeated
 * entry messages it is on the wire, so entries keep their order, repeated
 * keys and which of key and value were written.
 */
function decodingRoot(definition: string): protobuf.Root {
  const { root } = protobuf.parse(definition, { keepCase: true, alternateCommentMode: true });
  root.resolveAll();
  messagesByIndex(root);
  const visit = (ns: protobuf.NamespaceBase) => {
    for (const n of ns.nestedArray) {
      if (n instanceof protobuf.Type) {
        for (const f of n.fieldsArray.filter((x) => x.map)) {
          const entry = mapEntryType(n, f as unknown as protobuf.MapField);
          ENTRY_KEYS.set(entry, (f as unknown as protobuf.MapField).keyType);
          n.remove(f);
          n.add(new protobuf.Field(f.name, f.id, entry.name, 'repeated'));
        }
      }
      if (n instanceof protobuf.Namespace) visit(n);
    }
  };
  visit(root);
  root.resolveAll();
  return root;
}

const roots = new Map<string, protobuf.Root>();

function cachedRoot(definition: string): protobuf.Root {
  let root = roots.get(definition);
  if (!root) {
    root = decodingRoot(definition);
    if (roots.size > 100) roots.clear();
    roots.set(definition, root);
  }
  return root;
}

const isEnum = (f: protobuf.Field): f is protobuf.Field & { resolvedType: protobuf.Enum } => f.resolvedType instanceof protobuf.Enum;
const isMessage = (f: protobuf.Field): f is protobuf.Field & { resolvedType: protobuf.Type } => f.resolvedType instanceof protobuf.Type;
const isMap = (f: protobuf.Field) => isMessage(f) && ENTRY_KEYS.has(f.resolvedType);

/** The enum's name for a number: the first value declared with it (aliases after it are never shown). */
function enumName(e: protobuf.Enum, n: number): string | undefined {
  return Object.keys(e.values).find((k) => e.values[k] === n);
}

/** Whether Java keeps an enum number: proto3 enums are open, proto2 enums keep only the numbers they name. */
const enumKept = (field: protobuf.Field & { resolvedType: protobuf.Enum }, v: number) =>
  isProto3(field.resolvedType) || enumName(field.resolvedType, v) !== undefined;

/** The elements of a field Java keeps: repeated ones lose the enum numbers a closed enum does not name. */
function keptValues(field: protobuf.Field, v: unknown): unknown[] {
  const all = field.repeated ? (v as unknown[]) : [v];
  return isEnum(field) ? all.filter((x) => enumKept(field, x as number)) : all;
}

/** Whether DynamicMessage.getAllFields() holds the field. */
function present(type: protobuf.Type, field: protobuf.Field, message: Record<string, unknown>): boolean {
  if (!Object.prototype.hasOwnProperty.call(message, field.name)) return false;
  const v = message[field.name];
  if (field.repeated) return keptValues(field, v).length > 0;
  if (isEnum(field) && !enumKept(field, v as number)) return false;
  if (!isProto3(type) || field.partOf || isMessage(field)) return true;
  // proto3 without presence: absent when Java's equals() finds the default, so -0.0 and NaN stay.
  if (isEnum(field)) return v !== 0;
  if (typeof v === 'object' && v !== null && 'low' in v) return bigintOf(v, false) !== 0n;
  return !(Object.is(v, 0) || v === '' || v === false);
}

/** EnumValueDescriptor's name, in toString() and text format alike; a number a proto3 enum does not name gets a made-up one. */
function enumText(field: protobuf.Field & { resolvedType: protobuf.Enum }, n: number): string {
  return enumName(field.resolvedType, n) ?? `UNKNOWN_ENUM_VALUE_${field.resolvedType.name}_${n}`;
}

/** The Java object's toString(), as DynamicMessage.getField returns it. */
function javaText(field: protobuf.Field, v: unknown): string {
  if (isMap(field)) return textFormat(field.resolvedType as protobuf.Type, v as Record<string, unknown>, '');
  if (isMessage(field)) return textFormat(field.resolvedType, v as Record<string, unknown>, '');
  if (isEnum(field)) return enumText(field, v as number);
  switch (field.type) {
    case 'uint32':
    case 'fixed32':
      return String((v as number) | 0); // Java int: signed
    case 'float':
      return javaFloatToString(v as number);
    case 'double':
      return javaDoubleToString(v as number);
    default:
      if (LONG_TYPES.has(field.type)) return bigintOf(v, false).toString(); // Java long: signed
      return String(v);
  }
}

/** TextFormat's escaping of bytes: C escapes for the usual controls, octal for other bytes outside printable ASCII. */
function escapeBytes(bytes: Uint8Array): string {
  const named: Record<number, string> = {
    0x07: '\\a',
    0x08: '\\b',
    0x0c: '\\f',
    0x0a: '\\n',
    0x0d: '\\r',
    0x09: '\\t',
    0x0b: '\\v',
    0x5c: '\\\\',
    0x27: "\\'",
    0x22: '\\"',
  };
  let out = '';
  for (const b of bytes) {
    if (named[b]) out += named[b];
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += `\\${b.toString(8).padStart(3, '0')}`;
  }
  return out;
}

/** A string as TextFormat escapes it: its UTF-8 bytes. */
const textEscape = (s: string) => escapeBytes(Buffer.from(s, 'utf8'));

type UnknownField = { id: number; wire: number; value: bigint | Uint8Array | UnknownField[] };

/** Levels of nested messages and groups CodedInputStream follows before it gives up (its recursion limit). */
const GROUP_DEPTH_LIMIT = 100;

/**
 * Fields of raw bytes as UnknownFieldSet.parseFrom reads them (varints as
 * java-varint.ts reads them); undefined where it fails: a malformed or cut-off
 * varint, field number 0, wire type 6 or 7, a negative or overlong length, an
 * end-group tag that closes nothing, groups nested past the limit.
 */
function parseUnknown(buf: Uint8Array, at = { pos: 0 }, group?: number, depth = 0): UnknownField[] | undefined {
  const fields: UnknownField[] = [];
  while (at.pos < buf.length) {
    const tag = javaVarint32(buf, at.pos, buf.length);
    if (!tag) return undefined;
    at.pos = tag.end;
    const id = tag.value >>> 3;
    const wire = tag.value & 7;
    if (id === 0) return undefined;
    if (wire === 0) {
      const v = javaVarint64(buf, at.pos, buf.length);
      if (!v) return undefined;
      at.pos = v.end;
      fields.push({ id, wire, value: v.value });
    } else if (wire === 1 || wire === 5) {
      const n = wire === 1 ? 8 : 4;
      if (at.pos + n > buf.length) return undefined;
      let v = 0n;
      for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(buf[at.pos + i]);
      at.pos += n;
      fields.push({ id, wire, value: v });
    } else if (wire === 2) {
      const n = javaVarint32(buf, at.pos, buf.length);
      if (!n || n.value < 0 || n.end + n.value > buf.length) return undefined;
      fields.push({ id, wire, value: buf.subarray(n.end, n.end + n.value) });
      at.pos = n.end + n.value;
    } else if (wire === 3) {
      if (depth >= GROUP_DEPTH_LIMIT) return undefined;
      const inner = parseUnknown(buf, at, id, depth + 1);
      if (!inner) return undefined;
      fields.push({ id, wire, value: inner });
    } else if (wire === 4) {
      return group === id ? fields : undefined;
    } else return undefined;
  }
  return group === undefined ? fields : undefined;
}

const WIRE_ORDER = [0, 5, 1, 2, 3];

/** TextFormat's unknown fields: by number, then varints, fixed32, fixed64, length-delimited (`N: {...}` where the bytes parse as a message), groups. */
function unknownText(fields: UnknownField[], indent: string): string {
  let out = '';
  const sorted = fields.map((f, i) => ({ f, i })).sort((a, b) => a.f.id - b.f.id || WIRE_ORDER.indexOf(a.f.wire) - WIRE_ORDER.indexOf(b.f.wire) || a.i - b.i);
  for (const { f } of sorted) {
    if (f.wire === 0) out += `${indent}${f.id}: ${f.value as bigint}\n`;
    else if (f.wire === 5) out += `${indent}${f.id}: 0x${(f.value as bigint).toString(16).padStart(8, '0')}\n`;
    else if (f.wire === 1) out += `${indent}${f.id}: 0x${(f.value as bigint).toString(16).padStart(16, '0')}\n`;
    else if (f.wire === 3) out += `${indent}${f.id} {\n${unknownText(f.value as UnknownField[], `${indent}  `)}${indent}}\n`;
    else {
      const inner = parseUnknown(f.value as Uint8Array);
      out += inner ? `${indent}${f.id}: {\n${unknownText(inner, `${indent}  `)}${indent}}\n` : `${indent}${f.id}: "${escapeBytes(f.value as Uint8Array)}"\n`;
    }
  }
  return out;
}

/** The fields protobufjs kept aside (numbers the schema lacks, closed-enum numbers the enum does not name). */
function unknownFieldsOf(message: Record<string, unknown>): UnknownField[] {
  const raw = (message as { $unknowns?: Uint8Array[] }).$unknowns ?? [];
  return raw.flatMap((r) => parseUnknown(r) ?? []);
}

/** One scalar as TextFormat prints it (unsigned types unsigned, unlike toString). */
function textScalar(field: protobuf.Field, v: unknown): string {
  if (isEnum(field)) return enumText(field, v as number);
  const type = field.type;
  if (type === 'string') return `"${textEscape(v as string)}"`;
  if (type === 'float') return javaFloatToString(v as number);
  if (type === 'double') return javaDoubleToString(v as number);
  if (type === 'uint32' || type === 'fixed32') return String((v as number) >>> 0);
  if (LONG_TYPES.has(type)) return bigintOf(v, type === 'uint64' || type === 'fixed64').toString();
  return String(v);
}

/** A field's default value, as protobufjs decodes it. */
function defaultOf(f: protobuf.Field): unknown {
  if (isMessage(f)) return {};
  if (isEnum(f)) return Object.values(f.resolvedType.values)[0];
  if (f.type === 'string') return '';
  if (f.type === 'bool') return false;
  return 0;
}

/** DynamicMessage.toString(): TextFormat, fields in number order, map entries last written first, unknown fields last, nested messages indented by two. */
export function textFormat(type: protobuf.Type, message: Record<string, unknown>, indent: string): string {
  let out = '';
  // A map entry (protobuf-java's MapEntry) always has its key and value: what the bytes lack is the default.
  if (ENTRY_KEYS.has(type)) {
    const given = message;
    message = Object.fromEntries(type.fieldsArray.map((f) => [f.name, Object.prototype.hasOwnProperty.call(given, f.name) ? given[f.name] : defaultOf(f)]));
  }
  for (const f of [...type.fieldsArray].sort((a, b) => a.id - b.id)) {
    if (!Object.prototype.hasOwnProperty.call(message, f.name)) continue;
    const v = message[f.name];
    if (!ENTRY_KEYS.has(type) && !present(type, f, message)) continue;
    // TextFormat "sorts" map entries by a key it finds only in generated MapEntry objects: for a
    // DynamicMessage's entries its comparator always answers "less", and Java's sort reverses them.
    const values = isMap(f) ? keptValues(f, v).reverse() : keptValues(f, v);
    for (const value of values) {
      if (isMessage(f)) out += `${indent}${f.name} {\n${textFormat(f.resolvedType, value as Record<string, unknown>, `${indent}  `)}${indent}}\n`;
      else out += `${indent}${f.name}: ${textScalar(f, value)}\n`;
    }
  }
  return out + unknownText(unknownFieldsOf(message), indent);
}

/**
 * Walks the wire bytes for the strings protobuf-java checks as UTF-8 (every
 * string of a proto3 file, and map keys and values in proto2 too): the
 * message fails to parse when one is malformed. Returns the field that is.
 */
function malformedString(type: protobuf.Type, reader: protobuf.Reader, end: number, proto3: boolean, entry: boolean): string | undefined {
  while (reader.pos < end) {
    const tag = reader.tag();
    const field = type.fieldsById[tag >>> 3];
    if (!field || (tag & 7) !== 2) {
      reader.skipType(tag & 7);
      continue;
    }
    const length = reader.size();
    const start = reader.pos;
    if (isMessage(field)) {
      const problem = malformedString(field.resolvedType, reader, start + length, proto3, ENTRY_KEYS.has(field.resolvedType));
      if (problem) return `${field.name}.${problem}`;
    } else if (field.type === 'string' && (proto3 || entry) && !isWellFormedUtf8(reader.buf.subarray(start, start + length))) return field.name;
    reader.pos = start + length;
  }
  return undefined;
}

const malformed = (reader: protobuf.Reader) => new Error(`malformed varint at offset ${reader.pos}: protobuf-java refuses it (InvalidProtocolBufferException)`);

/** A 64-bit pattern as the Long (or {low, high}) protobufjs hands out. */
function long(value: bigint, unsigned: boolean): unknown {
  return new protobuf.util.LongBits(Number(value & 0xffffffffn), Number(value >> 32n)).toLong(unsigned);
}

/**
 * A protobufjs reader that reads varints as Java does (java-varint.ts): its
 * decoders call these methods on the reader, and within a nested message or
 * packed field its `len` is that region's end, as Java's limit is.
 */
function javaWireReader(buf: Uint8Array): protobuf.Reader {
  const reader = protobuf.Reader.create(buf);
  const read64 = (r: protobuf.Reader) => {
    const v = javaVarint64(r.buf, r.pos, r.len);
    if (!v) throw malformed(r);
    r.pos = v.end;
    return v.value;
  };
  const read32 = (r: protobuf.Reader) => {
    const v = javaVarint32(r.buf, r.pos, r.len);
    if (!v) throw malformed(r);
    r.pos = v.end;
    return v.value;
  };
  const skip = reader.skip;
  const skipType = reader.skipType;
  Object.assign(reader, {
    // int32, sint32 and enums read through uint32.
    uint32(this: protobuf.Reader) {
      return read32(this) >>> 0;
    },
    tag(this: protobuf.Reader) {
      const tag = read32(this) >>> 0;
      if (tag >>> 3 === 0) throw new Error(`field number 0 at offset ${this.pos}: protobuf-java refuses it (invalid tag)`);
      return tag;
    },
    size(this: protobuf.Reader) {
      const n = read32(this);
      if (n < 0) throw new Error(`a length of ${n} as a Java int: protobuf-java refuses it (negative size)`);
      return n;
    },
    int64(this: protobuf.Reader) {
      return long(read64(this), false);
    },
    uint64(this: protobuf.Reader) {
      return long(read64(this), true);
    },
    sint64(this: protobuf.Reader) {
      const n = read64(this);
      return long(BigInt.asUintN(64, (n >> 1n) ^ -(n & 1n)), false);
    },
    bool(this: protobuf.Reader) {
      return read64(this) !== 0n;
    },
    skip(this: protobuf.Reader, length?: number) {
      if (length !== undefined) return skip.call(this, length);
      read64(this);
      return this;
    },
    // A group counts toward Java's recursion limit with the messages around it; protobufjs lets one more level through.
    skipType(this: protobuf.Reader, wireType: number, depth?: number, field?: number) {
      if (wireType === 3 && (depth ?? 0) >= GROUP_DEPTH_LIMIT)
        throw new Error('groups and messages nested past 100 levels: protobuf-java refuses them (recursion limit)');
      return skipType.call(this, wireType, depth, field);
    },
  });
  return reader;
}

/** Decodes a message as DynamicMessage.parseFrom does (see malformedString; strings as Java decodes them). */
function decodeMessage(type: protobuf.Type, payload: Buffer): Record<string, unknown> {
  const bad = malformedString(type, javaWireReader(payload), payload.length, isProto3(type), false);
  if (bad) throw new Error(`string field ${bad} is not valid UTF-8, which protobuf-java refuses (InvalidProtocolBufferException)`);
  const reader = javaWireReader(payload);
  // Java keeps what it cannot place (and text format prints it): keep it too.
  reader.discardUnknown = false;
  reader.string = function (this: protobuf.Reader) {
    return javaUtf8(this.bytes());
  };
  return type.decode(reader) as unknown as Record<string, unknown>;
}

/** Protobuf: the message the index names, each column from the fields it has. */
export function protobufOutcomes(columns: readonly Column[], writerDefinition: string, index: number, payload: Buffer): RegistryOutcome[] {
  const type = messagesByIndex(cachedRoot(writerDefinition))[index];
  // The serde finds no descriptor for it and throws.
  if (!type) throw new Error(`message index ${index} names no message of the schema`);
  const message = decodeMessage(type, payload);
  const proto3 = isProto3(type);
  return columns.map((c): RegistryOutcome => {
    const field = type.fields[c.name];
    if (!field) return { kind: 'null', why: `${type.name} has no field ${c.name}`, value: null };
    if (!present(type, field, message)) {
      if (isEnum(field) && unknownFieldsOf(message).some((u) => u.id === field.id))
        return { kind: 'null', why: 'an enum number the proto2 enum does not name is an unknown field for Java: NULL', value: null };
      const implicit = proto3 && !field.partOf && !field.repeated && !isMessage(field);
      return implicit
        ? { kind: 'null', why: 'a proto3 field at its default (0, "", false, first enum value) is left out: NULL', value: null }
        : { kind: 'ok', value: null };
    }
    const v = message[field.name];
    if (field.repeated)
      return {
        kind: 'ok',
        value: `[${keptValues(field, v)
          .map((x) => javaText(field, x))
          .join(', ')}]`,
      };
    switch (c.type) {
      case 'boolean':
      case 'double':
        return { kind: 'ok', value: v as boolean | number };
      case 'real':
        return { kind: 'ok', value: Math.fround(v as number) };
      case 'integer':
        return { kind: 'ok', value: v as number };
      case 'bigint':
        return { kind: 'ok', value: bigintOf(v, false) };
      default: {
        const text = javaText(field, v);
        if ((field.type === 'uint32' || field.type === 'fixed32') && (v as number) >>> 0 > 0x7fffffff)
          return { kind: 'wrong', why: `${(v as number) >>> 0} reads as ${text} (a signed Java int)`, value: text };
        if ((field.type === 'uint64' || field.type === 'fixed64') && bigintOf(v, true) > 0x7fffffffffffffffn)
          return { kind: 'wrong', why: `${bigintOf(v, true)} reads as ${text} (a signed Java long)`, value: text };
        return { kind: 'ok', value: text };
      }
    }
  });
}
