import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { format } from 'node:util';
import { logLevel } from 'kafkajs';
import { CreateRegistryCommand, CreateSchemaCommand, GlueClient } from '@aws-sdk/client-glue';
import { main as produce } from '../../cli/produce/command';
import { sendRecords, topicPartitions } from '../../cli/produce/send-file';
import { main as infer } from '../../cli/schemas/infer-command';
import { verifyTopic } from '../../cli/verify/command';
import { decodeWireFormat } from '../../core/records/glue-wire-format';
import { messageIndex, protobufMessage } from '../../core/tables/protobuf-schema';
import { checkSchemaFolder, readSchemaFolder, type TableDefinition } from '../../core/tables/schema-folder';
import { createKafka } from '../../functions/shared/kafka-client';
import { readTopic } from '../../functions/shared/read-topic';
import { SchemaVersions } from '../../functions/shared/schema-versions';
import { ensureTopics } from '../../functions/topics/reconcile';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../scripts/moto/local-glue';
import { startMoto, type Moto } from '../../scripts/moto/emulator';
import { ROOT } from '../helpers/synth';
import { testBroker, testKafka } from './broker';

/*
 * `npm run produce -- --topic T --file F` with a team's own records, on the
 * suite's broker and moto's Glue: JSON lines with absent keys go produce ->
 * schemas:infer -> verify with exit 0; CSV lines, and Avro and Protobuf records
 * given as JSON, are written as their tables read them; keys, standard input
 * and the counts per partition; and every refusal leaves the topic untouched.
 * Tables go to a scratch folder (MSK_ATHENA_SCHEMAS), never the project's.
 */

const run = Date.now().toString(36);
const topicName = (name: string) => `it-pf-${name}-${run}`;
let moto: Moto;
let schemas: string;
let work: string;
let versions: SchemaVersions;

async function createTopic(topic: string, partitions = 3): Promise<void> {
  const admin = testKafka().admin();
  await admin.connect();
  await ensureTopics(admin, [{ topic, partitions, replicationFactor: 1, configs: { 'retention.ms': '3600000', 'min.insync.replicas': '1' } }]);
  await admin.disconnect();
}

/** Records on the topic, all partitions together. */
async function recordCount(topic: string): Promise<number> {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}

const connection = () => ['--brokers', testBroker().brokers, '--auth', 'plaintext', '--glue-endpoint', moto.url];

/** Runs a tool in-process, as its npm script would, against the suite's broker and moto. */
async function inProcess(
  tool: (argv: string[]) => Promise<number>,
  args: string[],
  where: string[] = connection(),
): Promise<{ status: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const spies = [
    jest.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(format(...a))),
    jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(format(...a))),
  ];
  try {
    const status = await tool([...args, ...where]);
    return { status, stdout: out.join('\n'), stderr: err.join('\n') };
  } finally {
    for (const s of spies) s.mockRestore();
  }
}

const produceFile = (args: string[], stdin?: string) => inProcess((argv) => produce(argv, Readable.from(stdin === undefined ? [] : [stdin])), args);

/** The tool as a user runs it, in its own process (the npm script's command), with `input` on standard input. */
function spawnTool(script: string, args: string[], input?: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'scripts', 'run.mjs'), script, ...args, ...connection()], {
      cwd: ROOT,
      env: { ...process.env, MSK_ATHENA_SCHEMAS: schemas },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

function writeLines(name: string, lines: string[]): string {
  const file = join(work, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** A table file in the scratch folder, as a team writes it; returns it as the tools read it. */
function addTable(file: string, text: string): TableDefinition {
  mkdirSync(join(schemas, 'team'), { recursive: true });
  writeFileSync(join(schemas, 'team', file), text);
  const report = checkSchemaFolder(schemas, schemas);
  expect(report.problems).toEqual([]);
  return report.registries.flatMap((r) => [...r.tables]).find((t) => t.file === join('team', file))!;
}

/** Registers the table's definition in moto's Glue, as kafka:up or a deploy does; returns the version id. */
async function register(t: TableDefinition, dataFormat: 'AVRO' | 'PROTOBUF'): Promise<string> {
  const glue = new GlueClient({ endpoint: moto.url, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  await glue.send(new CreateRegistryCommand({ RegistryName: t.registry })).catch(() => undefined);
  const created = await glue.send(
    new CreateSchemaCommand({
      RegistryId: { RegistryName: t.registry },
      SchemaName: t.table,
      DataFormat: dataFormat,
      Compatibility: 'BACKWARD',
      SchemaDefinition: t.definition,
    }),
  );
  return created.SchemaVersionId!;
}

/** A scratch table file as the tools name it: relative to the project root. */
const shown = (file: string) => relative(ROOT, join(schemas, 'team', file));

const tables = () => checkSchemaFolder(schemas, schemas).registries.flatMap((r) => [...r.tables]);

/** `  partition P: N records` lines of produce's output, as a map. */
const printedCounts = (stdout: string) => new Map([...stdout.matchAll(/^ {2}partition (\d+): (\d+) records?$/gm)].map((m) => [Number(m[1]), Number(m[2])]));

function actualCounts(records: { partition: number }[], partitions: number): Map<number, number> {
  const counts = new Map(Array.from({ length: partitions }, (_, p) => [p, 0]));
  for (const r of records) counts.set(r.partition, counts.get(r.partition)! + 1);
  return counts;
}

beforeAll(async () => {
  moto = await startMoto(Number(process.env.MSK_ATHENA_TEST_MOTO_PORT ?? 25011));
  versions = new SchemaVersions({ endpoint: moto.url, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  schemas = mkdtempSync(join(tmpdir(), 'produce-file-schemas-'));
  work = mkdtempSync(join(tmpdir(), 'produce-file-input-'));
  process.env.MSK_ATHENA_SCHEMAS = schemas;
  // The project's schema folder always holds tables; the first one here is a CSV table of its own test.
  addTable(
    'pf_meter.json',
    JSON.stringify({
      topicName: topicName('meter'),
      message: {
        dataFormat: 'csv',
        fields: [
          { name: 'meter', mapping: '0', type: 'VARCHAR' },
          { name: 'kwh', mapping: '1', type: 'DOUBLE' },
          { name: 'read_on', mapping: '2', type: 'DATE', formatHint: 'yyyy-MM-dd' },
          { name: 'phases', mapping: '3', type: 'INTEGER' },
        ],
      },
    }),
  );
}, 600_000);

afterAll(async () => {
  delete process.env.MSK_ATHENA_SCHEMAS;
  rmSync(schemas, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
  await moto?.stop();
});

describe('npm run produce -- --topic T --file F on a real broker', () => {
  it('JSON lines with absent keys go produce -> schemas:infer -> verify with exit 0, keyed by a field, counted per partition', async () => {
    const topic = topicName('visits');
    await createTopic(topic, 3);
    const lines = Array.from({ length: 60 }, (_, i) =>
      JSON.stringify({
        visit_id: `v-${i}`,
        account: `acct-${i % 7}`,
        pages: i % 9,
        ...(i % 4 !== 0 && { referrer: `https://example.org/${i}` }),
        ...(i % 5 !== 0 && { seconds: i * 1.5 }),
        visited_at: `2026-03-${String(1 + (i % 28)).padStart(2, '0')}`,
      }),
    );
    const file = writeLines('visits.jsonl', lines);
    const r = await produceFile(['--topic', topic, '--file', file, '--key-field', 'account']);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    expect(r.stdout).toContain(
      `produce: wrote 60 records from ${file} to ${topic} on ${testBroker().brokers} (json lines as they are: no table reads ${topic}; keys from key account)`,
    );

    const records = await readTopic(testKafka(), topic);
    expect(records.map((x) => x.value).sort()).toEqual([...lines].sort());
    // One key, one partition; the file's order kept within it.
    for (let k = 0; k < 7; k++) {
      const mine = records.filter((x) => x.key === `acct-${k}`);
      expect(new Set(mine.map((x) => x.partition)).size).toBe(1);
      expect(mine.map((x) => x.value)).toEqual(lines.filter((l) => JSON.parse(l).account === `acct-${k}`));
    }
    expect(printedCounts(r.stdout)).toEqual(actualCounts(records, 3));

    const inferred = await inProcess(infer, ['--topic', topic, '--database', 'own']);
    expect({ status: inferred.status, stderr: inferred.stderr }).toEqual({ status: 0, stderr: '' });
    const verify = await spawnTool('bin/verify.ts', ['--topic', topic]);
    expect({ status: verify.status, stderr: verify.stderr }).toEqual({ status: 0, stderr: '' });
    expect(verify.stdout).toMatch(/^verify: 0 problems/m);
  });

  it('CSV lines to a CSV table, keyed by a column name; verify reads them as written', async () => {
    const topic = topicName('meter');
    await createTopic(topic, 2);
    const lines = Array.from(
      { length: 30 },
      (_, i) => `m-${i % 4},${(i * 0.25).toFixed(2)},2026-04-${String(1 + i).padStart(2, '0')}${i % 3 === 0 ? '' : `,${1 + (i % 3)}`}`,
    );
    const r = await produceFile(['--topic', topic, '--file', writeLines('meter.csv', lines), '--key-field', 'meter']);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    expect(r.stdout).toContain(`(csv, checked against ${shown('pf_meter.json')}; keys from column meter)`);
    const records = await readTopic(testKafka(), topic);
    expect(records.map((x) => x.value).sort()).toEqual([...lines].sort());
    expect(records.every((x) => x.value!.startsWith(`${x.key},`))).toBe(true);
    expect(printedCounts(r.stdout)).toEqual(actualCounts(records, 2));
    expect((await verifyTopic(testKafka(), topic, tables(), 1000)).problems).toBe(0);
  });

  it('Avro records given as JSON are written in the Glue wire format with the registered version', async () => {
    const topic = topicName('parcels');
    const table = addTable(
      `${topic}.avsc`,
      JSON.stringify({
        type: 'record',
        name: 'Parcel',
        namespace: 'team',
        fields: [
          { name: 'parcel_id', type: 'string' },
          { name: 'grams', type: 'int' },
          { name: 'scanned_at_ms', type: 'long' },
          { name: 'fragile', type: 'boolean' },
          { name: 'volume_l', type: 'float' },
          { name: 'price', type: 'double' },
          { name: 'note', type: 'string', default: 'none' },
        ],
      }),
    );
    const id = await register(table, 'AVRO');
    await createTopic(topic, 2);
    const lines = Array.from({ length: 25 }, (_, i) =>
      JSON.stringify({
        parcel_id: `p-${i}`,
        grams: 100 * i,
        scanned_at_ms: 1_767_225_600_000 + i,
        fragile: i % 2 === 0,
        volume_l: i / 4,
        price: i * 1.1,
        ...(i % 3 === 0 && { note: `handle ${i}` }),
      }).replace(/"scanned_at_ms":(\d+)/, (_m, n: string) => `"scanned_at_ms":${BigInt(n) * 10000n}`),
    );
    const r = await produceFile(['--topic', topic, '--file', writeLines('parcels.jsonl', lines), '--key-field', 'parcel_id']);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    const records = await readTopic(testKafka(), topic);
    expect(records).toHaveLength(25);
    const wire = decodeWireFormat(records.find((x) => x.key === 'p-3')!.bytes!);
    expect(wire.schemaVersionId).toBe(id);
    const result = await verifyTopic(testKafka(), topic, tables(), 1000, versions, 100);
    expect(result.problems).toBe(0);
    const row = result.rows!.find((x) => x.values.parcel_id === 'p-3')!;
    expect(row.values).toMatchObject({ grams: '300', scanned_at_ms: '17672256000030000', fragile: 'false', note: 'handle 3' });
    expect(result.rows!.find((x) => x.values.parcel_id === 'p-4')!.values.note).toBe('none');
    expect(printedCounts(r.stdout)).toEqual(actualCounts(records, 2));
  });

  it('Protobuf records given as JSON are written with the message index and the registered version', async () => {
    const topic = topicName('beacons');
    const table = addTable(
      `${topic}.proto`,
      [
        'syntax = "proto2";',
        'package team;',
        'message Beacon {',
        '  optional string beacon_id = 1;',
        '  optional int32 rssi = 2;',
        '  optional int64 seen_at_ms = 3;',
        '  optional bool moving = 4;',
        '  optional Kind kind = 5;',
        '  repeated string tags = 6;',
        '  enum Kind { FIXED = 0; MOBILE = 1; }',
        '}',
        '',
      ].join('\n'),
    );
    const id = await register(table, 'PROTOBUF');
    await createTopic(topic, 1);
    const lines = Array.from({ length: 20 }, (_, i) =>
      JSON.stringify({
        beacon_id: `b-${i}`,
        rssi: -40 - i,
        seen_at_ms: 1_767_225_600_000 + i,
        ...(i % 2 === 0 && { moving: i % 4 === 0 }),
        kind: i % 2 ? 'MOBILE' : 'FIXED',
        tags: ['a', `t${i}`],
      }),
    );
    const r = await produceFile(['--topic', topic, '--file', writeLines('beacons.jsonl', lines)]);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    expect(r.stdout).toMatch(/^ {2}partition 0: 20 records$/m);
    const records = await readTopic(testKafka(), topic);
    expect(records).toHaveLength(20);
    const message = protobufMessage(table.definition);
    const wire = decodeWireFormat(records[5].bytes!);
    expect(wire.schemaVersionId).toBe(id);
    expect(wire.payload[0]).toBe(messageIndex(message));
    expect(message.toObject(message.decode(wire.payload.subarray(1)), { longs: String, enums: String })).toEqual({
      beacon_id: 'b-5',
      rssi: -45,
      seen_at_ms: '1767225600005',
      kind: 'MOBILE',
      tags: ['a', 't5'],
    });
    expect((await verifyTopic(testKafka(), topic, tables(), 1000, versions)).problems).toBe(0);
  });

  it('reads standard input with --file -, one key for all, and prints no kafkajs warning', async () => {
    const topic = topicName('stdin');
    await createTopic(topic, 4);
    const lines = Array.from({ length: 12 }, (_, i) => JSON.stringify({ n: i, text: `line ${i}` }));
    const r = await spawnTool('bin/produce.ts', ['--topic', topic, '--file', '-', '--key', 'batch-1'], `${lines.join('\r\n')}\r\n\r\n`);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    expect(r.stdout).toContain(`produce: wrote 12 records from standard input to ${topic}`);
    const records = await readTopic(testKafka(), topic);
    expect(records.map((x) => x.value)).toEqual(lines);
    expect(new Set(records.map((x) => x.key))).toEqual(new Set(['batch-1']));
    const counts = printedCounts(r.stdout);
    expect([...counts.keys()]).toEqual([0, 1, 2, 3]);
    expect([...counts.values()].sort()).toEqual([0, 0, 0, 12]);
    expect(counts.get(records[0].partition)).toBe(12);
  });

  it('records without keys spread over the partitions, and kafkajs logs nothing about its partitioner', async () => {
    const topic = topicName('spread');
    await createTopic(topic, 3);
    const logs: string[] = [];
    const kafka = createKafka(
      { brokers: [testBroker().brokers], auth: 'plaintext', clientId: 'msk-athena-it' },
      {
        logLevel: logLevel.WARN,
        logCreator:
          () =>
          ({ log }) =>
            void logs.push(log.message),
      },
    );
    const counts = await sendRecords(
      kafka,
      topic,
      (await topicPartitions(kafka, topic, testBroker().brokers)).partitions,
      Array.from({ length: 9 }, (_, i) => ({ key: null, value: `${i}` })),
    );
    expect([...counts]).toEqual([
      [0, 3],
      [1, 3],
      [2, 3],
    ]);
    expect(logs.filter((m) => /partitioner/i.test(m))).toEqual([]);
  });
});

describe('produce --file refuses a bad file and writes nothing', () => {
  let topic: string;
  beforeAll(async () => {
    topic = topicName('refusals');
    await createTopic(topic, 2);
    addTable(
      'pf_refusals.json',
      JSON.stringify({
        topicName: topic,
        message: {
          dataFormat: 'json',
          fields: [
            { name: 'id', mapping: 'id', type: 'VARCHAR' },
            { name: 'qty', mapping: 'qty', type: 'INTEGER' },
          ],
        },
      }),
    );
  });

  it('a line that is not JSON: file, line number, what and the fix; the good lines are not sent either', async () => {
    const file = writeLines('bad-json.jsonl', ['{"id":"a","qty":1}', '{"id":"b","qty":2', '{"id":"c"}']);
    const r = await produceFile(['--topic', topic, '--file', file]);
    expect(r.status).toBe(1);
    expect(r.stderr.split('\n')).toEqual([
      `produce: 1 problem on 1 line of ${file}, nothing was written:`,
      `  ${file}: line 2: is not one JSON value: Quoted object key or end of object '}' expected but reached end of input at column 18; ` +
        'write one JSON object per line ({"key": value, ...}), keys and text in double quotes',
    ]);
    expect(await recordCount(topic)).toBe(0);
  });

  it("a value that does not fit the table's type, and a nested object, name the key and the table file", async () => {
    const file = writeLines('bad-values.jsonl', ['{"id":"a","qty":1}', '{"id":"b","qty":"many"}', '{"id":{"x":1},"qty":2147483648}']);
    const r = await produceFile(['--topic', topic, '--file', file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`produce: 3 problems on 2 lines of ${file}, nothing was written:`);
    expect(r.stderr).toContain(
      `${file}: line 2, key "qty" (INTEGER): "many" is not a whole number within INTEGER for Java's parser, so Athena shows NULL; ` +
        `write a whole number from -2147483648 to 2147483647, or change the column's type in ${shown('pf_refusals.json')}`,
    );
    expect(r.stderr).toContain(`${file}: line 3, key "id" (VARCHAR): a nested object reads as ""; write it as a JSON string (JSON.stringify of the value)`);
    expect(r.stderr).toContain(`${file}: line 3, key "qty" (INTEGER): "2147483648" is not a whole number within INTEGER`);
    expect(await recordCount(topic)).toBe(0);
  });

  it('a record without the --key-field key', async () => {
    const file = writeLines('no-key.jsonl', ['{"id":"a","qty":1}', '{"qty":2}']);
    const r = await produceFile(['--topic', topic, '--file', file, '--key-field', 'id']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      `${file}: line 2, key "id": is missing, and --key-field takes the record key from it; give every record a key there, or leave --key-field out`,
    );
    expect(await recordCount(topic)).toBe(0);
  });

  it('an Avro record with a missing field and a wrong type', async () => {
    const avroTopic = topicName('parcels');
    const file = writeLines('bad-avro.jsonl', [JSON.stringify({ parcel_id: 'x', grams: 1.5, scanned_at_ms: 1, fragile: true, volume_l: 1, prize: 2 })]);
    const before = await recordCount(avroTopic);
    const r = await produceFile(['--topic', avroTopic, '--file', file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${file}: line 1, key "prize": is not a field of record ${avroTopic}; did you mean "price"?`);
    expect(r.stderr).toContain(
      `${file}: line 1, key "grams" (int): the number 1.5 is not a whole number, which int needs; write a whole number from -2147483648 to 2147483647`,
    );
    expect(r.stderr).toContain(`${file}: line 1, key "price" (double): is missing, and the field has no default`);
    expect(await recordCount(avroTopic)).toBe(before);
  });

  it('a CSV value that does not fit its column, with the header-row hint on line 1', async () => {
    const meter = topicName('meter');
    const file = writeLines('bad.csv', ['meter,kwh,read_on,phases', 'm-1,0.5,2026-04-01,3']);
    const before = await recordCount(meter);
    const r = await produceFile(['--topic', meter, '--file', file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      `${file}: line 1, column 1 (kwh, DOUBLE): "kwh" is not a number for Double.parseDouble, so Athena shows NULL; write a number, ` +
        `or change the column's type in ${shown('pf_meter.json')}; if line 1 is a header row, remove it: every line is written as a record`,
    );
    expect(await recordCount(meter)).toBe(before);
  });

  it('an empty file', async () => {
    const file = writeLines('empty.jsonl', ['', '  ']);
    const r = await produceFile(['--topic', topic, '--file', file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${file}: holds no records (no line with any text); give one JSON object or CSV record per line`);
    expect(await recordCount(topic)).toBe(0);
  });

  it('a topic that does not exist, with the near name', async () => {
    const file = writeLines('ok.jsonl', ['{"id":"a","qty":1}']);
    const r = await produceFile(['--topic', `${topic}x`, '--file', file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `produce: topic ${topic}x does not exist on ${testBroker().brokers}, nothing was written; did you mean ${topic}? ` +
        "create it first (the project's declared topics: npm run topics; any other with your cluster's tools; on the local broker produce --local creates it)",
    );
    const admin = testKafka().admin();
    await admin.connect();
    expect(await admin.listTopics()).not.toContain(`${topic}x`);
    await admin.disconnect();
  });

  it('on the local broker, a topic that does not exist is created with --partitions, then written', async () => {
    const file = writeLines('team.jsonl', ['{"id":"a","qty":1}', '{"id":"b","qty":2}', '{"id":"c","qty":3}']);
    const fresh = `pf_made_here_${run}`;
    const local = ['--local-port', String(testBroker().port), '--glue-endpoint', moto.url];
    const r = await inProcess((argv) => produce(argv, Readable.from([])), ['--topic', fresh, '--file', file, '--partitions', '2', '--key-field', 'id'], local);
    expect(r.stdout).toContain(`produce: created topic ${fresh} on the local broker ${testBroker().brokers} (2 partitions)`);
    expect(r.status).toBe(0);
    expect(await recordCount(fresh)).toBe(3);
    const onCluster = await produceFile(['--topic', `${fresh}y`, '--file', file, '--partitions', '2']);
    expect(onCluster).toMatchObject({ status: 2, stderr: 'produce: --partitions is for a topic produce creates on the local broker (--local); see --help' });
  });

  it('a file that is not there, and options that do not go together', async () => {
    const missing = await produceFile(['--topic', topic, '--file', join(work, 'nope.jsonl')]);
    expect(missing).toMatchObject({
      status: 1,
      stderr: `produce: cannot read --file ${join(work, 'nope.jsonl')}: no such file; give the path of a file of JSON or CSV lines (- for standard input)`,
    });
    const both = await produceFile(['--topic', topic, '--file', '-', '--key', 'k', '--key-field', 'id']);
    expect(both).toMatchObject({ status: 2, stderr: 'produce: --key-field and --key both say where keys come from; give one; see --help' });
    const count = await produceFile(['--topic', topic, '--file', '-', '--count', '5']);
    expect(count).toMatchObject({ status: 2, stderr: 'produce: --count is for generated records; --file writes every line of the file once; see --help' });
    expect(await recordCount(topic)).toBe(0);
  });
});

describe("docs/local-loop.md's own-records commands", () => {
  it("run as written (npm run pointed at the suite's broker and Glue stand-in), on the project's tables, from another folder", async () => {
    const page = readFileSync(join(ROOT, 'docs', 'local-loop.md'), 'utf8');
    const from = page.indexOf('\n## Your own records\n');
    expect(from).toBeGreaterThan(0);
    const block = /```sh\n([\s\S]*?)```/.exec(page.slice(from))![1];
    const commands = block
      .trim()
      .split('\n')
      .map((l) => l.replace(/\s+#.*$/, ''));
    expect(commands.filter((c) => c.includes('npm run produce -- --local --topic'))).toHaveLength(3);
    const project = readSchemaFolder(join(ROOT, 'schemas'), ROOT).flatMap((r) => [...r.tables]);
    for (const t of project.filter((x) => commands.some((c) => c.includes(`--topic ${x.topic} `)))) {
      await createTopic(t.topic, 2);
      if (t.format === 'avro') await register(t, 'AVRO').catch((err: Error) => expect(err.name).toBe('AlreadyExistsException'));
    }
    // `npm run <tool> -- args` as the npm script runs it, with the suite's connection added (--brokers wins over --local).
    // npm runs the script in the project's folder, telling it the user's folder in INIT_CWD.
    const shim = `npm() { tool=$2; shift 3; (INIT_CWD=$PWD; export INIT_CWD; cd '${ROOT}' && node scripts/run.mjs "bin/$tool.ts" "$@" ${connection().join(' ')}); }`;
    const cwd = mkdtempSync(join(tmpdir(), 'produce-file-readme-'));
    const { MSK_ATHENA_SCHEMAS: _, ...env } = process.env;
    for (const command of commands) {
      const r = await new Promise<{ status: number | null; out: string }>((resolve) => {
        const child = spawn('/bin/sh', ['-c', `${shim}\n${command}`], { cwd, env: { ...env, PATH: process.env.PATH } });
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (out += d));
        child.on('close', (status) => resolve({ status, out }));
      });
      // The output is shown only when the command failed.
      expect({ command, status: r.status, out: r.status === 0 ? '' : r.out }).toEqual({ command, status: 0, out: '' });
      if (command.includes('npm run produce')) expect(r.out).toMatch(/^ {2}partition 0: \d+ records?$/m);
    }
    rmSync(cwd, { recursive: true, force: true });
  });
});
