import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkSchemaFolder } from '../../../core/tables/schema-folder';
import { formatProblem } from '../../../core/problems';

/** Checks one file as schemas/db/<name> would hold it: its problems and warnings as printed lines. */
function check(name: string, text: string) {
  const dir = mkdtempSync(join(tmpdir(), 'formats-'));
  mkdirSync(join(dir, 'db'));
  writeFileSync(join(dir, 'db', name), text);
  const report = checkSchemaFolder(dir, dir);
  return { problems: report.problems.map(formatProblem), warnings: report.warnings.map(formatProblem), tables: report.registries.flatMap((r) => r.tables) };
}

const avro = (fields: unknown[], extra: object = {}) => JSON.stringify({ type: 'record', name: 'R', fields, ...extra });

describe('Avro tables (.avsc)', () => {
  it('reads a plain record as columns typed as the connector maps them; the file name is the topic', () => {
    const { problems, warnings, tables } = check(
      'events.avsc',
      avro([
        { name: 'id', type: 'string' },
        { name: 'n', type: 'int' },
        { name: 'big', type: 'long' },
        { name: 'f', type: 'float' },
        { name: 'd', type: 'double' },
        { name: 'ok', type: 'boolean' },
      ]),
    );
    expect({ problems, warnings }).toEqual({ problems: [], warnings: [] });
    expect(tables[0]).toMatchObject({ format: 'avro', table: 'events', topic: 'events' });
    expect(tables[0].columns.map((c) => `${c.name}:${c.type}`)).toEqual(['id:varchar', 'n:integer', 'big:bigint', 'f:real', 'd:double', 'ok:boolean']);
  });

  it.each([
    [
      'a nullable union',
      { name: 'email', type: ['null', 'string'] },
      'db/t.avsc: fields[0] (email).type: is the union ["null","string"]: the connector reads each field\'s type as one plain type name, and a union makes every query of the table fail; give the field one plain type',
    ],
    [
      'a logical type',
      { name: 'ts', type: { type: 'long', logicalType: 'timestamp-millis' } },
      'db/t.avsc: fields[0] (ts).type: is the logical type {"type":"long","logicalType":"timestamp-millis"}',
    ],
    [
      'a nested record',
      { name: 'r', type: { type: 'record', name: 'In', fields: [{ name: 'x', type: 'int' }] } },
      'db/t.avsc: fields[0] (r).type: is a nested record',
    ],
    ['an enum', { name: 'e', type: { type: 'enum', name: 'E', symbols: ['A'] } }, 'db/t.avsc: fields[0] (e).type: is a nested enum'],
    ['an array', { name: 'a', type: { type: 'array', items: 'int' } }, 'db/t.avsc: fields[0] (a).type: is a nested array'],
    ['a map', { name: 'm', type: { type: 'map', values: 'int' } }, 'db/t.avsc: fields[0] (m).type: is a nested map'],
    ['fixed', { name: 'x', type: { type: 'fixed', name: 'F', size: 4 } }, 'db/t.avsc: fields[0] (x).type: is a nested fixed'],
    [
      'a primitive written as an object',
      { name: 's', type: { type: 'string' } },
      'db/t.avsc: fields[0] (s).type: writes the type as an object ({"type":"string"}): the connector reads each field\'s type as one plain type name, and an object makes every query of the table fail; write "type": "string"',
    ],
    ['bytes', { name: 'b', type: 'bytes' }, 'db/t.avsc: fields[0] (b).type: "bytes" reaches its VARCHAR column as the text of a Java ByteBuffer'],
  ])('refuses %s with the file, the field and the fix', (_what, field, line) => {
    const { problems, tables } = check('t.avsc', avro([{ name: 'id', type: 'string' }, field].slice(1)));
    expect(tables).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0].startsWith(line)).toBe(true);
  });

  it('refuses what Avro itself refuses, a schema that is not a record, and JSON that does not parse', () => {
    expect(check('t.avsc', avro([{ name: 'x', type: 'nope' }])).problems).toEqual([
      'db/t.avsc: fields[0] (x).type: "nope" is not an Avro type, nor a type defined earlier in the schema (Avro read it as the name nope); ' +
        'use boolean, int, long, float, double or string',
    ]);
    expect(check('t.avsc', '"string"').problems[0]).toMatch(/^db\/t\.avsc: type: the schema is "string", not a record/);
    expect(check('t.avsc', '{"type": "record",').problems[0]).toMatch(/^db\/t\.avsc: is not valid JSON.*; fix the syntax$/);
  });

  it('warns about what the connector ignores', () => {
    const { problems, warnings } = check('t.avsc', avro([{ name: 'ts', type: 'long', logicalType: 'timestamp-millis', formatHint: 'yyyy' }]));
    expect(problems).toEqual([]);
    expect(warnings).toEqual([
      'db/t.avsc: fields[0] (ts).formatHint: is ignored: an Avro column takes its type from the Avro type; remove it; dates and times are int or long numbers in Avro, converted in SQL',
      'db/t.avsc: fields[0] (ts).logicalType: "timestamp-millis" on the field is ignored by Avro and the connector; the column is BIGINT; remove it, and convert in SQL (e.g. from_unixtime(col / 1000e0))',
    ]);
  });

  it('takes the topic name as it is, since the file name is the topic, the schema and the table', () => {
    const { problems, warnings, tables } = check('Order-Events.v1.avsc', avro([{ name: 'id', type: 'string' }]));
    expect(problems).toEqual([]);
    expect(tables[0]).toMatchObject({ table: 'Order-Events.v1', topic: 'Order-Events.v1' });
    expect(warnings).toEqual([
      'db/Order-Events.v1.avsc: the table "Order-Events.v1" is named after its topic; Athena lower-cases it, and the connector then finds the schema by a slower case-insensitive search; quote it in SQL: "order-events.v1"',
    ]);
    expect(check('orders v1.avsc', avro([{ name: 'id', type: 'string' }])).problems).toEqual([
      'db/orders v1.avsc: "orders v1" is not a Kafka topic name, and for Avro and Protobuf the file name is the topic; name the file after the topic: 1-249 of a-z, A-Z, 0-9, ".", "_" and "-"',
    ]);
  });
});

describe('Protobuf tables (.proto)', () => {
  it("reads the first message's fields as columns; exact types typed, the rest VARCHAR with a warning", () => {
    const { problems, warnings, tables } = check(
      'readings.proto',
      `syntax = "proto2";
message Reading {
  optional string id = 1;
  optional int32 n = 2;
  optional int64 big = 3;
  optional float f = 4;
  optional double d = 5;
  optional bool ok = 6;
  optional sint32 s = 7;
}`,
    );
    expect(problems).toEqual([]);
    expect(tables[0]).toMatchObject({ format: 'protobuf', table: 'readings', topic: 'readings', messageName: 'Reading' });
    expect(tables[0].columns.map((c) => `${c.name}:${c.type}`)).toEqual([
      'id:varchar',
      'n:integer',
      'big:bigint',
      'f:real',
      'd:double',
      'ok:boolean',
      's:varchar',
    ]);
    expect(warnings).toEqual(['db/readings.proto: Reading.s: sint32 reads as VARCHAR, the number as text; use int32 for a numeric column, or cast in SQL']);
  });

  it('refuses a definition that does not compile, with the line and column', () => {
    expect(check('t.proto', 'syntax = "proto3";\nmessage A {\n  int32 x = 1;\n  foo bar baz;\n}').problems).toEqual([
      "db/t.proto: line 4, column 11: does not compile: illegal token 'baz', '=' expected; fix the definition (protoc reports the same place)",
    ]);
    expect(check('t.proto', 'syntax = "proto3";\nmessage A {\n  int32 x = 1;\n  Missing m = 2;\n}').problems).toEqual([
      "db/t.proto: line 4, column 3: does not compile: no such Type or Enum 'Missing' in Type .A; fix the definition (protoc reports the same place)",
    ]);
  });

  it.each([
    [
      'an import',
      'syntax = "proto3";\nimport "google/protobuf/timestamp.proto";\nmessage A { string x = 1; }',
      'db/t.proto: line 2: imports "google/protobuf/timestamp.proto"',
    ],
    [
      'proto3 optional',
      'syntax = "proto3";\nmessage A { optional string x = 1; }',
      "db/t.proto: A.x: uses proto3 'optional', which the connector's protoc 3.11.4 refuses",
    ],
    ['bytes', 'syntax = "proto2";\nmessage A { optional bytes x = 1; }', 'db/t.proto: A.x: bytes reach their VARCHAR column as the text of a Java ByteString'],
    ['editions', 'edition = "2023";\nmessage A { string x = 1; }', 'db/t.proto: line 1: editions are not understood by the connector'],
    ['no message', 'syntax = "proto3";\nenum E { A = 0; }', 'db/t.proto: declares no message'],
    ['field number 0', 'syntax = "proto2";\nmessage A { optional string x = 0; }', 'db/t.proto: line 2: A.x: field number 0 is not allowed'],
  ])('refuses %s', (_what, text, line) => {
    const { problems, tables } = check('t.proto', text);
    expect(tables).toEqual([]);
    expect(problems.some((p) => p.startsWith(line))).toBe(true);
  });

  it('warns once per file that proto3 defaults read as NULL, and names degraded fields', () => {
    const { problems, warnings } = check(
      't.proto',
      'syntax = "proto3";\nmessage A {\n  string id = 1;\n  uint32 u = 2;\n  repeated string tags = 3;\n}\nmessage B { int32 x = 1; }',
    );
    expect(problems).toEqual([]);
    expect(warnings).toEqual([
      "db/t.proto: message B: only the first message, A, becomes the table's columns; write records as A, or move the record's message first",
      'db/t.proto: A.u: uint32 reads as VARCHAR text of a SIGNED Java number: values above 2147483647 read negative; use int64 if the values can be that large',
      'db/t.proto: A.tags: a repeated field reads as VARCHAR, Java\'s text of a list (e.g. "[a, b]"); query it as text, or carry it as a JSON string',
      'db/t.proto: A: proto3 leaves a field out of the record when it holds its default (0, "", false, the first enum value), so those values read as NULL in id, u; accept NULL for the defaults, or write the file as syntax = "proto2" with optional fields (unset ones read as NULL, zero as 0)',
    ]);
  });

  it('refuses two files for one table', () => {
    const dir = mkdtempSync(join(tmpdir(), 'formats-'));
    mkdirSync(join(dir, 'db'));
    writeFileSync(join(dir, 'db', 'orders.avsc'), avro([{ name: 'id', type: 'string' }]));
    writeFileSync(join(dir, 'db', 'orders.proto'), 'syntax = "proto2";\nmessage O { optional string id = 1; }');
    expect(checkSchemaFolder(dir, dir).problems.map(formatProblem)).toEqual([
      'db/orders.proto: defines table "orders" again (orders.avsc does too): one Glue schema per table; keep one of the two files',
    ]);
  });
});
