import { fakerEN } from '@faker-js/faker';
import { join } from 'node:path';
import { generatorFor } from '../../functions/producer/generators';
import { producerTables } from '../../core/tables/producer-tables';
import { RecordChecker } from '../../core/records/record-check';
import { decodeVarint, decodeWireFormat } from '../../core/records/glue-wire-format';
import { avroOutcomes, protobufOutcomes } from '../../core/records/registry-values';
import { readSchemaFolder, type DocumentTable } from '../../core/tables/schema-folder';
import { parseDate } from '../../core/records/simple-date-format';
import { FIXTURE, REGISTRY_FORMATS, ROOT } from '../helpers/synth';

const all = producerTables(readSchemaFolder(join(FIXTURE, 'schemas'), ROOT));
const tables = all.filter((t): t is DocumentTable => t.format === 'json' || t.format === 'csv');
const registryTables = producerTables(readSchemaFolder(REGISTRY_FORMATS, ROOT));
const orders = tables.find((t) => t.table === 'orders')!;
const VERSION_ID = '0b5e3b55-6a3c-4f0e-9a43-2f1c2f6e1d01';
const now = new Date(Date.UTC(2026, 10, 22, 9, 8, 7, 6));

describe('record generators', () => {
  beforeEach(() => fakerEN.seed(42));

  it('writes orders with a millisecond timestamp in the formatHint, items as a JSON string and the key inside', () => {
    const { key, value } = generatorFor(orders)(now);
    const order = JSON.parse(String(value));
    expect(Object.keys(order)).toEqual(['order_id', 'ordered_at', 'user_id', 'items']);
    expect(order.ordered_at).toBe('2026-11-22 09:08:07.006');
    expect(order.order_id).toBe(key);
    expect(typeof order.items).toBe('string');
    const items = JSON.parse(order.items);
    expect(items.length).toBeGreaterThanOrEqual(1);
    for (const item of items) expect(item).toEqual({ product_id: expect.any(Number), quantity: expect.any(Number) });
  });

  it.each(tables.map((t) => [`${t.registry}.${t.table}`, t] as const))('makes %s records the connector reads without a single NULL or empty value', (_name, table) => {
    const generate = generatorFor(table);
    const checker = new RecordChecker(table.table, table.document);
    for (let i = 0; i < 500; i++) checker.add(String(generate(new Date(now.getTime() + i * 997_000)).value));
    expect(checker.report.fields.map((f) => [f.field, f.nulls, f.empties, f.wrong])).toEqual(table.document.message.fields.map((f) => [f.name, 0, 0, 0]));
    expect(checker.problems).toBe(0);
  });

  it.each(registryTables.map((t) => [`${t.registry}.${t.table} (${t.format})`, t] as const))('writes %s records in the wire format that read back with no NULL or wrong value', (_name, table) => {
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
  });

  it('refuses to write Avro or Protobuf records without a schema version id', () => {
    expect(() => generatorFor(registryTables[0])).toThrow(/schema version id/);
  });

  it('never writes a value the connector misreads, for every type and the fraction-trap formatHints', () => {
    const types = ['BOOLEAN', 'TINYINT', 'SMALLINT', 'INT', 'INTEGER', 'BIGINT', 'DOUBLE', 'DECIMAL', 'VARCHAR', 'CHAR', 'STRING'];
    const temporal = [['DATE', 'yyyy-MM-dd'], ['TIMESTAMP', 'yyyy-MM-dd HH:mm:ss.S'], ['TIMESTAMP', "yyyy-MM-dd'T'HH:mm:ss.SS'S'"], ['TIMESTAMP', 'dd/MM/yyyy hh:mm:ss a']];
    const fields = [
      ...types.map((type, i) => ({ name: `f${i}`, mapping: `f${i}`, type })),
      ...temporal.map(([type, formatHint], i) => ({ name: `t${i}`, mapping: `t${i}`, type, formatHint })),
    ];
    for (const dataFormat of ['json', 'csv'] as const) {
      const document = { topicName: 'all', message: { dataFormat, fields: dataFormat === 'csv' ? fields.map((x, i) => ({ ...x, mapping: String(i) })) : fields } };
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
