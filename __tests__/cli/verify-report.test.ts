import { join } from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { acceptFile, acceptOptions, rowLimit, withRowsValue } from '../../cli/verify/args';
import { jsonReport, renderReport, renderRows, summaryLine, verifyResult, type VerifyResult } from '../../cli/lib/verify-report';
import { InputError } from '../../core/problems';
import type { AcceptedLoss } from '../../core/records/losses';
import { RecordChecker } from '../../core/records/record-check';
import { RegistryRecordChecker } from '../../core/records/registry-record-check';
import { checkSchemaFolder, type AvroTable } from '../../core/tables/schema-folder';
import type { TableSchemaDocument } from '../../core/tables/table-schema';
import { ROOT } from '../helpers/synth';

/* What `npm run verify` prints, line for line, for what users meet: tombstones, unreadable records, counts of one. */

const orders: TableSchemaDocument = {
  topicName: 'orders',
  message: {
    dataFormat: 'json',
    fields: [
      { name: 'order_id', mapping: 'order_id', type: 'VARCHAR' },
      { name: 'n', mapping: 'n', type: 'INT' },
    ],
  },
};
const readings: TableSchemaDocument = {
  topicName: 'readings',
  message: {
    dataFormat: 'csv',
    fields: [
      { name: 'device', mapping: '0', type: 'VARCHAR' },
      { name: 'value', mapping: '1', type: 'DOUBLE' },
    ],
  },
};

function checked(format: 'json' | 'csv', document: TableSchemaDocument, records: [string | null, number, string][]): VerifyResult {
  const c = new RecordChecker(`customer.${document.topicName}`, document);
  for (const [value, partition, offset] of records) c.add(value, partition, offset);
  return { reports: [{ ...c.report, format }], problems: c.problems };
}

/** The report's lines above the field table. */
const headOf = (result: VerifyResult) =>
  renderReport(result.reports[0])
    .split('\n')
    .filter((l) => !/^[┌│├└]/.test(l));

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
    expect(
      renderReport(result.reports[0])
        .split('\n')
        .filter((l) => l.startsWith('│')),
    ).toEqual([
      '│ field    │ type    │ as written │ no value │ lost │ why (first cases)                                          │',
      '│ order_id │ VARCHAR │ 1          │ 0        │ 0    │                                                            │',
      '│ n        │ INT     │ 1          │ 0        │ 0    │                                                            │',
    ]);
    expect(summaryLine(result)).toBe('verify: 3 problems; Athena would not return every value as written');
  });

  it('speaks of columns for CSV, and says how many more records are like those listed', () => {
    const result = checked(
      'csv',
      readings,
      ['', ',', ',,', ',,,', ',,,,'].map((v, i): [string, number, string] => [v === '' ? 'd1,2.5' : v, 0, String(i)]),
    );
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
    const table = checkSchemaFolder(join(ROOT, '__tests__/fixtures/registry-formats/schemas'), ROOT)
      .registries.flatMap((r) => r.tables)
      .find((t): t is AvroTable => t.format === 'avro')!;
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
    const json = JSON.parse(
      jsonReport(
        checked('json', orders, [
          [null, 0, '4'],
          ['{"order_id":"o2","n":2}', 0, '5'],
          ['[1]', 1, '9'],
        ]),
      ),
    );
    expect(json).toMatchObject({ problems: 3, lost: 0, acceptedLost: 0, noValue: 0, accepted: [] });
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
        { field: 'order_id', type: 'VARCHAR', ok: 0, nulls: 0, empties: 0, wrong: 0, reasons: [], noValue: 0, noValueReasons: [], lost: 0, losses: [] },
        { field: 'n', type: 'INT', ok: 0, nulls: 0, empties: 0, wrong: 0, reasons: [], noValue: 0, noValueReasons: [], lost: 0, losses: [] },
      ],
    });
  });
});

describe("verify's verdict: as written, or lost", () => {
  const shipments: TableSchemaDocument = {
    topicName: 'shipments',
    message: {
      dataFormat: 'json',
      fields: [
        { name: 'id', mapping: 'id', type: 'VARCHAR' },
        { name: 'address', mapping: 'address', type: 'VARCHAR' },
        { name: 'weight', mapping: 'weight', type: 'INT' },
      ],
    },
  };
  const reportOf = (records: string[]) => {
    const c = new RecordChecker('customer.shipments', shipments);
    records.forEach((r, i) => c.add(r, 0, String(i)));
    return { ...c.report, format: 'json' as const };
  };
  const lines = (text: string) => text.split('\n').filter((l) => !/^[┌├└]/.test(l));

  it('passes absent keys and JSON nulls that read NULL, and says how many', () => {
    const result = verifyResult([reportOf(['{"id":"a","address":"x","weight":1}', '{"id":"b"}', '{"id":"c","weight":null}'])]);
    expect(result.problems).toBe(0);
    expect(summaryLine(result)).toBe('verify: 0 problems; Athena reads every value as written (4 values the writer left out show as NULL or "")');
    expect(lines(renderReport(result.reports[0])).slice(1)).toEqual([
      '│ field   │ type    │ as written │ no value │ lost │ why (first cases)                                          │',
      '│ id      │ VARCHAR │ 3          │ 0        │ 0    │                                                            │',
      '│ address │ VARCHAR │ 1          │ 2        │ 0    │ no value: key "address" is missing                         │',
      '│ weight  │ INT     │ 1          │ 2        │ 0    │ no value: key "weight" is missing                          │',
      '│         │         │            │          │      │ no value: JSON null reads as NULL                          │',
    ]);
  });

  it('fails on values Athena shows otherwise, naming each field and kind of loss', () => {
    const result = verifyResult([reportOf(['{"id":null,"address":{"city":"x"},"weight":3000000000}', '{"id":"b","address":["y"],"weight":"heavy"}'])]);
    expect(result.problems).toBe(5);
    expect(summaryLine(result)).toBe(
      'verify: 5 problems; Athena would not return every value as written: lost in customer.shipments.id (json-null: 1), ' +
        'customer.shipments.address (nested: 2), customer.shipments.weight (out-of-range: 1, unparsed-number: 1)',
    );
    expect(lines(renderReport(result.reports[0]))[3]).toBe(
      '│ address │ VARCHAR │ 0          │ 0        │ 2    │ nested: a nested object reads as "": write it as a JSON    │',
    );
  });

  it('an accepted loss no longer fails, and is still shown in the table, the summary and --json', () => {
    const accepted: AcceptedLoss[] = [
      { table: 'customer.shipments', field: 'address', kind: 'nested', source: 'verify-accepted.json', why: 'addresses are read from the orders table' },
      { table: 'customer.shipments', field: 'weight', kind: 'misread-date', source: '--accept' },
    ];
    const result = verifyResult([reportOf(['{"id":"a","address":{"city":"x"},"weight":1}', '{"id":"b","address":["y"]}'])], accepted);
    expect(result.problems).toBe(0);
    expect(summaryLine(result)).toBe(
      'verify: 0 problems; Athena reads every value as written (1 value the writer left out shows as NULL or ""), ' +
        'except accepted losses: customer.shipments.address:nested (2 values)',
    );
    const shown = lines(renderReport(result.reports[0], result.accepted));
    expect(shown.slice(1, 3)).toEqual([
      '  accepted loss customer.shipments.address:nested (verify-accepted.json): 2 values in this sample; addresses are read from the orders table',
      '  accepted loss customer.shipments.weight:misread-date (--accept): 0 values in this sample',
    ]);
    expect(shown.find((l) => l.startsWith('│ address'))).toBe(
      '│ address │ VARCHAR │ 0          │ 0        │ 2 (2 accepted) │ nested (accepted): a nested object reads as "": write it   │',
    );
    const json = JSON.parse(jsonReport(result));
    expect(json).toMatchObject({ problems: 0, lost: 2, acceptedLost: 2, noValue: 1 });
    expect(json.accepted[0]).toEqual({
      table: 'customer.shipments',
      field: 'address',
      kind: 'nested',
      source: 'verify-accepted.json',
      why: 'addresses are read from the orders table',
      values: 2,
    });
    expect(json.tables[0].fields[1].losses).toEqual([
      {
        kind: 'nested',
        values: 2,
        reasons: ['a nested object reads as "": write it as a JSON string', 'a nested array reads as "": write it as a JSON string'],
        accepted: { source: 'verify-accepted.json', why: 'addresses are read from the orders table' },
      },
    ]);
  });

  it('accepts one kind of loss on one field only: another kind, or the same kind elsewhere, still fails', () => {
    const accepted: AcceptedLoss[] = [{ table: 'customer.shipments', field: 'address', kind: 'nested', source: '--accept' }];
    const result = verifyResult([reportOf(['{"id":{"n":1},"address":null}', '{"id":"b","address":{"a":1}}'])], accepted);
    expect(result.problems).toBe(2);
    expect(summaryLine(result)).toBe(
      'verify: 2 problems; Athena would not return every value as written: lost in customer.shipments.id (nested: 1), customer.shipments.address (json-null: 1); ' +
        'accepted losses: customer.shipments.address:nested (1 value)',
    );
  });

  it('tombstones and unreadable records are problems no accepted loss covers', () => {
    const accepted: AcceptedLoss[] = [{ table: 'customer.shipments', field: 'id', kind: 'other', source: '--accept' }];
    expect(verifyResult([reportOf(['{oops'])], accepted).problems).toBe(1);
  });
});

describe('accepted losses: --accept and --accept-file', () => {
  const table = checkSchemaFolder(join(ROOT, 'schemas'), ROOT)
    .registries.flatMap((r) => r.tables)
    .find((t) => t.format === 'json')!;
  const label = `${table.registry}.${table.table}`;
  const field = table.columns[0].name;
  const tables = [table];

  it('reads registry.table.field:kind, each part checked, with a did-you-mean', () => {
    expect(acceptOptions([`${label}.${field}:nested`], table.topic, tables)).toEqual([{ table: label, field, kind: 'nested', source: '--accept' }]);
    expect(() => acceptOptions([`${label}.${field}:nestd`], table.topic, tables)).toThrow(/"nestd" is not a kind of loss; did you mean nested\?/);
    expect(() => acceptOptions([`${label}.${field}x:nested`], table.topic, tables)).toThrow(`${label} has no field "${field}x"; did you mean ${field}?`);
    expect(() => acceptOptions([`${label}x.${field}:nested`], table.topic, tables)).toThrow(`"${label}x" is no table in schemas/; did you mean ${label}?`);
    expect(() => acceptOptions([`${field}:nested`], table.topic, tables)).toThrow(/is not registry\.table\.field:kind/);
    expect(() => acceptOptions([`${label}.${field}:nested`], 'another-topic', tables)).toThrow(
      `--accept: ${label} reads topic ${table.topic}, not another-topic`,
    );
  });

  it('reads a committed file whose every entry says why, listing every problem with its place', () => {
    const dir = mkdtempSync(join(tmpdir(), 'accept-'));
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ accepted: [{ loss: `${label}.${field}:reformatted`, why: 'digits as Java prints them are fine' }] }));
    expect(acceptFile(good, tables)).toEqual([
      { table: label, field, kind: 'reformatted', why: 'digits as Java prints them are fine', source: expect.stringMatching(/good\.json$/) },
    ]);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ accepted: [{ loss: `${label}.${field}:nested` }, { loss: `${label}.nope:nested`, why: 'x', by: 'me' }] }));
    let err: unknown;
    try {
      acceptFile(bad, tables);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).problems.map((p) => `${p.field}: ${p.problem}`)).toEqual([
      'accepted[0].why: is missing or empty',
      'accepted[1].by: unknown key',
      `accepted[1].loss: ${label} has no field "nope" (fields: ${table.columns.map((c) => c.name).join(', ')})`,
    ]);
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
      {
        table: 'customer.events',
        partition: 0,
        offset: 9,
        values: { event_id: null, n: null, ok: null, x: null, day: null, at: null },
        unreadable: 'the record is not JSON',
      },
      {
        table: 'customer.events',
        partition: 0,
        offset: 10,
        values: { event_id: 'a', n: '7', ok: 'true', x: '1000.0', day: '2024-02-29', at: '2024-02-29 00:05:09.005' },
      },
      {
        table: 'customer.events',
        partition: 1,
        offset: 7,
        values: { event_id: '1.9999999999999998E23', n: '9007199254740993', ok: 'false', x: '0.1', day: '1582-10-20', at: '0099-12-29 23:59:59.999' },
      },
    ]);
  });

  it('keeps the first N rows per table', () => {
    const rows = rowsOf(
      ['{"id":"a"}', '{"id":"b"}', '{"id":"c"}'].map((v, i): [string, number, string] => [v, 0, String(i)]),
      2,
    );
    expect(rows.map((r) => r.values.event_id)).toEqual(['a', 'b']);
  });

  it('--json adds "rows" only when asked, beside the existing keys', () => {
    const c = new RecordChecker('customer.orders', orders, Infinity);
    c.add('{"order_id":"o1","n":1}', 0, '0');
    const result: VerifyResult = { reports: [{ ...c.report, format: 'json' }], problems: c.problems };
    const keys = ['problems', 'lost', 'acceptedLost', 'noValue', 'accepted', 'tables'];
    expect(Object.keys(JSON.parse(jsonReport(result)))).toEqual(keys);
    const json = JSON.parse(jsonReport({ ...result, rows: c.rows }));
    expect(Object.keys(json)).toEqual([...keys, 'rows']);
    expect(json.rows).toEqual([{ table: 'customer.orders', partition: 0, offset: 0, values: { order_id: 'o1', n: '1' } }]);
  });

  it('prints the rows as a table, NULL for NULL and why a record cannot be read', () => {
    const c = new RecordChecker('customer.orders', orders, Infinity);
    c.add('{"order_id":"o1"}', 0, '3');
    c.add('[1]', 0, '4');
    expect(
      renderRows('customer.orders', c.rows!)
        .split('\n')
        .filter((l) => !/^[┌├└]/.test(l)),
    ).toEqual([
      'rows of customer.orders as Athena returns them (2 rows; NULL is NULL):',
      '│ partition │ offset │ order_id │ n    │ unreadable                      │',
      '│ 0         │ 3      │ o1       │ NULL │                                 │',
      '│ 0         │ 4      │ NULL     │ NULL │ the record is not a JSON object │',
    ]);
  });

  it('says a record the deserializer cannot read fails the whole query', () => {
    const table = checkSchemaFolder(join(ROOT, '__tests__/fixtures/registry-formats/schemas'), ROOT)
      .registries.flatMap((r) => r.tables)
      .find((t): t is AvroTable => t.format === 'avro')!;
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
