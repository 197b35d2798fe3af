import { join } from 'node:path';
import { rowLimit, withRowsValue } from '../../bin/verify-args';
import { jsonReport, renderReport, renderRows, summaryLine, type VerifyResult } from '../../bin/verify-report';
import { RecordChecker } from '../../core/records/record-check';
import { RegistryRecordChecker } from '../../core/records/registry-record-check';
import { checkSchemaFolder, type AvroTable } from '../../core/tables/schema-folder';
import type { TableSchemaDocument } from '../../core/tables/table-schema';
import { ROOT } from '../helpers/synth';

/* What `npm run verify` prints, line for line, for what users meet: tombstones, unreadable records, counts of one. */

const orders: TableSchemaDocument = {
  topicName: 'orders',
  message: { dataFormat: 'json', fields: [{ name: 'order_id', mapping: 'order_id', type: 'VARCHAR' }, { name: 'n', mapping: 'n', type: 'INT' }] },
};
const readings: TableSchemaDocument = {
  topicName: 'readings',
  message: { dataFormat: 'csv', fields: [{ name: 'device', mapping: '0', type: 'VARCHAR' }, { name: 'value', mapping: '1', type: 'DOUBLE' }] },
};

function checked(format: 'json' | 'csv', document: TableSchemaDocument, records: [string | null, number, string][]): VerifyResult {
  const c = new RecordChecker(`customer.${document.topicName}`, document);
  for (const [value, partition, offset] of records) c.add(value, partition, offset);
  return { reports: [{ ...c.report, format }], problems: c.problems };
}

/** The report's lines above the field table. */
const headOf = (result: VerifyResult) => renderReport(result.reports[0]).split('\n').filter((l) => !/^[┌│├└]/.test(l));

describe('verify output', () => {
  it('counts in the singular and plural, and says the topic reads as written', () => {
    const one = checked('json', orders, [['{"order_id":"o1","n":1}', 0, '0']]);
    expect(headOf(one)).toEqual(['topic orders as customer.orders (json): 1 record read, 0 tombstones (null values), 0 records that are not JSON objects']);
    expect(summaryLine(one)).toBe('verify: 0 problems; Athena reads every value as written');
  });

  it('lists a tombstone and a record that is not JSON once each, with partition and offset', () => {
    const result = checked('json', orders, [
      ['{"order_id":"o1","n":1}', 0, '3'],
      [null, 0, '4'],
      ['{"order_id":"o2","n":2}', 0, '5'],
      ['{oops', 1, '9'],
    ]);
    expect(headOf(result)).toEqual([
      'topic orders as customer.orders (json): 4 records read, 1 tombstone (null value; 1 later record of its partition never returned), 1 record that is not a JSON object',
      '  partition 0 offset 4: tombstone (null value): Athena returns no later record of partition 0 (1 record in this sample)',
      '  partition 1 offset 9: every column NULL: the record is not JSON',
    ]);
    expect(renderReport(result.reports[0]).split('\n').filter((l) => l.startsWith('│'))).toEqual([
      '│ field    │ type    │ ok │ NULL │ empty │ wrong │ why (first cases)                                          │',
      '│ order_id │ VARCHAR │ 1  │ 0    │ 0     │ 0     │                                                            │',
      '│ n        │ INT     │ 1  │ 0    │ 0     │ 0     │                                                            │',
    ]);
    expect(summaryLine(result)).toBe('verify: 3 problems; Athena would not return every value as written');
  });

  it('speaks of columns for CSV, and says how many more records are like those listed', () => {
    const result = checked('csv', readings, ['', ',', ',,', ',,,', ',,,,'].map((v, i): [string, number, string] => [v === '' ? 'd1,2.5' : v, 0, String(i)]));
    expect(headOf(result)).toEqual([
      'topic readings as customer.readings (csv): 5 records read, 0 tombstones (null values), 4 records whose columns cannot be read',
      '  partition 0 offset 1: every column NULL: the record is empty or only commas: it has no columns',
      '  partition 0 offset 2: every column NULL: the record is empty or only commas: it has no columns',
      '  partition 0 offset 3: every column NULL: the record is empty or only commas: it has no columns',
      '  and 1 more record like these',
    ]);
    expect(summaryLine(result)).toBe('verify: 4 problems; Athena would not return every value as written');
  });

  it('says a record the Glue Schema Registry deserializer cannot read fails the whole query', () => {
    const table = checkSchemaFolder(join(ROOT, '__tests__/fixtures/registry-formats/schemas'), ROOT).registries.flatMap((r) => r.tables).find((t): t is AvroTable => t.format === 'avro')!;
    const c = new RegistryRecordChecker(`${table.registry}.${table.table}`, table);
    c.add(Buffer.from('{"not":"avro"}'), 2, undefined, '17');
    c.add(Buffer.concat([Buffer.from([3, 0]), Buffer.alloc(16, 7), Buffer.from([0])]), 2, undefined, '18');
    const result: VerifyResult = { reports: [{ ...c.report, format: 'avro' }], problems: c.problems };
    expect(headOf(result)).toEqual([
      `topic ${table.topic} as ${table.registry}.${table.table} (avro): 2 records read, 0 tombstones (null values), 2 records the Glue Schema Registry deserializer cannot read`,
      '  partition 2 offset 17: the whole query fails: not in the Glue Schema Registry wire format: 14 bytes, shorter than the 18-byte Glue Schema Registry header',
      '  partition 2 offset 18: the whole query fails: schema version 07070707-0707-0707-0707-070707070707 is not in the registry',
    ]);
    expect(c.report.fields.every((f) => f.reasons.length === 0)).toBe(true);
    expect(summaryLine(result)).toBe('verify: 2 problems; Athena would not return every value as written');

  });

  it('says 1 problem, not 1 problems', () => {
    expect(summaryLine(checked('json', orders, [['{oops', 0, '0']]))).toBe('verify: 1 problem; Athena would not return every value as written');
  });

  it('--json keeps its keys and adds where the listed records are', () => {
    const json = JSON.parse(jsonReport(checked('json', orders, [[null, 0, '4'], ['{"order_id":"o2","n":2}', 0, '5'], ['[1]', 1, '9']])));
    expect(json.problems).toBe(3);
    expect(json.tables[0]).toEqual({
      topic: 'orders',
      table: 'customer.orders',
      format: 'json',
      records: 3,
      tombstones: 1,
      skipped: 1,
      unreadable: 1,
      tombstoneRecords: [{ partition: 0, offset: '4', skipped: 1 }],
      unreadableRecords: [{ partition: 1, offset: '9', why: 'the record is not a JSON object' }],
      fields: [
        { field: 'order_id', type: 'VARCHAR', ok: 0, nulls: 0, empties: 0, wrong: 0, reasons: [] },
        { field: 'n', type: 'INT', ok: 0, nulls: 0, empties: 0, wrong: 0, reasons: [] },
      ],
    });
  });
});

describe('verify --rows', () => {
  const events: TableSchemaDocument = {
    topicName: 'events',
    message: {
      dataFormat: 'json',
      fields: [
        { name: 'Event_ID', mapping: 'id', type: 'VARCHAR' },
        { name: 'n', mapping: 'n', type: 'BIGINT' },
        { name: 'ok', mapping: 'ok', type: 'BOOLEAN' },
        { name: 'x', mapping: 'x', type: 'DOUBLE' },
        { name: 'day', mapping: 'day', type: 'DATE', formatHint: 'yyyy-MM-dd' },
        { name: 'at', mapping: 'at', type: 'TIMESTAMP', formatHint: 'yyyy-MM-dd HH:mm:ss.SSS' },
      ],
    },
  };

  function rowsOf(records: [string | null, number, string][], limit = Infinity) {
    const c = new RecordChecker('customer.events', events, limit);
    for (const [value, partition, offset] of records) c.add(value, partition, offset);
    return c.rows!;
  }

  it('gives each record as Athena shows it, by partition and offset, and none after a tombstone', () => {
    const rows = rowsOf([
      ['{oops', 0, '9'],
      ['{"id":2e23,"n":9007199254740993,"ok":"yes","x":0.1,"day":" 1582-10-10","at":"0099-12-31 23:59:59.999"}', 1, '7'],
      ['{"id":"a","n":"7","ok":true,"x":"1e3","day":"2024-02-29","at":"2024-02-29 00:05:09.5"}', 0, '10'],
      [null, 0, '11'],
      ['{"id":"never returned"}', 0, '12'],
    ]);
    expect(rows).toEqual([
      { table: 'customer.events', partition: 0, offset: 9, values: { event_id: null, n: null, ok: null, x: null, day: null, at: null }, unreadable: 'the record is not JSON' },
      { table: 'customer.events', partition: 0, offset: 10, values: { event_id: 'a', n: '7', ok: 'true', x: '1000.0', day: '2024-02-29', at: '2024-02-29 00:05:09.005' } },
      {
        table: 'customer.events',
        partition: 1,
        offset: 7,
        values: { event_id: '1.9999999999999998E23', n: '9007199254740993', ok: 'false', x: '0.1', day: '1582-10-20', at: '0099-12-29 23:59:59.999' },
      },
    ]);
  });

  it('keeps the first N rows per table', () => {
    const rows = rowsOf(['{"id":"a"}', '{"id":"b"}', '{"id":"c"}'].map((v, i): [string, number, string] => [v, 0, String(i)]), 2);
    expect(rows.map((r) => r.values.event_id)).toEqual(['a', 'b']);
  });

  it('--json adds "rows" only when asked, beside the existing keys', () => {
    const c = new RecordChecker('customer.orders', orders, Infinity);
    c.add('{"order_id":"o1","n":1}', 0, '0');
    const result: VerifyResult = { reports: [{ ...c.report, format: 'json' }], problems: c.problems };
    expect(Object.keys(JSON.parse(jsonReport(result)))).toEqual(['problems', 'tables']);
    const json = JSON.parse(jsonReport({ ...result, rows: c.rows }));
    expect(Object.keys(json)).toEqual(['problems', 'tables', 'rows']);
    expect(json.rows).toEqual([{ table: 'customer.orders', partition: 0, offset: 0, values: { order_id: 'o1', n: '1' } }]);
  });

  it('prints the rows as a table, NULL for NULL and why a record cannot be read', () => {
    const c = new RecordChecker('customer.orders', orders, Infinity);
    c.add('{"order_id":"o1"}', 0, '3');
    c.add('[1]', 0, '4');
    expect(renderRows('customer.orders', c.rows!).split('\n').filter((l) => !/^[┌├└]/.test(l))).toEqual([
      'rows of customer.orders as Athena returns them (2 rows; NULL is NULL):',
      '│ partition │ offset │ order_id │ n    │ unreadable                      │',
      '│ 0         │ 3      │ o1       │ NULL │                                 │',
      '│ 0         │ 4      │ NULL     │ NULL │ the record is not a JSON object │',
    ]);
  });

  it('says a record the deserializer cannot read fails the whole query', () => {
    const table = checkSchemaFolder(join(ROOT, '__tests__/fixtures/registry-formats/schemas'), ROOT).registries.flatMap((r) => r.tables).find((t): t is AvroTable => t.format === 'avro')!;
    const c = new RegistryRecordChecker('customer.shipments', table, Infinity);
    c.add(Buffer.from('{"not":"avro"}'), 2, undefined, '17');
    expect(c.rows).toEqual([expect.objectContaining({ partition: 2, offset: 17, unreadable: expect.stringMatching(/wire format.*: the whole query fails$/) })]);
    expect(Object.values(c.rows![0].values).every((v) => v === null)).toBe(true);
  });

  it('takes --rows alone, before another option, or with a number', () => {
    expect(withRowsValue(['--topic', 't', '--rows'])).toEqual(['--topic', 't', '--rows=all']);
    expect(withRowsValue(['--rows', '--json'])).toEqual(['--rows=all', '--json']);
    expect(withRowsValue(['--rows', '20', '--json'])).toEqual(['--rows', '20', '--json']);
    expect([rowLimit(undefined), rowLimit('all'), rowLimit('20')]).toEqual([undefined, Infinity, 20]);
    expect(() => rowLimit('0')).toThrow('--rows must be a whole number of at least 1, got "0"');
  });
});
