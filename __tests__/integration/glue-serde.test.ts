import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyTopic } from '../../cli/verify/command';
import { produce } from '../../functions/producer/produce';
import { readTopic } from '../../functions/shared/read-topic';
import { SchemaVersions } from '../../functions/shared/schema-versions';
import { ensureTopics } from '../../functions/topics/reconcile';
import { javaDoubleToString } from '../../core/records/connector-values';
import { decodeVarint, decodeWireFormat } from '../../core/records/glue-wire-format';
import { avroOutcomes, javaFloatToString, protobufOutcomes, type RegistryOutcome } from '../../core/records/registry-values';
import { checkSchemaFolder, type AvroTable, type ProtobufTable, type RegistryDefinition } from '../../core/tables/schema-folder';
import { LOCAL_CREDENTIALS, LOCAL_REGION, registerSchemas } from '../../scripts/moto/local-glue';
import { startMoto, type Moto } from '../../scripts/moto/emulator';
import { GlueClient } from '@aws-sdk/client-glue';
import { REGISTRY_FORMATS, ROOT } from '../helpers/synth';
import { testBroker, testKafka } from './broker';

/*
 * The official Glue Schema Registry serde (software.amazon.glue:schema-registry-serde,
 * the connector's version, from Maven Central) as a peer: it reads what our
 * producer writes, and our verify reads what it writes, against the local
 * broker and moto's Glue. The peer prints, per record, the Java text of every
 * field the connector would offer; our predictions must match it exactly.
 */

const PEER_DIR = join(ROOT, '__tests__', 'fixtures', 'jvm', 'glue-serde');
const LIBS = join(ROOT, '.cache', 'glue-serde', 'libs');

function ensureSerdeJars(): void {
  if (existsSync(join(LIBS, 'schema-registry-serde-1.1.27.jar'))) return;
  mkdirSync(LIBS, { recursive: true });
  execFileSync(
    'mvn',
    ['-q', '-B', '-Dstyle.color=never', '-f', join(PEER_DIR, 'pom.xml'), 'dependency:copy-dependencies', `-DoutputDirectory=${LIBS}`, '-DincludeScope=runtime'],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
}

let moto: Moto;
let versions: SchemaVersions;
const env = { ...process.env, AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey };

function peer(args: string[]): { partition: number; offset: string; fields: Record<string, string> }[] {
  const run = spawnSync('java', ['-cp', `${LIBS}/*`, join(PEER_DIR, 'GlueSerdePeer.java'), args[0], testBroker().brokers, moto.url, ...args.slice(1)], {
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (run.status !== 0)
    throw new Error(
      `GlueSerdePeer ${args.join(' ')} failed:\n${run.stderr
        .split('\n')
        .filter((l) => !l.startsWith('SLF4J'))
        .slice(0, 15)
        .join('\n')}`,
    );
  return run.stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

/** A fresh topic: other suites on the same test broker (the bundled producer) may have written one of this name. */
async function createTopic(topic: string) {
  const admin = testKafka().admin();
  await admin.connect();
  if ((await admin.listTopics()).includes(topic)) {
    await admin.deleteTopics({ topics: [topic] });
    // Deletion completes in the background; creating the name again before that fails.
    for (let i = 0; i < 100 && (await admin.listTopics()).includes(topic); i++) await new Promise((r) => setTimeout(r, 200));
  }
  await ensureTopics(admin, [{ topic, partitions: 2, replicationFactor: 1, configs: { 'retention.ms': '3600000', 'min.insync.replicas': '1' } }]);
  await admin.disconnect();
}

/** A folder of one registry holding the given files, read as the project reads schemas/. */
function registryOf(files: Record<string, string>): RegistryDefinition {
  const dir = mkdtempSync(join(tmpdir(), 'serde-'));
  mkdirSync(join(dir, 'serde'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'serde', name), text);
  const report = checkSchemaFolder(dir, dir);
  expect(report.problems).toEqual([]);
  return report.registries[0];
}

/** The Java text of a predicted value, as the peer prints the Java object. */
function javaText(o: RegistryOutcome, columnType: string): string | undefined {
  const v = o.value;
  if (v === null) return undefined;
  if (typeof v === 'number') return columnType === 'real' ? javaFloatToString(v) : columnType === 'double' ? javaDoubleToString(v) : String(v);
  return String(v);
}

/** Our per-record predictions for records of a table, keyed by partition/offset. */
async function predictions(table: AvroTable | ProtobufTable): Promise<Map<string, Record<string, string>>> {
  const out = new Map<string, Record<string, string>>();
  for (const r of await readTopic(testKafka(), table.topic)) {
    const { schemaVersionId, payload } = decodeWireFormat(r.bytes!);
    const version = await versions.describe(schemaVersionId);
    expect(version).toMatchObject({ registry: table.registry, schema: table.table });
    let outcomes: RegistryOutcome[];
    if (table.format === 'avro') outcomes = avroOutcomes(table.columns, version!.definition, payload);
    else {
      const { value: index, rest } = decodeVarint(payload);
      outcomes = protobufOutcomes(table.columns, version!.definition, index, rest);
    }
    const fields: Record<string, string> = {};
    outcomes.forEach((o, i) => {
      const text = javaText(o, table.columns[i].type);
      if (text !== undefined) fields[table.columns[i].name] = text;
    });
    out.set(`${r.partition}/${r.offset}`, fields);
  }
  return out;
}

beforeAll(async () => {
  ensureSerdeJars();
  moto = await startMoto();
  versions = new SchemaVersions({ endpoint: moto.url, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
}, 600_000);
afterAll(() => moto?.stop());

const glue = () => new GlueClient({ endpoint: moto.url, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });

describe('Glue Schema Registry serde as a peer', () => {
  it("reads our producer's Avro and Protobuf records, value for value as verify predicts", async () => {
    const fixture = checkSchemaFolder(REGISTRY_FORMATS, ROOT).registries;
    await registerSchemas(glue(), fixture);
    const tables = fixture.flatMap((r) => r.tables).filter((t): t is AvroTable | ProtobufTable => t.format === 'avro' || t.format === 'protobuf');
    expect(tables.map((t) => t.format).sort()).toEqual(['avro', 'protobuf']);
    for (const t of tables) await createTopic(t.topic);
    const summary = await produce(testKafka(), tables, { recordsPerSecond: 0, count: 200, schemaVersions: versions });
    expect(summary).toMatchObject({ records: 200, errors: 0 });
    for (const t of tables) {
      const read = peer(['read', t.topic, t.format, '100']);
      expect(read).toHaveLength(100);
      const predicted = await predictions(t);
      for (const r of read)
        expect({ at: `${r.partition}/${r.offset}`, fields: r.fields }).toEqual({
          at: `${r.partition}/${r.offset}`,
          fields: predicted.get(`${r.partition}/${r.offset}`),
        });
      const result = await verifyTopic(testKafka(), t.topic, tables, 1000, versions);
      expect(result.problems).toBe(0);
    }
  });

  it('verify reads what the official serializer writes, including the values the connector degrades or misreads', async () => {
    const registry = registryOf({
      'peer_reading.proto': readFileSync(join(PEER_DIR, 'peer_reading.proto'), 'utf8'),
      'peer_event.avsc': readFileSync(join(PEER_DIR, 'peer_event.avsc'), 'utf8'),
    });
    await registerSchemas(glue(), [registry]);
    for (const t of registry.tables) {
      await createTopic(t.topic);
      const definitionFile = join(mkdtempSync(join(tmpdir(), 'def-')), t.file.split('/').pop()!);
      writeFileSync(definitionFile, t.definition);
      peer(['write', t.topic, t.format, '6', t.registry, t.table, definitionFile]);
      const read = peer(['read', t.topic, t.format, '6']);
      const predicted = await predictions(t as AvroTable | ProtobufTable);
      expect(read).toHaveLength(6);
      for (const r of read)
        expect({ at: `${r.partition}/${r.offset}`, fields: r.fields }).toEqual({
          at: `${r.partition}/${r.offset}`,
          fields: predicted.get(`${r.partition}/${r.offset}`),
        });
      const result = await verifyTopic(testKafka(), t.topic, registry.tables, 100, versions);
      const report = result.reports[0];
      expect(report).toMatchObject({ records: 6, unreadable: 0 });
      if (t.format === 'protobuf') {
        const field = (name: string) => report.fields.find((f) => f.field === name)!;
        // uint32 values above 2^31-1 read negative; proto3 false is left out and reads NULL.
        expect(field('u')).toMatchObject({ wrong: 6, ok: 0 });
        expect(field('ok')).toMatchObject({ nulls: 3, ok: 3 });
        expect(field('inner')).toMatchObject({ ok: 6 });
      } else {
        expect(result.problems).toBe(0);
      }
    }
  });

  it('refuses records that are not in the wire format, or name a version the registry does not have', async () => {
    const t = checkSchemaFolder(REGISTRY_FORMATS, ROOT)
      .registries.flatMap((r) => r.tables)
      .find((x) => x.format === 'avro')!;
    const topic = 'it-serde-unreadable';
    await createTopic(topic);
    const producer = testKafka().producer();
    await producer.connect();
    const unknownId = Buffer.concat([Buffer.from([3, 0]), Buffer.alloc(16, 7), Buffer.from([0])]);
    await producer.send({ topic, messages: [{ value: '{"not":"avro"}' }, { value: unknownId }] });
    await producer.disconnect();
    const result = await verifyTopic(testKafka(), topic, [{ ...t, topic }], 10, versions);
    expect(result.reports[0]).toMatchObject({ records: 2, unreadable: 2 });
    expect(result.reports[0].unreadableRecords.map((u) => u.why).join(' ')).toMatch(/header version 3.*|not in the registry/);
    expect(result.problems).toBe(2);
  });
});
