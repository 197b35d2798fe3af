import type { Faker } from '@faker-js/faker';
import protobuf from 'protobufjs';
import { avroType } from '../../core/tables/avro-schema';
import { messageIndex, protobufMessage } from '../../core/tables/protobuf-schema';
import type { AvroTable, ProtobufTable } from '../../core/tables/schema-folder';
import { encodeVarint, encodeWireFormat } from '../../core/records/glue-wire-format';
import type { RecordGenerator } from './record-generator';
import { hintedValue, valueFor } from './sample-values';

/*
 * Sample Avro and Protobuf records in the Glue Schema Registry wire format
 * (Avro fields from their sample hints where they have one), with values the
 * connector reads back as written: no proto3 field at its default (it would read
 * as NULL), unsigned numbers below 2^31 (larger ones read negative), one member
 * per oneof.
 */

/** The JSON-path type whose sample values suit an Avro or protoc scalar type. */
const SAMPLE_AS: Record<string, string> = {
  boolean: 'BOOLEAN',
  bool: 'BOOLEAN',
  int: 'INT',
  int32: 'INT',
  sint32: 'INT',
  sfixed32: 'INT',
  uint32: 'INT',
  fixed32: 'INT',
  long: 'BIGINT',
  int64: 'BIGINT',
  sint64: 'BIGINT',
  sfixed64: 'BIGINT',
  uint64: 'BIGINT',
  fixed64: 'BIGINT',
  float: 'DOUBLE',
  double: 'DOUBLE',
  string: 'VARCHAR',
};

function scalar(name: string, type: string, faker: Faker, now: Date, nonDefault: boolean): unknown {
  const v = valueFor({ name, type: SAMPLE_AS[type] ?? 'VARCHAR' }, faker, now);
  if (type === 'float') return Math.fround(v as number) || 1.5;
  if (SAMPLE_AS[type] === 'BIGINT' || SAMPLE_AS[type] === 'INT') return nonDefault && v === 0 ? 1 : v;
  if (type === 'double') return nonDefault && v === 0 ? 0.5 : v;
  if (type === 'bool' || type === 'boolean') return nonDefault ? true : v;
  return v === '' ? 'x' : v;
}

const keyOf = (record: Record<string, unknown>, names: string[]) => String(record[names.find((n) => /(^|_)id$/i.test(n)) ?? names[0]]);

export function avroGenerator(table: AvroTable, faker: Faker, schemaVersionId: string): RecordGenerator {
  const type = avroType(table.definition);
  return (now) => {
    const record: Record<string, unknown> = {};
    for (const c of table.columns) {
      const hint = table.samples?.[c.name];
      const v = hint ? hintedValue(hint, c.type, faker) : scalar(c.name, c.declared, faker, now, false);
      record[c.name] = c.declared === 'long' ? BigInt(v as number) : c.declared === 'float' ? Math.fround(v as number) : v;
    }
    return {
      key: keyOf(
        record,
        table.columns.map((c) => c.name),
      ),
      value: encodeWireFormat(schemaVersionId, type.toBuffer(record)),
    };
  };
}

function messageValue(type: protobuf.Type, faker: Faker, now: Date, proto3: boolean, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const oneofsSet = new Set<string>();
  for (const field of type.fieldsArray) {
    if (field.partOf) {
      if (oneofsSet.has(field.partOf.name)) continue;
      oneofsSet.add(field.partOf.name);
    }
    const one = () => fieldValue(field, faker, now, proto3, depth);
    if (field.map) out[field.name] = { [faker.word.noun()]: one() };
    else if (field.repeated) out[field.name] = Array.from({ length: faker.number.int({ min: 1, max: 3 }) }, one);
    else out[field.name] = one();
  }
  return out;
}

function fieldValue(field: protobuf.Field, faker: Faker, now: Date, proto3: boolean, depth: number): unknown {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) return depth >= 2 ? {} : messageValue(resolved, faker, now, proto3, depth + 1);
  if (resolved instanceof protobuf.Enum) {
    const names = Object.entries(resolved.values)
      .filter(([, n]) => !proto3 || n !== 0)
      .map(([name]) => name);
    return faker.helpers.arrayElement(names.length > 0 ? names : Object.keys(resolved.values));
  }
  return scalar(field.name, field.type, faker, now, proto3);
}

export function protobufGenerator(table: ProtobufTable, faker: Faker, schemaVersionId: string): RecordGenerator {
  const message = protobufMessage(table.definition);
  const index = encodeVarint(messageIndex(message));
  const proto3 = /^\s*syntax\s*=\s*["']proto3["']/m.test(table.definition);
  return (now) => {
    const value = messageValue(message, faker, now, proto3, 0);
    const payload = message.encode(message.fromObject(value)).finish();
    return {
      key: keyOf(
        value,
        message.fieldsArray.map((f) => f.name),
      ),
      value: encodeWireFormat(schemaVersionId, Buffer.concat([index, payload])),
    };
  };
}
