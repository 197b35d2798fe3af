import { fakerEN } from '@faker-js/faker';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatorFor } from '../../functions/producer/generators';
import { producerTables } from '../../core/tables/producer-tables';
import { RecordChecker } from '../../core/records/record-check';
import { decodeVarint, decodeWireFormat } from '../../core/records/glue-wire-format';
import { avroOutcomes, protobufOutcomes } from '../../core/records/registry-values';
import { readSchemaFolder, type AvroTable, type DocumentTable } from '../../core/tables/schema-folder';
import { parseDate } from '../../core/records/simple-date-format';
import { FIXTURE, REGISTRY_FORMATS, ROOT } from '../helpers/synth';

const all = producerTables(readSchemaFolder(join(FIXTURE, 'schemas'), ROOT));
const tables = all.filter((t): t is DocumentTable => t.format === 'json' || t.format === 'csv');
const registryTables = producerTables(readSchemaFolder(REGISTRY_FORMATS, ROOT));
const orders = tables.find((t) => t.table === 'orders')!;

/** Tables with sample hints, read from their files as synthesis reads them. */
function hinted(files: Record<string, unknown>) {
  const dir = mkdtempSync(join(tmpdir(), 'msk-athena-hinted-'));
  mkdirSync(join(dir, 'shop'));
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, 'shop', name), JSON.stringify(body));
  return producerTables(readSchemaFolder(dir, dir));
}
const [baskets, parcels] = hinted({
  'baskets.json': {
    topicName: 'baskets',
    message: {
      dataFormat: 'json',
      fields: [
        { name: 'basket_id', mapping: 'basket_id', type: 'VARCHAR', sample: { pattern: 'b-####' } },
        { name: 'placed_at', mapping: 'placed_at', type: 'TIMESTAMP', formatHint: 'yyyy-MM-dd HH:mm:ss.SSS' },
        { name: 'shopper', mapping: 'shopper', type: 'VARCHAR', sample: { values: ['anna', 'ben'] } },
        {
          name: 'lines',
          mapping: 'lines',
          type: 'VARCHAR',
          sample: { json: { array: { object: { product_id: { min: 100, max: 199 }, quantity: { min: 1, max: 5 } } }, minItems: 2, maxItems: 3 } },
        },
        { name: 'total', mapping: 'total', type: 'DOUBLE', sample: { min: 1, max: 2, decimals: 1 } },
      ],
    },
  },
  'parcels.avsc': {
    type: 'record',
    name: 'Parcel',
    fields: [
      { name: 'parcel_id', type: 'string' },
      { name: 'carrier', type: 'string', sample: { values: ['DHL', 'UPS'] } },
      { name: 'kg', type: 'float', sample: { min: 0.5, max: 2.5, decimals: 1 } },
    ],
  },
}) as [DocumentTable, AvroTable];
const VERSION_ID = '0b5e3b55-6a3c-4f0e-9a43-2f1c2f6e1d01';
const now = new Date(Date.UTC(2026, 10, 22, 9, 8, 7, 6));

describe('record generators', () => {
  beforeEach(() => fakerEN.seed(42));

  it('writes the shapes a sample hint describes, for a table of any name: a JSON-string array of items, patterned ids', () => {
    const { key, value } = generatorFor(baskets)(now);
    const basket = JSON.parse(String(value));
    expect(Object.keys(basket)).toEqual(['basket_id', 'placed_at', 'shopper', 'lines', 'total']);
    expect(basket.placed_at).toBe('2026-11-22 09:08:07.006');
    expect(basket.basket_id).toBe(key);
    expect(basket.basket_id).toMatch(/^b-\d{4}$/);
    expect(['anna', 'ben']).toContain(basket.shopper);
    expect(typeof basket.lines).toBe('string');
    const lines = JSON.parse(basket.lines);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.length).toBeLessThanOrEqual(3);
    for (const line of lines) {
      expect(Object.keys(line)).toEqual(['product_id', 'quantity']);
      expect(line.product_id).toBeGreaterThanOrEqual(100);
      expect(line.product_id).toBeLessThanOrEqual(199);
      expect(Number.isInteger(line.quantity)).toBe(true);
    }
    expect(basket.total).toBeGreaterThanOrEqual(1);
    expect(basket.total).toBeLessThanOrEqual(2);
    expect(String(basket.total)).toMatch(/^\d+(\.\d)?$/);
  });

  it('gives a table named orders without hints plain values from types and generic name rules, not an order shape', () => {
    const order = JSON.parse(String(generatorFor(orders)(now).value));
    expect(orders.samples).toBeUndefined();
    expect(order.user_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(JSON.parse(order.items)).toEqual([{ tag: expect.any(String) }]);
  });

  it('fills Avro fields from their hints, a float range and a list of values', () => {
    const generate = generatorFor(parcels, fakerEN, VERSION_ID);
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const { payload } = decodeWireFormat(generate(now).value as Buffer);
      const byName = Object.fromEntries(avroOutcomes(parcels.columns, parcels.definition, payload).map((o, j) => [parcels.columns[j].name, o.value]));
      seen.add(String(byName.carrier));
      expect(byName.kg).toBeGreaterThanOrEqual(0.5);
      expect(byName.kg).toBeLessThanOrEqual(2.5);
    }
    expect([...seen].sort()).toEqual(['DHL', 'UPS']);
  });

  it.each([...tables, baskets].map((t) => [`${t.registry}.${t.table}`, t] as const))(
    'makes %s records the connector reads without a single NULL or empty value',
    (_name, table) => {
      const generate = generatorFor(table);
      const checker = new RecordChecker(table.table, table.document);
      for (let i = 0; i < 500; i++) checker.add(String(generate(new Date(now.getTime() + i * 997_000)).value));
      expect(checker.report.fields.map((f) => [f.field, f.nulls, f.empties, f.wrong])).toEqual(table.document.message.fields.map((f) => [f.name, 0, 0, 0]));
      expect(checker.problems).toBe(0);
    },
  );

  it.each([...registryTables, parcels].map((t) => [`${t.registry}.${t.table} (${t.format})`, t] as const))(
    'writes %s records in the wire format that read back with no NULL or wrong value',
    (_name, table) => {
      const generate = generatorFor(table, fakerEN, VERSION_ID);
      for (let i = 0; i < 300; i++) {
        const { key, value } = generate(new Date(now.getTime() + i * 997_000));
        const { schemaVersionId, payload } = decodeWireFormat(value as Buffer);
        expect(schemaVersionId).toBe(VERSION_ID);
        const outcomes =
          table.format === 'avro'
            ? avroOutcomes(table.columns, table.definition, payload)
            : protobufOutcomes(table.columns, table.definition, decodeVarint(payload).value, decodeVarint(payload).rest);
        expect(outcomes.filter((o) => o.kind !== 'ok' || o.value === null)).toEqual([]);
        expect(outcomes.map((o) => String(o.value))).toContain(key);
      }
    },
  );

  it('refuses to write Avro or Protobuf records without a schema version id', () => {
    expect(() => generatorFor(registryTables[0])).toThrow(/schema version id/);
  });

  it('never writes a value the connector misreads, for every type and the fraction-trap formatHints', () => {
    const types = ['BOOLEAN', 'TINYINT', 'SMALLINT', 'INT', 'INTEGER', 'BIGINT', 'DOUBLE', 'DECIMAL', 'VARCHAR', 'CHAR', 'STRING'];
    const temporal = [
      ['DATE', 'yyyy-MM-dd'],
      ['TIMESTAMP', 'yyyy-MM-dd HH:mm:ss.S'],
      ['TIMESTAMP', "yyyy-MM-dd'T'HH:mm:ss.SS'S'"],
      ['TIMESTAMP', 'dd/MM/yyyy hh:mm:ss a'],
    ];
    const fields = [
      ...types.map((type, i) => ({ name: `f${i}`, mapping: `f${i}`, type })),
      ...temporal.map(([type, formatHint], i) => ({ name: `t${i}`, mapping: `t${i}`, type, formatHint })),
    ];
    for (const dataFormat of ['json', 'csv'] as const) {
      const document = {
        topicName: 'all',
        message: { dataFormat, fields: dataFormat === 'csv' ? fields.map((x, i) => ({ ...x, mapping: String(i) })) : fields },
      };
      const table = { registry: 'r', table: 'all', topic: 'all', document };
      const generate = generatorFor(table as never);
      const checker = new RecordChecker('all', document);
      for (let i = 0; i < 300; i++) checker.add(String(generate(new Date(now.getTime() + i * 7_919)).value));
      expect({ dataFormat, problems: checker.report.fields.filter((x) => x.ok !== 300) }).toEqual({ dataFormat, problems: [] });
    }
  });

  it('writes csv columns at their mapping index, dates by their formatHint', () => {
    const sensors = tables.find((t) => t.table === 'sensor_readings')!;
    const columns = String(generatorFor(sensors)(now).value).split(',');
    expect(columns).toHaveLength(5);
    expect(columns[1]).toBe('2026-11-22');
    expect(parseDate(columns[1], 'yyyy-MM-dd').ok).toBe(true);
    expect(['true', 'false']).toContain(columns[4]);
  });
});
