import { CSV_CASES, recordedVectors, VALUE_CASES } from '../../fixtures/jvm/cases';
import { csvColumns, jacksonText, javaDoubleToString, javaParseDouble, javaParseInteger, parseJsonRecord } from '../../../core/records/connector-values';
import { RecordChecker } from '../../../core/records/record-check';
import type { TableField, TableSchemaDocument } from '../../../core/tables/table-schema';

/* The connector's rules, one table per rule (connector-values.ts cites the source of each). */

const jsonTable = (...fields: TableField[]): TableSchemaDocument => ({ topicName: 't', message: { dataFormat: 'json', fields } });
const csvTable = (...fields: TableField[]): TableSchemaDocument => ({ topicName: 't', message: { dataFormat: 'csv', fields } });
const f = (type: string, mapping = 'v', formatHint?: string): TableField => ({ name: 'v', mapping, type, ...(formatHint ? { formatHint } : {}) });

/** Outcome kind and Athena's value for one field of one record. */
function one(doc: TableSchemaDocument, record: string) {
  const [o] = new RecordChecker('t', doc).outcomes(record);
  const value = o.value;
  const shown = value === null ? null : typeof value === 'bigint' ? `${value}n` : typeof value === 'object' ? JSON.stringify(value) : value;
  return [o.kind, shown];
}

describe("Jackson's asText of a JSON field", () => {
  it.each([
    ['{"v":"abc"}', 'abc'],
    ['{"v":null}', 'null'],
    ['{"v":{"a":1}}', ''],
    ['{"v":[1,2]}', ''],
    ['{"v":true}', 'true'],
    ['{"v":42}', '42'],
    ['{"v":-0}', '0'],
    ['{"v":42.0}', '42.0'],
    ['{"v":1.50}', '1.5'],
    ['{"v":1e3}', '1000.0'],
    ['{"v":0.0001}', '1.0E-4'],
    ['{"v":12345678.9}', '1.23456789E7'],
    ['{"v":12345678901234567890123}', '12345678901234567890123'],
    ['{"v":1,"v":2}', '2'],
  ])('%s reads as %j', (record, text) => {
    expect(jacksonText((parseJsonRecord(record) as Record<string, never>).v)).toBe(text);
  });

  it('ignores text after the first JSON value, as ObjectMapper.readValue does', () => {
    expect(parseJsonRecord('{"v":1} trailing')).toMatchObject({ v: { value: '1' } });
    expect(parseJsonRecord('{"v":')).toBeUndefined();
  });

  it.each([
    [1e21, '1.0E21'],
    [100, '100.0'],
    [0.001, '0.001'],
    [9999999, '9999999.0'],
    [1e7, '1.0E7'],
    [-2.5e-7, '-2.5E-7'],
  ])('Double.toString(%p) is %s', (d, text) => {
    expect(javaDoubleToString(d)).toBe(text);
  });
});

describe('the CSV split: String.split(",") and trim', () => {
  it.each([
    ['a,b,c', ['a', 'b', 'c']],
    [' a , b ', ['a', 'b']],
    ['a,,c', ['a', '', 'c']],
    ['a,b,,', ['a', 'b']],
    ['"x,y",z', ['"x', 'y"', 'z']],
    ['', ['']],
    [',,', []],
  ])('%j splits into %j', (record, columns) => {
    expect(csvColumns(record)).toEqual(columns);
  });

  it("splits the recorded records as the JVM's String.split did (only commas: no column at all)", () => {
    const { csv } = recordedVectors();
    expect(CSV_CASES.map((text) => [String(csvColumns(text).length), ...csvColumns(text)].join('\t'))).toEqual(csv);
  });
});

describe("Java's number parsers", () => {
  it.each([
    ['42', 'INT', 42n],
    ['+42', 'INT', 42n],
    ['-0', 'INT', 0n],
    ['42.0', 'INT', undefined],
    [' 42', 'INT', undefined],
    ['1_000', 'INT', undefined],
    ['0x10', 'INT', undefined],
    ['2147483648', 'INT', undefined],
    ['127', 'TINYINT', 127n],
    ['128', 'TINYINT', undefined],
    ['-32768', 'SMALLINT', -32768n],
    ['9223372036854775807', 'BIGINT', 9223372036854775807n],
    ['9223372036854775808', 'BIGINT', undefined],
    ['', 'INT', undefined],
  ])('%j as %s is %p', (text, type, value) => {
    expect(javaParseInteger(text, type)).toBe(value);
  });

  it.each([
    ['1.5', 1.5],
    [' 1.5 ', 1.5],
    ['1e3', 1000],
    ['.5', 0.5],
    ['5.', 5],
    ['NaN', NaN],
    ['-Infinity', -Infinity],
    ['1.5d', 1.5],
    ['2f', 2],
    ['0x1.8p1', 3],
    ['1,5', undefined],
    ['', undefined],
    ['inf', undefined],
    ['1.5.2', undefined],
  ])('Double.parseDouble(%j) is %p', (text, value) => {
    expect(javaParseDouble(text)).toBe(value);
  });
});

describe('what Athena returns, field by field', () => {
  it.each([
    // BOOLEAN: Boolean.parseBoolean is true only for "true" in any case, never NULL.
    ['BOOLEAN true', jsonTable(f('BOOLEAN')), '{"v":true}', ['ok', true]],
    ['BOOLEAN "TRUE"', jsonTable(f('BOOLEAN')), '{"v":"TRUE"}', ['ok', true]],
    ['BOOLEAN "yes"', jsonTable(f('BOOLEAN')), '{"v":"yes"}', ['wrong', false]],
    ['BOOLEAN 1', jsonTable(f('BOOLEAN')), '{"v":1}', ['wrong', false]],
    ['BOOLEAN null', jsonTable(f('BOOLEAN')), '{"v":null}', ['wrong', false]],
    ['BOOLEAN missing', jsonTable(f('BOOLEAN')), '{"w":true}', ['null', null]],
    // Whole numbers.
    ['INT 42', jsonTable(f('INT')), '{"v":42}', ['ok', '42n']],
    ['INT "+7"', jsonTable(f('INT')), '{"v":"+7"}', ['ok', '7n']],
    ['INT 42.0', jsonTable(f('INT')), '{"v":42.0}', ['null', null]],
    ['INT null', jsonTable(f('INT')), '{"v":null}', ['null', null]],
    ['BIGINT beyond 2^53', jsonTable(f('BIGINT')), '{"v":9007199254740993}', ['ok', '9007199254740993n']],
    // Doubles.
    ['DOUBLE 21.5', jsonTable(f('DOUBLE')), '{"v":21.5}', ['ok', 21.5]],
    ['DOUBLE " 3 "', jsonTable(f('DOUBLE')), '{"v":" 3 "}', ['ok', 3]],
    ['DOUBLE "n/a"', jsonTable(f('DOUBLE')), '{"v":"n/a"}', ['null', null]],
    // Text.
    ['VARCHAR string', jsonTable(f('VARCHAR')), '{"v":"x"}', ['ok', 'x']],
    ['VARCHAR null', jsonTable(f('VARCHAR')), '{"v":null}', ['wrong', 'null']],
    ['VARCHAR object', jsonTable(f('VARCHAR')), '{"v":{"a":1}}', ['empty', '']],
    ['VARCHAR 1.50', jsonTable(f('VARCHAR')), '{"v":1.50}', ['wrong', '1.5']],
    ['VARCHAR 42', jsonTable(f('VARCHAR')), '{"v":42}', ['ok', '42']],
    // Dates: one lenient SimpleDateFormat in UTC; S counts milliseconds.
    ['TIMESTAMP exact', jsonTable(f('TIMESTAMP', 'v', 'yyyy-MM-dd HH:mm:ss.SSS')), '{"v":"2024-02-29 00:05:09.007"}', ['ok', '{"epochMillis":1709165109007}']],
    ['TIMESTAMP .5', jsonTable(f('TIMESTAMP', 'v', 'yyyy-MM-dd HH:mm:ss.SSS')), '{"v":"2024-02-29 00:05:09.5"}', ['wrong', '{"epochMillis":1709165109005}']],
    [
      'TIMESTAMP trailing text',
      jsonTable(f('TIMESTAMP', 'v', 'yyyy-MM-dd HH:mm:ss.SSS')),
      '{"v":"2024-02-29 00:05:09.007Z"}',
      ['ok', '{"epochMillis":1709165109007}'],
    ],
    ['TIMESTAMP epoch number', jsonTable(f('TIMESTAMP', 'v', 'yyyy-MM-dd HH:mm:ss.SSS')), '{"v":1709165109007}', ['null', null]],
    ['DATE rolled over', jsonTable(f('DATE', 'v', 'yyyy-MM-dd')), '{"v":"2024-13-45"}', ['wrong', '{"epochDay":20133}']],
    ['DATE exact', jsonTable(f('DATE', 'v', 'yyyy-MM-dd')), '{"v":"2024-02-29"}', ['ok', '{"epochDay":19782}']],
    ['DATE after skipped spaces and a tab', jsonTable(f('DATE', 'v', 'yyyy-MM-dd')), '{"v":" \\t2024- 02-29"}', ['ok', '{"epochDay":19782}']],
    ['DATE two-digit year under yyyy', jsonTable(f('DATE', 'v', 'yyyy-MM-dd')), '{"v":"99-02-28"}', ['wrong', '{"epochDay":-683312}']],
    ['DATE Julian before 1582-10-15', jsonTable(f('DATE', 'v', 'yyyy-MM-dd')), '{"v":"1500-03-01"}', ['wrong', '{"epochDay":-171595}']],
    ['DATE in the ten skipped days', jsonTable(f('DATE', 'v', 'yyyy-MM-dd')), '{"v":"1582-10-10"}', ['wrong', '{"epochDay":-141422}']],
    ['DATE on the cutover', jsonTable(f('DATE', 'v', 'yyyy-MM-dd')), '{"v":"1582-10-15"}', ['ok', '{"epochDay":-141427}']],
    ['VARCHAR 2e23 (Java 11 prints it long)', jsonTable(f('VARCHAR')), '{"v":2e23}', ['wrong', '1.9999999999999998E23']],
    ['VARCHAR 5e-324', jsonTable(f('VARCHAR')), '{"v":5e-324}', ['wrong', '4.9E-324']],
    // Records that are not JSON objects: every column NULL.
    ['not JSON', jsonTable(f('VARCHAR')), 'not json', ['null', null]],
    ['a JSON array', jsonTable(f('VARCHAR')), '[1,2]', ['null', null]],
    // CSV.
    ['CSV column', csvTable(f('INT', '1')), 'a, 42 ,b', ['ok', '42n']],
    ['CSV trailing empty column', csvTable(f('VARCHAR', '2')), 'a,b,', ['null', null]],
    ['CSV empty middle column', csvTable(f('VARCHAR', '1')), 'a,,c', ['empty', '']],
    ['CSV empty BOOLEAN column', csvTable(f('BOOLEAN', '1')), 'a,,c', ['wrong', false]],
    ['CSV quoted comma shifts later columns', csvTable(f('VARCHAR', '2')), '"x,y",z,w', ['wrong', 'z']],
    ['CSV column beyond the record', csvTable(f('INT', '5')), 'a,b', ['null', null]],
  ])('%s', (_name, doc, record, expected) => {
    expect(one(doc, record)).toEqual(expected);
  });
});

describe('the verdict: what the writer left out reads as none; anything else shown otherwise is a named loss', () => {
  /** [what Athena shows, the loss (null: as written)] for the last field of one record. */
  const verdict = (doc: TableSchemaDocument, record: string) => {
    const o = new RecordChecker('t', doc).outcomes(record).at(-1)!;
    return o.kind === 'ok' ? ['ok', null] : [o.kind, o.loss];
  };
  it.each([
    // The writer gave no value, and Athena shows none: as written.
    ['an absent key', jsonTable(f('VARCHAR')), '{"w":1}', ['null', null]],
    ['an absent BOOLEAN key', jsonTable(f('BOOLEAN')), '{"w":1}', ['null', null]],
    ['JSON null in INT', jsonTable(f('INT')), '{"v":null}', ['null', null]],
    ['JSON null in DOUBLE', jsonTable(f('DOUBLE')), '{"v":null}', ['null', null]],
    ['JSON null in TIMESTAMP', jsonTable(f('TIMESTAMP', 'v', 'yyyy-MM-dd HH:mm:ss')), '{"v":null}', ['null', null]],
    ['"" in VARCHAR', jsonTable(f('VARCHAR')), '{"v":""}', ['empty', null]],
    ['"" in BIGINT', jsonTable(f('BIGINT')), '{"v":""}', ['null', null]],
    ['CSV trailing column dropped', csvTable(f('VARCHAR', '0'), f('VARCHAR', '2')), 'a,b,', ['null', null]],
    ['CSV empty middle column', csvTable(f('VARCHAR', '1')), 'a,,c', ['empty', null]],
    ['CSV empty INT column', csvTable(f('INT', '1')), 'a,,c', ['null', null]],
    // Values Athena shows otherwise than written: lost, by kind.
    ['a nested object in VARCHAR', jsonTable(f('VARCHAR')), '{"v":{"a":1}}', ['empty', 'nested']],
    ['a nested array in INT', jsonTable(f('INT')), '{"v":[1]}', ['null', 'nested']],
    ['a nested object in BOOLEAN', jsonTable(f('BOOLEAN')), '{"v":{}}', ['wrong', 'nested']],
    ['JSON null in VARCHAR', jsonTable(f('VARCHAR')), '{"v":null}', ['wrong', 'json-null']],
    ['JSON null in BOOLEAN', jsonTable(f('BOOLEAN')), '{"v":null}', ['wrong', 'json-null']],
    ['"yes" in BOOLEAN', jsonTable(f('BOOLEAN')), '{"v":"yes"}', ['wrong', 'not-boolean']],
    ['"" in BOOLEAN', jsonTable(f('BOOLEAN')), '{"v":""}', ['wrong', 'not-boolean']],
    ['CSV empty BOOLEAN column', csvTable(f('BOOLEAN', '1')), 'a,,c', ['wrong', 'not-boolean']],
    ['2^31 in INT', jsonTable(f('INT')), '{"v":2147483648}', ['null', 'out-of-range']],
    ['"300" in TINYINT', jsonTable(f('TINYINT')), '{"v":"300"}', ['null', 'out-of-range']],
    ['1.5 in INT', jsonTable(f('INT')), '{"v":1.5}', ['null', 'unparsed-number']],
    ['"n/a" in DOUBLE', jsonTable(f('DOUBLE')), '{"v":"n/a"}', ['null', 'unparsed-number']],
    [
      'an ISO instant under another formatHint',
      jsonTable(f('TIMESTAMP', 'v', 'yyyy-MM-dd HH:mm:ss')),
      '{"v":"2026-11-05T10:00:00Z"}',
      ['null', 'unparsed-date'],
    ],
    ['an epoch number in DATE', jsonTable(f('DATE', 'v', 'yyyy-MM-dd')), '{"v":1709165109007}', ['null', 'unparsed-date']],
    ['a rolled-over date', jsonTable(f('DATE', 'v', 'yyyy-MM-dd')), '{"v":"2024-13-45"}', ['wrong', 'misread-date']],
    ['1.50 in VARCHAR', jsonTable(f('VARCHAR')), '{"v":1.50}', ['wrong', 'reformatted']],
    ['a quoted comma', csvTable(f('VARCHAR', '2')), '"x,y",z,w', ['wrong', 'csv-split']],
    ['a quoted comma before a number column', csvTable(f('INT', '1')), '"x,y",3', ['null', 'csv-split']],
  ])('%s', (_name, doc, record, expected) => {
    expect(verdict(doc, record)).toEqual(expected);
  });

  it('counts values the writer left out apart from lost ones, and only lost ones as problems', () => {
    const c = new RecordChecker('t', jsonTable(f('VARCHAR', 'a'), { name: 'n', mapping: 'n', type: 'INT' }));
    for (const r of ['{"a":"x"}', '{"n":null}', '{"a":"","n":5}', '{"a":{"deep":1},"n":1}']) c.add(r);
    expect(c.report.fields.map((x) => [x.field, x.ok, x.noValue, x.lost])).toEqual([
      ['v', 1, 2, 1],
      ['n', 2, 2, 0],
    ]);
    expect(c.problems).toBe(1);
  });
});

describe('why a date reads as another one', () => {
  const why = (hint: string, text: string) => {
    const [o] = new RecordChecker('t', jsonTable(f('DATE', 'v', hint))).outcomes(JSON.stringify({ v: text }));
    return o.kind === 'ok' ? 'ok' : o.why;
  };
  it.each([
    [
      'yyyy-MM-dd',
      '1582-10-10',
      '"1582-10-10" is one of the ten days Java\'s calendar skips (1582-10-05..14); Java reads it as Julian: Athena shows 1582-10-20',
    ],
    ['yyyy-MM-dd', '1500-03-01', '"1500-03-01" is before 1582-10-15, where Java\'s calendar is Julian: Athena shows 1500-03-11'],
    ['yyyy-MM-dd', '99-02-28', '"99-02-28": yyyy takes "99" as the year 99 (only yy reads two digits as a recent year); Athena shows 0099-02-26'],
    ['yyyy-MM-dd', '2024-13-45', '"2024-13-45" is out of range; Java rolls it over: Athena shows 2025-02-14'],
    ['yyyy-MM-dd', '0250-06-01', 'ok'],
    ['yy-MM-dd', '99-02-28', 'ok'],
  ])('%s reads %j: %s', (hint, text, expected) => {
    expect(why(hint, text)).toBe(expected);
  });
});

describe('RecordChecker counts', () => {
  const doc = jsonTable(f('VARCHAR', 'a'), { name: 'n', mapping: 'n', type: 'INT' });

  it('counts per field and keeps the first reasons', () => {
    const c = new RecordChecker('t', doc);
    for (const r of ['{"a":"x","n":1}', '{"a":null,"n":"two"}', '{"a":[1],"n":2}']) c.add(r);
    const nullText = 'JSON null reads as the text "null"';
    const nested = 'a nested array reads as "": write it as a JSON string';
    const two = '"two" is not a whole number within INT for Java\'s parser';
    expect(c.report.fields).toEqual([
      {
        field: 'v',
        type: 'VARCHAR',
        ok: 1,
        nulls: 0,
        empties: 1,
        wrong: 1,
        noValue: 0,
        lost: 2,
        reasons: [nullText, nested],
        noValueReasons: [],
        losses: [
          { kind: 'json-null', count: 1, reasons: [nullText] },
          { kind: 'nested', count: 1, reasons: [nested] },
        ],
      },
      {
        field: 'n',
        type: 'INT',
        ok: 2,
        nulls: 1,
        empties: 0,
        wrong: 0,
        noValue: 0,
        lost: 1,
        reasons: [two],
        noValueReasons: [],
        losses: [{ kind: 'unparsed-number', count: 1, reasons: [two] }],
      },
    ]);
    expect(c.problems).toBe(3);
  });

  it('stops a partition at its first tombstone: later records there are never returned', () => {
    const c = new RecordChecker('t', doc);
    c.add('{"a":"x","n":1}', 0, '10');
    c.add(null, 0, '11');
    c.add('{"a":"x","n":1}', 0, '12');
    c.add(null, 0, '13');
    c.add('{"a":"x","n":1}', 1, '0');
    expect(c.report).toMatchObject({ records: 5, tombstones: 1, skipped: 2, tombstoneRecords: [{ partition: 0, offset: '11', skipped: 2 }] });
    expect(c.report.fields[0].ok).toBe(2);
    expect(c.problems).toBe(3);
  });

  it('reports a record that is not JSON once, with its partition and offset, not once per column', () => {
    const c = new RecordChecker('t', doc);
    c.add('{"a":"x","n":1}', 2, '40');
    c.add('{oops', 2, '41');
    c.add('[1,2]', 0, '7');
    expect(c.report).toMatchObject({
      unreadable: 2,
      unreadableRecords: [
        { partition: 2, offset: '41', why: 'the record is not JSON' },
        { partition: 0, offset: '7', why: 'the record is not a JSON object' },
      ],
    });
    expect(c.report.fields.map((x) => [x.nulls, x.reasons])).toEqual([
      [0, []],
      [0, []],
    ]);
    expect(c.problems).toBe(2);
  });

  it("reports a CSV record without any of the table's columns once; one with some of them per column", () => {
    const c = new RecordChecker('t', csvTable({ name: 'a', mapping: '2', type: 'VARCHAR' }, { name: 'b', mapping: '3', type: 'INT' }));
    c.add(',,,', 0, '5');
    c.add('x,y', 0, '6');
    c.add('x,y,z', 0, '7');
    expect(c.report).toMatchObject({
      unreadable: 2,
      unreadableRecords: [
        { partition: 0, offset: '5', why: 'the record is empty or only commas: it has no columns' },
        { partition: 0, offset: '6', why: 'the record has 2 columns, the table reads columns from 2 on' },
      ],
    });
    expect(c.report.fields.map((x) => [x.ok, x.nulls, x.noValue, x.noValueReasons])).toEqual([
      [1, 0, 0, []],
      [0, 1, 1, ['column 3 is missing (3 columns; trailing empty columns are dropped)']],
    ]);
    expect(c.problems).toBe(2);
  });

  it('keeps the first three unreadable records and counts the rest; without offsets, counts positions per partition', () => {
    const c = new RecordChecker('t', doc);
    for (const p of [0, 1, 0, 1, 0]) c.add('nope', p);
    expect(c.report.unreadable).toBe(5);
    expect(c.report.unreadableRecords.map((u) => `${u.partition}/${u.offset}`)).toEqual(['0/0', '1/0', '0/1']);
  });
});

describe("the value parsers, against the JVM's recorded answers", () => {
  const { values } = recordedVectors();
  const ours = VALUE_CASES.map(([op, type, text]) => {
    if (op === 'B') return String(text.toLowerCase() === 'true');
    if (op === 'D') {
      const d = javaParseDouble(text);
      return d === undefined ? 'ERROR' : javaDoubleToString(d);
    }
    return javaParseInteger(text, type)?.toString() ?? 'ERROR';
  });

  it.each(VALUE_CASES.map((c, i) => [c[0], JSON.stringify(c[2]), c[1], i]))('%s %s (%s) answers as Java does', (_op, _text, _type, i) => {
    expect(ours[i as number]).toBe(values[i as number]);
  });
});
