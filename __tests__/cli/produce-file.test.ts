import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { inputLines, readInput } from '../../cli/produce/input-lines';
import { parseJsonLine } from '../../cli/produce/json-line';
import { lineFormat, prepareRecords, type KeyChoice } from '../../cli/produce/prepare';
import { formatProblem } from '../../core/problems';
import { avroType } from '../../core/tables/avro-schema';
import { messageIndex, protobufMessage } from '../../core/tables/protobuf-schema';
import { readSchemaFolder, type TableDefinition } from '../../core/tables/schema-folder';
import { UsageError } from '../../cli/lib/command';
import { FIXTURE, ROOT } from '../helpers/synth';

/*
 * produce --file's reading and checking of lines, without Kafka: what each line
 * becomes, and for a bad one the file, line, what and the fix. The broker side
 * is in __tests__/integration/produce-file.test.ts.
 */

const all = readSchemaFolder(join(FIXTURE, 'schemas'), ROOT).flatMap((r) => [...r.tables]);
const ofFormat = (format: TableDefinition['format']) => all.find((t) => t.format === format)!;

function prepare(table: TableDefinition | undefined, lines: string[], key?: KeyChoice, format?: string) {
  const input = inputLines(lines.join('\n'));
  const tables = table ? [table] : [];
  const topic = table?.topic ?? 'loose';
  const p = prepareRecords('in.jsonl', input, lineFormat(topic, tables, format, input), tables, key);
  return { ...p, messages: p.problems.map(formatProblem) };
}

describe('reading the input', () => {
  it('numbers lines as the file does, skipping blank ones, without a BOM or CR', () => {
    expect(inputLines('\uFEFFa,1\r\n\r\n  \nb,2\n')).toEqual([
      { number: 1, text: 'a,1' },
      { number: 4, text: 'b,2' },
    ]);
  });

  it('reads standard input for -, and refuses a terminal', async () => {
    const stdin = new PassThrough();
    stdin.end('x\ny\n');
    await expect(readInput('-', stdin)).resolves.toBe('x\ny\n');
    await expect(readInput('-', Object.assign(new PassThrough(), { isTTY: true }))).rejects.toThrow(
      /standard input, which is a terminal here; pipe or redirect/,
    );
    await expect(readInput('/no/such/file.jsonl', stdin)).rejects.toThrow('cannot read --file /no/such/file.jsonl: no such file');
  });

  it('takes one JSON object per line, exactly', () => {
    expect(parseJsonLine('{"a":1,"a":"two"}')).toEqual({ object: { a: 'two' } });
    expect(parseJsonLine('{"a":1}{"b":2}')).toEqual({
      problem: "is not one JSON value: Expected end of input but got '{' at column 8",
      fix: 'put each record on a line of its own',
    });
    expect(parseJsonLine('"text"')).toMatchObject({ problem: 'is the text "text", not a JSON object: the connector reads every column of it as NULL' });
    expect(parseJsonLine("{'a':1}")).toMatchObject({ problem: "is not one JSON value: Quoted object key expected but got ''' at column 2" });
  });
});

describe('the format of the lines', () => {
  it("is the table's when one reads the topic, and --format may not contradict it", () => {
    const csv = ofFormat('csv');
    expect(lineFormat(csv.topic, [csv], undefined, [{ number: 1, text: '{"a":1}' }])).toBe('csv');
    expect(() => lineFormat(csv.topic, [csv], 'json', [])).toThrow(UsageError);
    expect(() => lineFormat(csv.topic, [csv], 'json', [])).toThrow(
      `--format json: ${csv.file} reads topic ${csv.topic} as csv; leave --format out (the table decides)`,
    );
  });

  it('is JSON without a table when the first line opens an object, else CSV, unless --format says', () => {
    expect(lineFormat('t', [], undefined, [{ number: 1, text: '  {"a":1}' }])).toBe('json');
    expect(lineFormat('t', [], undefined, [{ number: 1, text: 'a,b' }])).toBe('csv');
    expect(lineFormat('t', [], 'csv', [{ number: 1, text: '{"a":1}' }])).toBe('csv');
    expect(() => lineFormat('t', [], 'xml', [])).toThrow('--format is json or csv, got "xml"');
  });
});

describe('JSON lines against a JSON table', () => {
  const json = ofFormat('json');
  const fields = json.format === 'json' ? json.document.message.fields : [];
  const text = fields.find((f) => f.type === 'VARCHAR')!;
  const whole = fields.find((f) => /^(INT|INTEGER|BIGINT)$/.test(f.type));

  it('keeps lines as they are; absent keys and JSON nulls that read NULL are as written', () => {
    const lines = [`{"${text.mapping}":"x"}`, '{}', `{  "${text.mapping}" : "y" , "extra": {"n": 1}}`, ...(whole ? [`{"${whole.mapping}":null}`] : [])];
    const p = prepare(json, lines);
    expect(p.messages).toEqual([]);
    expect(p.records).toEqual(lines.map((value, i) => ({ line: i + 1, key: null, value })));
    expect(prepare(json, [lines[0], lines[2]], { field: text.mapping }).records.map((r) => r.key)).toEqual(['x', 'y']);
    expect(prepare(json, [lines[0], lines[2]], { fixed: 'k' }).records.map((r) => r.key)).toEqual(['k', 'k']);
  });

  it('refuses a record without the --key-field key, and one whose key is an object', () => {
    const p = prepare(json, [`{"${text.mapping}":"x"}`, '{}', `{"${text.mapping}":{"a":1}}`], { field: text.mapping });
    expect(p.records).toEqual([]);
    expect(p.messages).toContain(
      `in.jsonl: line 2, key "${text.mapping}": is missing, and --key-field takes the record key from it; give every record a key there, or leave --key-field out`,
    );
    expect(p.messages).toContain(
      `in.jsonl: line 3, key "${text.mapping}": is an object, and a record key is text, a number or a boolean; give every record a key there, or leave --key-field out`,
    );
  });

  it('refuses what Athena would not show as written, naming the key, the type and the fix', () => {
    const lines = [`{"${text.mapping}":null}`, `{"${text.mapping}":[1,2]}`, ...(whole ? [`{"${whole.mapping}":"12x"}`] : [])];
    const p = prepare(json, lines);
    expect(p.records).toEqual([]);
    expect(p.messages[0]).toBe(
      `in.jsonl: line 1, key "${text.mapping}" (VARCHAR): JSON null reads as the text "null"; leave the key out for NULL (a JSON null is read as text here)`,
    );
    expect(p.messages[1]).toBe(
      `in.jsonl: line 2, key "${text.mapping}" (VARCHAR): a nested array reads as ""; write it as a JSON string (JSON.stringify of the value)`,
    );
    if (whole)
      expect(p.messages[2]).toMatch(
        new RegExp(
          `^in\\.jsonl: line 3, key "${whole.mapping}" \\(${whole.type}\\): "12x" is not a whole number .*, so Athena shows NULL; write a whole number from `,
        ),
      );
  });

  it('gives an empty file its own problem', () => {
    expect(prepare(json, ['', '   ']).messages).toEqual(['in.jsonl: holds no records (no line with any text); give one JSON object or CSV record per line']);
  });
});

describe('CSV lines', () => {
  const csv = ofFormat('csv');
  const fields = csv.format === 'csv' ? csv.document.message.fields : [];

  it('take --key-field as a column name of the table or an index', () => {
    const first = fields.find((f) => f.type === 'VARCHAR')!;
    const byName = prepare(csv, ['', ''], { field: first.name });
    expect(byName.messages).toEqual(['in.jsonl: holds no records (no line with any text); give one JSON object or CSV record per line']);
    expect(() => prepare(csv, ['a'], { field: 'no_such_column' })).toThrow(
      `--key-field no_such_column: ${csv.file} has no column no_such_column; give one of ${fields.map((f) => f.name).join(', ')}, or a 0-based column index`,
    );
    expect(() => prepare(undefined, ['a,b'], { field: 'name' }, 'csv')).toThrow(
      '--key-field name: CSV lines of a topic no table reads have no column names; give a 0-based column index',
    );
    expect(prepare(undefined, ['a,b', 'c,d'], { field: '1' }, 'csv').records.map((r) => r.key)).toEqual(['b', 'd']);
  });

  it('refuse a value that does not parse as its column, hinting at a header row on line 1', () => {
    const typed = fields.find((f) => f.type !== 'VARCHAR')!;
    const line = fields.map((f) => f.name).join(',');
    const p = prepare(csv, [line]);
    expect(p.records).toEqual([]);
    expect(p.messages.find((m) => m.includes(`column ${typed.mapping} (${typed.name}, ${typed.type})`))).toBeDefined();
    expect(p.messages[0]).toMatch(/; if line 1 is a header row, remove it: every line is written as a record$/);
  });

  it('of a topic without a table are written as they are', () => {
    expect(prepare(undefined, ['a, b ,"c', 'x'], undefined, 'csv').records).toEqual([
      { line: 1, key: null, value: 'a, b ,"c' },
      { line: 2, key: null, value: 'x' },
    ]);
  });
});

describe('Avro records given as JSON', () => {
  const table: TableDefinition = {
    registry: 'team',
    table: 'parcels',
    file: 'schemas/team/parcels.avsc',
    topic: 'parcels',
    format: 'avro',
    columns: [],
    definition: JSON.stringify({
      type: 'record',
      name: 'Parcel',
      fields: [
        { name: 'id', type: 'string' },
        { name: 'grams', type: 'int' },
        { name: 'at_ms', type: 'long' },
        { name: 'ok', type: 'boolean' },
        { name: 'vol', type: 'float' },
        { name: 'note', type: 'string', default: '-' },
      ],
    }),
  };

  it('are encoded with the schema (defaults filled in, longs kept exact)', () => {
    const p = prepare(table, ['{"id":"p1","grams":5,"at_ms":9007199254740993,"ok":true,"vol":0.5}']);
    expect(p.messages).toEqual([]);
    expect(avroType(table.definition).fromBuffer(p.records[0].value as Buffer)).toEqual({
      id: 'p1',
      grams: 5,
      at_ms: 9007199254740993n,
      ok: true,
      vol: 0.5,
      note: '-',
    });
  });

  it('refuse unknown keys (with the near name), missing fields without a default, nulls and wrong types', () => {
    const p = prepare(table, ['{"id":7,"gram":5,"at_ms":1.5,"ok":null,"vol":1e39}']);
    expect(p.records).toEqual([]);
    expect(p.messages).toEqual([
      'in.jsonl: line 1, key "gram": is not a field of record parcels; did you mean "grams"?',
      'in.jsonl: line 1, key "id" (string): the number 7 is not text, which string needs; write it in double quotes',
      'in.jsonl: line 1, key "grams" (int): is missing, and the field has no default; give every record a value of type int for it, or give the field a "default" in ' +
        'schemas/team/parcels.avsc (the connector cannot read nullable Avro fields)',
      'in.jsonl: line 1, key "at_ms" (long): the number 1.5 is not a whole number, which long needs; write a whole number from -9223372036854775808 to 9223372036854775807',
      'in.jsonl: line 1, key "ok" (boolean): is null, and an Avro field of one plain type cannot be; give every record a value of type boolean for it, ' +
        'or give the field a "default" in schemas/team/parcels.avsc (the connector cannot read nullable Avro fields)',
      'in.jsonl: line 1, key "vol" (float): 1e39 is beyond a float\'s range (use double); write a number',
    ]);
  });
});

describe('Protobuf records given as JSON', () => {
  const definition = [
    'syntax = "proto3";',
    'package team;',
    'message Reading {',
    '  string meter = 1;',
    '  uint32 count = 2;',
    '  int64 at_ms = 3;',
    '  Unit unit = 4;',
    '  repeated double values = 5;',
    '  map<string, int32> tags = 6;',
    '  Place place = 7;',
    '  bytes raw = 8;',
    '  oneof source { string device = 9; string person = 10; }',
    '  enum Unit { UNKNOWN = 0; KWH = 1; }',
    '}',
    'message Place { string site = 1; }',
    '',
  ].join('\n');
  const table: TableDefinition = {
    registry: 'team',
    table: 'readings',
    file: 'schemas/team/readings.proto',
    topic: 'readings',
    format: 'protobuf',
    columns: [],
    definition,
    messageName: 'team.Reading',
  };
  const message = protobufMessage(definition);

  it('are encoded with the message index in front', () => {
    const p = prepare(table, [
      JSON.stringify({ meter: 'm', count: 4294967295, unit: 'KWH', values: [1.5, 2], tags: { a: 1 }, place: { site: 's' }, raw: 'AAE=', device: 'd' }).replace(
        /}$/,
        ',"at_ms":9223372036854775807}',
      ),
    ]);
    expect(p.messages).toEqual([]);
    const payload = p.records[0].value as Buffer;
    expect(payload[0]).toBe(messageIndex(message));
    expect(message.toObject(message.decode(payload.subarray(1)), { longs: String, enums: String, bytes: String })).toEqual({
      meter: 'm',
      count: 4294967295,
      at_ms: '9223372036854775807',
      unit: 'KWH',
      values: [1.5, 2],
      tags: { a: 1 },
      place: { site: 's' },
      raw: 'AAE=',
      device: 'd',
    });
  });

  it('refuse what the message cannot hold, down to nested fields, naming each', () => {
    const p = prepare(table, [
      JSON.stringify({ meter: 'm', count: -1, unit: 'MWH', values: [1, 'x'], tags: [], place: { sit: 's' }, raw: 'not base64!', device: 'd', person: 'p' }),
    ]);
    expect(p.records).toEqual([]);
    expect(p.messages).toEqual([
      'in.jsonl: line 1, keys "device" and "person": are members of oneof source: only one can be set; keep one of them',
      'in.jsonl: line 1, key "count" (uint32): -1 is outside uint32 (0 to 4294967295); write a whole number from 0 to 4294967295',
      'in.jsonl: line 1, key "unit" (Unit): the text "MWH" is not a value of enum Unit; write one of UNKNOWN, KWH',
      'in.jsonl: line 1, key "values[1]" (double): the text "x" is not a number, which double needs; write a number',
      'in.jsonl: line 1, key "tags" (map): an array is not an object, which a map field needs; write it as a JSON object',
      'in.jsonl: line 1, key "place.sit": is not a field of message Place; did you mean "site"?',
      'in.jsonl: line 1, key "raw" (bytes): the text "not base64!" is not base64 text; write the bytes base64-encoded, in double quotes',
    ]);
  });
});
