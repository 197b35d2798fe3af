import protobuf from 'protobufjs';
import { encodeVarint } from '../../core/records/glue-wire-format';
import { closestMatch } from '../../core/suggest';
import { avroType } from '../../core/tables/avro-schema';
import { messageIndex, protobufMessage } from '../../core/tables/protobuf-schema';
import type { AvroTable, ProtobufTable } from '../../core/tables/schema-folder';
import type { FieldFinding } from './document-lines';
import { describeJson, isJsonObject, isNumber, type JsonObject } from './json-line';

/*
 * Avro and Protobuf records given as JSON objects, one per line, turned into
 * the bytes the table's schema writes (the Glue wire-format header is added at
 * send time, with the version id the registry gives the definition). Values are
 * taken strictly: a number for a number field, text for a string field; what
 * the schema would have to convert or drop is refused, naming the field.
 */

/** Encodes one JSON record, or says what in it does not fit the schema. */
export type RegistryEncoder = (record: JsonObject) => { payload: Buffer } | { findings: FieldFinding[] };

const INT32 = [-(2n ** 31n), 2n ** 31n - 1n] as const;
const INT64 = [-(2n ** 63n), 2n ** 63n - 1n] as const;
const UINT32 = [0n, 2n ** 32n - 1n] as const;
const UINT64 = [0n, 2n ** 64n - 1n] as const;
const FLOAT_MAX = 3.4028234663852886e38;

/** A whole number within [min, max], or what is wrong with `v` for a field of `type`. */
function wholeNumber(v: unknown, type: string, [min, max]: readonly [bigint, bigint]): bigint | string {
  if (!isNumber(v) || !/^-?\d+$/.test(v.value)) return `${describeJson(v)} is not a whole number, which ${type} needs`;
  const n = BigInt(v.value);
  return n < min || n > max ? `${v.value} is outside ${type} (${min} to ${max})` : n;
}

function number(v: unknown, type: string): number | string {
  if (!isNumber(v)) return `${describeJson(v)} is not a number, which ${type} needs`;
  const d = Number(v.value);
  return type === 'float' && Math.abs(d) > FLOAT_MAX ? `${v.value} is beyond a float's range (use double)` : d;
}

const unknownKey = (key: string, prefix: string, known: string[], where: string, file: string): FieldFinding => {
  const near = closestMatch(key, known);
  return {
    at: `key "${prefix}${key}"`,
    problem: `is not a field of ${where}`,
    fix: near ? `did you mean "${near}"?` : `remove it, or add the field to ${file} (fields: ${known.join(', ')})`,
  };
};

const AVRO_FIX: Record<string, string> = {
  string: 'write it in double quotes',
  boolean: 'write true or false',
  int: `write a whole number from ${INT32[0]} to ${INT32[1]}`,
  long: `write a whole number from ${INT64[0]} to ${INT64[1]}`,
  float: 'write a number',
  double: 'write a number',
};

/** The value avsc writes for a JSON value of a field of one of the readable types, or what is wrong with it. */
function avroValue(type: string, v: unknown): { value: unknown } | string {
  const taken = (value: unknown) => (typeof value === 'string' ? value : { value });
  switch (type) {
    case 'string':
      return typeof v === 'string' ? { value: v } : `${describeJson(v)} is not text, which string needs`;
    case 'boolean':
      return typeof v === 'boolean' ? { value: v } : `${describeJson(v)} is not true or false, which boolean needs`;
    case 'int': {
      const n = wholeNumber(v, 'int', INT32);
      return typeof n === 'bigint' ? { value: Number(n) } : n;
    }
    case 'long':
      return taken(wholeNumber(v, 'long', INT64));
    case 'float': {
      const d = number(v, 'float');
      return typeof d === 'number' ? { value: Math.fround(d) } : d;
    }
    case 'double':
      return taken(number(v, 'double'));
    default:
      return `the field's type ${JSON.stringify(type)} cannot be given as JSON here`;
  }
}

type AvroField = { name: string; type: unknown; default?: unknown };

/** Avro: every field of the record (the connector reads boolean, int, long, float, double and string ones). */
export function avroEncoder(table: AvroTable): RegistryEncoder {
  const type = avroType(table.definition);
  const fields = (JSON.parse(table.definition) as { fields: AvroField[] }).fields;
  const names = fields.map((f) => f.name);
  return (record) => {
    const findings: FieldFinding[] = Object.keys(record)
      .filter((k) => !names.includes(k))
      .map((k) => unknownKey(k, '', names, `record ${table.table}`, table.file));
    const out: Record<string, unknown> = {};
    for (const f of fields) {
      const fieldType = String(f.type);
      const at = `key "${f.name}" (${fieldType})`;
      const has = Object.prototype.hasOwnProperty.call(record, f.name);
      if (!has && f.default !== undefined) {
        out[f.name] = fieldType === 'long' ? BigInt(f.default as number) : f.default;
        continue;
      }
      if (!has || record[f.name] === null) {
        findings.push({
          at,
          problem: has ? 'is null, and an Avro field of one plain type cannot be' : 'is missing, and the field has no default',
          fix:
            `give every record a value of type ${fieldType} for it, or give the field a "default" in ${table.file} ` +
            '(the connector cannot read nullable Avro fields)',
        });
        continue;
      }
      const taken = avroValue(fieldType, record[f.name]);
      if (typeof taken === 'string') findings.push({ at, problem: taken, fix: AVRO_FIX[fieldType] ?? `change the field in ${table.file}` });
      else out[f.name] = taken.value;
    }
    if (findings.length > 0) return { findings };
    return { payload: type.toBuffer(out) };
  };
}

const INTS: Record<string, readonly [bigint, bigint]> = {
  int32: INT32,
  sint32: INT32,
  sfixed32: INT32,
  uint32: UINT32,
  fixed32: UINT32,
  int64: INT64,
  sint64: INT64,
  sfixed64: INT64,
  uint64: UINT64,
  fixed64: UINT64,
};
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * One value of a Protobuf field (or an element of a repeated field, a map's value), as protobufjs's
 * fromObject takes it; `path` names it in the record: `place.site`, `values[1]`, `tags["a"]`.
 */
function protoValue(field: protobuf.Field, v: unknown, path: string, file: string, findings: FieldFinding[]): unknown {
  const resolved = field.resolvedType;
  const refuse = (problem: string, fix: string) => void findings.push({ at: `key "${path}" (${field.type})`, problem, fix });
  if (resolved instanceof protobuf.Type) {
    if (!isJsonObject(v)) return refuse(`${describeJson(v)} is not an object, which message ${resolved.name} needs`, 'write it as a JSON object of its fields');
    return protoMessage(resolved, v, `${path}.`, file, findings);
  }
  if (resolved instanceof protobuf.Enum) {
    const names = Object.keys(resolved.values);
    if (typeof v === 'string' && names.includes(v)) return v;
    if (isNumber(v) && Object.values(resolved.values).includes(Number(v.value))) return Number(v.value);
    return refuse(`${describeJson(v)} is not a value of enum ${resolved.name}`, `write one of ${names.join(', ')}`);
  }
  const range = INTS[field.type];
  if (range) {
    const n = wholeNumber(v, field.type, range);
    if (typeof n === 'string') return refuse(n, `write a whole number from ${range[0]} to ${range[1]}`);
    return range === INT64 || range === UINT64 ? n.toString() : Number(n);
  }
  switch (field.type) {
    case 'double':
    case 'float': {
      const d = number(v, field.type);
      return typeof d === 'string' ? refuse(d, 'write a number') : d;
    }
    case 'bool':
      return typeof v === 'boolean' ? v : refuse(`${describeJson(v)} is not true or false`, 'write true or false');
    case 'string':
      return typeof v === 'string' ? v : refuse(`${describeJson(v)} is not text`, 'write it in double quotes');
    case 'bytes':
      return typeof v === 'string' && BASE64.test(v) ? v : refuse(`${describeJson(v)} is not base64 text`, 'write the bytes base64-encoded, in double quotes');
    default:
      return refuse(`the type ${field.type} cannot be given as JSON here`, `change the field in ${file}`);
  }
}

function protoMessage(type: protobuf.Type, record: JsonObject, prefix: string, file: string, findings: FieldFinding[]): JsonObject {
  const names = type.fieldsArray.map((f) => f.name);
  findings.push(
    ...Object.keys(record)
      .filter((k) => !names.includes(k))
      .map((k) => unknownKey(k, prefix, names, `message ${type.name}`, file)),
  );
  for (const oneof of type.oneofsArray) {
    const set = oneof.fieldsArray.filter((f) => record[f.name] !== undefined && record[f.name] !== null).map((f) => `"${prefix}${f.name}"`);
    if (set.length > 1) {
      findings.push({ at: `keys ${set.join(' and ')}`, problem: `are members of oneof ${oneof.name}: only one can be set`, fix: 'keep one of them' });
    }
  }
  const out: JsonObject = {};
  for (const field of type.fieldsArray) {
    const path = `${prefix}${field.name}`;
    const at = `key "${path}"`;
    const v = record[field.name];
    // An absent field, or null (as in Protobuf's own JSON mapping), is not set: Athena reads NULL, as written.
    if (v === undefined || v === null) {
      if (field.required) {
        findings.push({ at: `${at} (${field.type})`, problem: 'is missing, and the field is required', fix: 'give every record a value for it' });
      }
      continue;
    }
    if (field.map) {
      if (!isJsonObject(v)) {
        findings.push({ at: `${at} (map)`, problem: `${describeJson(v)} is not an object, which a map field needs`, fix: 'write it as a JSON object' });
        continue;
      }
      out[field.name] = Object.fromEntries(Object.entries(v).map(([k, item]) => [k, protoValue(field, item, `${path}[${JSON.stringify(k)}]`, file, findings)]));
    } else if (field.repeated) {
      if (!Array.isArray(v)) {
        findings.push({ at: `${at} (repeated ${field.type})`, problem: `${describeJson(v)} is not an array`, fix: 'write it as a JSON array' });
        continue;
      }
      out[field.name] = v.map((item, i) => protoValue(field, item, `${path}[${i}]`, file, findings));
    } else {
      out[field.name] = protoValue(field, v, path, file, findings);
    }
  }
  return out;
}

/** Protobuf: the table's message (the file's first), with its Glue message index in front. */
export function protobufEncoder(table: ProtobufTable): RegistryEncoder {
  const message = protobufMessage(table.definition);
  const index = encodeVarint(messageIndex(message));
  return (record) => {
    const findings: FieldFinding[] = [];
    const value = protoMessage(message, record, '', table.file, findings);
    if (findings.length > 0) return { findings };
    return { payload: Buffer.concat([index, message.encode(message.fromObject(value)).finish()]) };
  };
}
