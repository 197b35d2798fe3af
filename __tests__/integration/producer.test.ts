import { join } from 'node:path';
import { jsonReport, verifyTopic } from '../../cli/verify/command';
import { produce } from '../../functions/producer/produce';
import { producerTables } from '../../core/tables/producer-tables';
import { readTopic } from '../../functions/shared/read-topic';
import { ensureTopics } from '../../functions/topics/reconcile';
import { readSchemaFolder, type DocumentTable, type TableDefinition } from '../../core/tables/schema-folder';
import { FIXTURE, ROOT } from '../helpers/synth';
import { testBroker, testKafka } from './broker';

const registries = readSchemaFolder(join(FIXTURE, 'schemas'), ROOT);
const schemaTables = registries.flatMap((r) => [...r.tables]);
// JSON and CSV tables here; Avro and Protobuf ones need a registry (glue-serde.test.ts).
const documentTables = producerTables(registries).filter((t): t is DocumentTable => t.format === 'json' || t.format === 'csv');
const ordersTable = documentTables.find((t) => t.table === 'orders')!;
const onTopic = (t: DocumentTable, topic: string): DocumentTable => ({ ...t, topic, document: { ...t.document, topicName: topic } });
const asDefinition = (t: DocumentTable): TableDefinition => ({ ...t, file: 'test', definition: JSON.stringify(t.document) });

async function createTopic(topic: string, partitions = 3) {
  const admin = testKafka().admin();
  await admin.connect();
  await ensureTopics(admin, [{ topic, partitions, replicationFactor: 1, configs: { 'retention.ms': '3600000', 'min.insync.replicas': '1' } }]);
  await admin.disconnect();
}

describe('producer on a real broker', () => {
  it('writes N records that a consumer reads back and verify passes with zero problems', async () => {
    const tables = documentTables.map((t) => onTopic(t, `it-produce-${t.topic}`));
    for (const t of tables) await createTopic(t.topic);
    const summary = await produce(testKafka(), tables, { recordsPerSecond: 0, count: 3000, batchSize: 250 });
    expect(summary).toMatchObject({ records: 3000, errors: 0 });
    expect(Object.values(summary.perTopic)).toEqual([1500, 1500]);
    for (const t of tables) {
      const records = await readTopic(testKafka(), t.topic);
      expect(records).toHaveLength(1500);
      for (const r of records) expect(r.value).not.toBeNull();
      const result = await verifyTopic(testKafka(), t.topic, tables.map(asDefinition), 1500);
      expect(result.reports[0].records).toBe(1500);
      expect(result.problems).toBe(0);
    }
  });

  it('refuses to write to a topic that does not exist, saying how to create it', async () => {
    await expect(produce(testKafka(), [onTopic(ordersTable, 'it-missing')], { recordsPerSecond: 0, count: 1 })).rejects.toThrow(
      'topic it-missing does not exist; the topics function creates them (locally: npm run topics -- --local)',
    );
  });

  it('loses and duplicates no record when the broker is killed with -9 and restarted mid-run', async () => {
    const table = onTopic(ordersTable, 'it-crash-orders');
    await createTopic(table.topic);
    const broker = testBroker();
    const total = 6000;
    let crashed = false;
    const run = produce(testKafka(), [table], {
      recordsPerSecond: 1500,
      count: total,
      batchSize: 100,
      onProgress: (s) => {
        if (!crashed && s.records >= 1500) {
          crashed = true;
          // Crash and restart in the background while the producer keeps sending.
          void broker.crash().then(() => broker.start(120_000));
        }
      },
    });
    const summary = await run;
    expect(crashed).toBe(true);
    expect(summary).toMatchObject({ records: total, errors: 0 });
    const records = await readTopic(testKafka(), table.topic, Infinity, 120_000);
    const ids = records.map((r) => JSON.parse(r.value!).order_id as string);
    expect(records).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
  });

  it('verify flags a wrong formatHint and a nested object', async () => {
    const topic = 'it-verify-bad';
    await createTopic(topic, 1);
    const producer = testKafka().producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: Array.from({ length: 20 }, (_, i) => ({
        key: `o${i}`,
        value: JSON.stringify({ order_id: `o${i}`, ordered_at: '2026-11-22T10:00:00.000Z', user_id: 'u1', items: [{ product_id: 1, quantity: 2 }] }),
      })),
    });
    await producer.disconnect();
    const result = await verifyTopic(testKafka(), topic, [asDefinition(onTopic(ordersTable, topic))], 100);
    const fields = Object.fromEntries(result.reports[0].fields.map((f) => [f.field, f]));
    expect(fields.ordered_at).toMatchObject({ ok: 0, nulls: 20 });
    expect(fields.ordered_at.reasons[0]).toContain('does not match "yyyy-MM-dd HH:mm:ss.SSS"');
    expect(fields.items).toMatchObject({ ok: 0, empties: 20 });
    expect(fields.order_id.ok).toBe(20);
    expect(result.problems).toBe(40);
    void schemaTables;
  });

  it('verify --json counts what Athena returns, and a tombstone hides the rest of its partition', async () => {
    const topic = 'it-verify-json';
    await createTopic(topic, 1);
    const producer = testKafka().producer();
    await producer.connect();
    const good = { order_id: 'o1', ordered_at: '2026-11-22 10:00:00.000', user_id: 'u1', items: '[]' };
    await producer.send({
      topic,
      messages: [
        { key: 'a', value: JSON.stringify(good) },
        { key: 'b', value: JSON.stringify({ ...good, user_id: null, ordered_at: '2026-11-22 10:00:00.5' }) },
        { key: 'c', value: null },
        { key: 'd', value: JSON.stringify(good) },
      ],
    });
    await producer.disconnect();
    const result = await verifyTopic(testKafka(), topic, [asDefinition(onTopic(ordersTable, topic))], 10);
    const json = JSON.parse(jsonReport(result));
    expect(json.tables[0]).toMatchObject({ table: 'customer.orders', records: 4, tombstones: 1, skipped: 1 });
    const fields = Object.fromEntries(json.tables[0].fields.map((f: { field: string }) => [f.field, f]));
    const nullText = 'JSON null reads as the text "null"';
    expect(fields.user_id).toEqual({
      field: 'user_id',
      type: 'VARCHAR',
      ok: 1,
      nulls: 0,
      empties: 0,
      wrong: 1,
      reasons: [nullText],
      noValue: 0,
      noValueReasons: [],
      lost: 1,
      losses: [{ kind: 'json-null', values: 1, reasons: [nullText], accepted: null }],
    });
    expect(fields.ordered_at).toMatchObject({
      ok: 1,
      wrong: 1,
      reasons: ['"2026-11-22 10:00:00.5": S counts milliseconds, so 1 fraction digit read as 5 ms; write exactly 3'],
    });
    expect(json.problems).toBe(4);
  });
});
