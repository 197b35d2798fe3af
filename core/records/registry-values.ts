import protobuf from 'protobufjs';
import { avroType } from '../tables/avro-schema';
import { type AthenaValue } from './connector-values';
import { javaDoubleToString, javaFloatToString } from './java-double';
import type { Column } from '../tables/columns';
import { messagesByIndex, protobufMessage } from '../tables/protobuf-schema';

/*
 * What Athena returns for the fields of one decoded Avro or Protobuf record,
 * on the connector's rules (see avro-schema.ts, protobuf-schema.ts): typed
 * columns take the value; VARCHAR columns take the Java object's toString().
 */

export type RegistryOutcome =
  | { readonly kind: 'ok'; readonly value: AthenaValue }
  | { readonly kind: 'null' | 'wrong'; readonly why: string; readonly value: AthenaValue };

export { javaFloatToString };

/** Avro: every field of the writer's record, by column name (GenericRecord.get). */
export function avroOutcomes(columns: readonly Column[], writerDefinition: string, payload: Buffer): RegistryOutcome[] {
  const record = avroType(writerDefinition).fromBuffer(payload) as Record<string, unknown>;
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
  return BigInt(v as number);
}

/** The Java object DynamicMessage.getField returns, as toString() prints it. */
function javaText(field: protobuf.Field, v: unknown): string {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) return textFormat(resolved, v as Record<string, unknown>, '');
  if (resolved instanceof protobuf.Enum) return enumText(resolved, v);
  switch (field.type) {
    case 'uint32':
    case 'fixed32':
      return String((v as number) | 0); // Java int: signed
    case 'float':
      return javaFloatToString(v as number);
    case 'double':
      return javaDoubleToString(v as number);
    default:
      if (LONG_TYPES.has(field.type)) return BigInt.asIntN(64, bigintOf(v, true)).toString(); // Java long: signed
      return String(v);
  }
}

/** EnumValueDescriptor.toString(): the value's name. */
function enumText(e: protobuf.Enum, v: unknown): string {
  return typeof v === 'string' ? v : e.valuesById[v as number] ?? String(v);
}

/** TextFormat's escaping of a string: UTF-8 bytes, non-ASCII and control bytes as octal. */
function textEscape(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    if (c === '"') out += '\\"';
    else if (c === "'") out += "\\'";
    else if (c === '\\') out += '\\\\';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if (b >= 0x20 && b < 0x7f) out += c;
    else out += `\\${b.toString(8).padStart(3, '0')}`;
  }
  return out;
}

/** One scalar as TextFormat prints it (unsigned types unsigned, unlike toString). */
function textScalar(field: protobuf.Field, type: string, v: unknown): string {
  if (field.resolvedType instanceof protobuf.Enum) return enumText(field.resolvedType, v);
  if (type === 'string') return `"${textEscape(v as string)}"`;
  if (type === 'float') return javaFloatToString(v as number);
  if (type === 'double') return javaDoubleToString(v as number);
  if (type === 'uint32' || type === 'fixed32') return String((v as number) >>> 0);
  if (LONG_TYPES.has(type)) return bigintOf(v, type === 'uint64' || type === 'fixed64').toString();
  return String(v);
}

/** DynamicMessage.toString(): TextFormat, fields in number order, nested messages indented by two. */
export function textFormat(type: protobuf.Type, message: Record<string, unknown>, indent: string): string {
  let out = '';
  const fields = [...type.fieldsArray].sort((a, b) => a.id - b.id);
  for (const f of fields) {
    if (!present(type, f, message)) continue;
    const v = message[f.name];
    const one = (value: unknown) => {
      if (f.resolvedType instanceof protobuf.Type)
        return `${indent}${f.name} {\n${textFormat(f.resolvedType, value as Record<string, unknown>, `${indent}  `)}${indent}}\n`;
      return `${indent}${f.name}: ${textScalar(f, f.type, value)}\n`;
    };
    if (f.map) {
      for (const [k, value] of Object.entries(v as Record<string, unknown>)) {
        const key = (f as unknown as protobuf.MapField).keyType === 'string' ? `"${textEscape(k)}"` : k;
        const val =
          f.resolvedType instanceof protobuf.Type
            ? `${indent}  value {\n${textFormat(f.resolvedType, value as Record<string, unknown>, `${indent}    `)}${indent}  }\n`
            : `${indent}  value: ${textScalar(f, f.type, value)}\n`;
        out += `${indent}${f.name} {\n${indent}  key: ${key}\n${val}${indent}}\n`;
      }
    } else if (f.repeated) for (const value of v as unknown[]) out += one(value);
    else out += one(v);
  }
  return out;
}

const isProto3 = (type: protobuf.Type) =>
  (type as unknown as { _edition?: string })._edition === 'proto3' || (type.root as unknown as { _edition?: string })._edition === 'proto3';

/** Whether DynamicMessage.getAllFields() holds the field: set, and for proto3 without presence, not its default. */
function present(type: protobuf.Type, field: protobuf.Field, message: Record<string, unknown>): boolean {
  if (!Object.prototype.hasOwnProperty.call(message, field.name)) return false;
  const v = message[field.name];
  if (field.map) return Object.keys(v as object).length > 0;
  if (field.repeated) return (v as unknown[]).length > 0;
  if (!isProto3(type) || field.partOf || field.resolvedType instanceof protobuf.Type) return true;
  if (field.resolvedType instanceof protobuf.Enum) return v !== 0 && v !== Object.keys(field.resolvedType.values)[0];
  if (typeof v === 'object' && v !== null && 'low' in v) return bigintOf(v, false) !== 0n;
  return !(v === 0 || v === '' || v === false);
}

/** Protobuf: the message the index names, each column from the fields it has. */
export function protobufOutcomes(columns: readonly Column[], writerDefinition: string, index: number, payload: Buffer): RegistryOutcome[] {
  const type = messagesByIndex(protobufMessage(writerDefinition).root)[index];
  if (!type) return columns.map(() => ({ kind: 'null', why: `message index ${index} names no message of the schema: the query fails`, value: null }));
  const message = type.decode(payload) as unknown as Record<string, unknown>;
  return columns.map((c): RegistryOutcome => {
    const field = type.fields[c.name];
    if (!field) return { kind: 'null', why: `${type.name} has no field ${c.name}`, value: null };
    if (!present(type, field, message)) {
      const written = Object.prototype.hasOwnProperty.call(message, field.name) || (isProto3(type) && !field.partOf && !field.repeated && !field.map);
      return written && isProto3(type) && !field.partOf && !(field.resolvedType instanceof protobuf.Type)
        ? { kind: 'null', why: 'a proto3 field at its default (0, "", false, first enum value) is left out: NULL', value: null }
        : { kind: 'ok', value: null };
    }
    const v = message[field.name];
    if (field.repeated || field.map) {
      const items = field.map
        ? Object.entries(v as object).map(([k, value]) => mapEntryText(field as unknown as protobuf.MapField, k, value))
        : (v as unknown[]).map((x) => javaText(field, x));
      return { kind: 'ok', value: `[${items.join(', ')}]` };
    }
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
        if ((field.type === 'uint32' || field.type === 'fixed32') && (v as number) > 0x7fffffff)
          return { kind: 'wrong', why: `${(v as number) >>> 0} reads as ${text} (a signed Java int)`, value: text };
        if ((field.type === 'uint64' || field.type === 'fixed64') && bigintOf(v, true) > 0x7fffffffffffffffn)
          return { kind: 'wrong', why: `${bigintOf(v, true)} reads as ${text} (a signed Java long)`, value: text };
        return { kind: 'ok', value: text };
      }
    }
  });
}

/** A map entry in a Java list: the entry message's text format. */
function mapEntryText(field: protobuf.MapField, key: string, value: unknown): string {
  const k = field.keyType === 'string' ? `"${textEscape(key)}"` : key;
  const v =
    field.resolvedType instanceof protobuf.Type
      ? `value {\n${textFormat(field.resolvedType, value as Record<string, unknown>, '  ')}}\n`
      : `value: ${textScalar(field as unknown as protobuf.Field, field.type, value)}\n`;
  return `key: ${k}\n${v}`;
}
