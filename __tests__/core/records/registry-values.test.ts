import { RegistryRecordChecker } from '../../../core/records/registry-record-check';
import { javaUtf8 } from '../../../core/records/java-utf8';
import { checkAvroSchema } from '../../../core/tables/avro-schema';
import { checkProtobufSchema, messagesByIndex, protobufMessage } from '../../../core/tables/protobuf-schema';
import type { AvroTable, ProtobufTable } from '../../../core/tables/schema-folder';
import { AVRO, AVRO_RECORDS, PROTO2, PROTO2_RECORDS, PROTO3, PROTO3_RECORDS, PROTO3_WIRE_RECORDS } from '../../fixtures/jvm/registry-values/edge-cases';

/*
 * Edge records whose values Java's libraries decide, with what
 * RegistryValuesOracle.java (Apache Avro 1.12.1, protobuf-java 3.25.5 through
 * schema-registry-serde 1.1.27) printed for them; the integration suite puts
 * thousands of random records to the same libraries.
 */

function table(format: 'avro' | 'protobuf', definition: string): AvroTable | ProtobufTable {
  const check = format === 'avro' ? checkAvroSchema('rec.avsc', definition) : checkProtobufSchema('rec.proto', definition);
  expect(check.problems).toEqual([]);
  const base = { registry: 'edge', table: 'rec', topic: 'rec', file: 'schemas/edge/rec', definition, columns: check.columns };
  return format === 'avro' ? { ...base, format } : { ...base, format, messageName: protobufMessage(definition).fullName.replace(/^\./, '') };
}

/** The non-NULL values verify predicts for each record (as the oracle prints them), or the error for a record the query cannot read. */
function rows(t: AvroTable | ProtobufTable, records: [string, string][]): Record<string, string>[] {
  const checker = new RegistryRecordChecker('edge.rec', t, Infinity);
  const version = { registry: 'edge', schema: 'rec', dataFormat: t.format === 'avro' ? 'AVRO' : 'PROTOBUF', definition: t.definition };
  records.forEach(([, hex], i) => checker.add(Buffer.from(hex, 'hex'), 0, version, String(i)));
  return checker.rows!.map((r) =>
    r.unreadable ? { error: 'unreadable' } : Object.fromEntries(Object.entries(r.values).filter((e): e is [string, string] => e[1] !== null)),
  );
}

describe('Protobuf values as protobuf-java reads them', () => {
  it('counts map entry messages in the message index, as the serde does', () => {
    expect(messagesByIndex(protobufMessage(PROTO3).root).map((m) => m.fullName)).toEqual(['.edge.Aux', '.edge.Aux.MEntry', '.edge.Rec', '.edge.Rec.MsEntry']);
  });

  it('proto3: -0.0 and NaN kept, unknown enum numbers named, maps as entry messages, malformed strings refused', () => {
    expect(rows(table('protobuf', PROTO3), PROTO3_RECORDS)).toEqual([
      { d: '-0.0', f: '-0.0' },
      { d: 'NaN' },
      { e: 'UNKNOWN_ENUM_VALUE_E_7', re: '[ONE, UNKNOWN_ENUM_VALUE_E_7, Z]' },
      { u: '-1' },
      { aux: 'm {\n  key: ""\n  value: 5\n}\nm {\n  key: "a"\n  value: 0\n}\nm {\n  key: "b"\n  value: 1\n}\nd: -0.0\n' },
      { ms: '[key: 3\nvalue: "x"\n, key: 0\nvalue: ""\n, key: 3\nvalue: "y"\n]' },
      { error: 'unreadable' },
    ]);
  });

  it('proto2: closed enums drop unknown numbers, text format prints unknown fields last, strings decoded as Java does, map strings checked', () => {
    expect(rows(table('protobuf', PROTO2), PROTO2_RECORDS)).toEqual([
      { re: '[ONE]' },
      { inner: 't: "\\a\\b\\v\\"\\\'\\303\\251"\n1: 18446744073709551609\n' },
      { s: '\ufffdA\ufffd' },
      { inner: 't: "t"\n900: 18446744073709551614\n901: 0x7fc00000\n902: 0x3ff0000000000000\n903: {\n  1: 18446744073709551615\n}\n903: {\n  13: 105\n}\n' },
      { error: 'unreadable' },
    ]);
  });

  it('reads padded varints (fields, unknown fields, tags, lengths, message index) and deep nesting as CodedInputStream does', () => {
    const inward = Array.from({ length: 100 }, (_, i) => '  '.repeat(i + 1));
    const outward = [...inward].reverse();
    const opened = inward.map((d) => `${d}1 {\n`).join('');
    const closed = outward.map((d) => `${d}}\n`).join('');
    expect(rows(table('protobuf', PROTO3), PROTO3_WIRE_RECORDS)).toEqual([
      { u: '-9223372036854775808' },
      { z: '-9223372036854775808' },
      { b: 'true' },
      { u: '5' },
      { s: 'hi' },
      { error: 'unreadable' },
      { error: 'unreadable' },
      { aux: '50: 9223372036854775808\n' },
      { aux: '51: {\n  1: 7\n  2: "A"\n}\n' },
      { aux: `51: {\n${opened}${closed}}\n` },
      { aux: `51: "${'\\v'.repeat(101)}${'\\f'.repeat(101)}"\n` },
      {},
      { error: 'unreadable' },
      { error: 'unreadable' },
      { u: '5' },
      { error: 'unreadable' },
    ]);
  });

  it('says why an enum field the record holds reads NULL', () => {
    const checker = new RegistryRecordChecker('edge.rec', table('protobuf', PROTO2));
    checker.add(Buffer.from(PROTO2_RECORDS[0][1], 'hex'), 0, { registry: 'edge', schema: 'rec', dataFormat: 'PROTOBUF', definition: PROTO2 }, '0');
    expect(checker.report.fields.find((f) => f.field === 'e')).toMatchObject({ nulls: 1 });
  });
});

describe('Avro values as GenericDatumReader reads them', () => {
  it('decodes malformed UTF-8 as Java does, longs at the limits exact', () => {
    expect(rows(table('avro', AVRO), AVRO_RECORDS)).toEqual([
      { s: '\ufffdA\ufffdB\ufffd', l: '-9223372036854775808' },
      { s: '\u{1f600}\u00e9\ufffd', l: '9223372036854775807' },
    ]);
  });
});

describe("Java's UTF-8 decoding (new String(bytes, UTF_8))", () => {
  it.each([
    ['an encoded surrogate is one replacement', [0xed, 0xa0, 0x80], '\ufffd'],
    ['a cut-off surrogate before a letter is one', [0xed, 0xa0, 0x41], '\ufffdA'],
    ['an overlong form is one per byte', [0xc0, 0x80], '\ufffd\ufffd'],
    ['an overlong three-byte form', [0xe0, 0x80, 0xaf], '\ufffd\ufffd\ufffd'],
    ['above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], '\ufffd\ufffd\ufffd\ufffd'],
    ['a sequence cut off by the end is one', [0x41, 0xf0, 0x9f, 0x98], 'A\ufffd'],
    ['a lead byte never used', [0xff, 0x41], '\ufffdA'],
    ['well-formed text unchanged', [...Buffer.from('h\u00e9\u{1f600}', 'utf8')], 'h\u00e9\u{1f600}'],
  ])('%s', (_name, input, expected) => {
    expect(javaUtf8(Uint8Array.from(input))).toBe(expected);
  });
});
