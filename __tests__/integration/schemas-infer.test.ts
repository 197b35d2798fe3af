import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import avro from 'avsc';
import protobuf from 'protobufjs';
import { SchemaVersions } from '../../functions/shared/schema-versions';
import { encodeVarint, encodeWireFormat } from '../../core/records/glue-wire-format';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../scripts/moto/local-glue';
import { startMoto, type Moto } from '../../scripts/moto/emulator';
import { ROOT } from '../helpers/synth';
import { createTopic as makeTopic, infer as inferWith, register as registerIn, send as sendTo, verified as verifiedIn } from './infer-fixtures';

/*
 * schemas:infer as a team uses it on topics it already has: records of the
 * shapes teams write (JSON with camelCase keys and ISO timestamps, CSV, Avro and
 * Protobuf in the Glue Schema Registry wire format with schemas in moto's Glue)
 * on the suite's broker; the tool writes the table files into a scratch schema
 * folder; schemas:check must accept them and verify must read the topic through
 * them with 0 problems.
 */

let moto: Moto;
let schemas: string;
let versions: SchemaVersions;
const createTopic = (topic: string, partitions = 2) => makeTopic(topic, partitions);
const send = sendTo;
const register = (registry: string, schema: string, dataFormat: 'AVRO' | 'PROTOBUF', definition: string) =>
  registerIn(moto.url, registry, schema, dataFormat, definition);
const infer = (args: string[]) => inferWith(args, moto.url);

const verified = (topic: string) => verifiedIn(schemas, topic, versions);

beforeAll(async () => {
  moto = await startMoto(Number(process.env.MSK_ATHENA_TEST_MOTO_PORT ?? 25010));
  versions = new SchemaVersions({ endpoint: moto.url, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  schemas = mkdtempSync(join(tmpdir(), 'infer-schemas-'));
  process.env.MSK_ATHENA_SCHEMAS = schemas;
}, 600_000);

afterAll(async () => {
  delete process.env.MSK_ATHENA_SCHEMAS;
  rmSync(schemas, { recursive: true, force: true });
  await moto?.stop();
});

describe('npm run schemas:infer against a real broker', () => {
  it('writes a typed JSON table that verify reads with 0 problems', async () => {
    const topic = 'it-infer-payments';
    await createTopic(topic);
    await send(
      topic,
      Array.from({ length: 120 }, (_, i) =>
        JSON.stringify({
          paymentId: `p-${i}`,
          amountCents: 100 + i,
          fee: i % 4 === 0 ? i : i / 8,
          captured: i % 3 === 0,
          createdAt: new Date(Date.UTC(2024, 4, 1, 8, 0, i, i)).toISOString().replace('Z', i % 2 ? 'Z' : '+00:00'),
          settledOn: `2024-05-${String(1 + (i % 28)).padStart(2, '0')}`,
          updatedMs: 1_714_550_400_000 + i,
          'Card Brand': i % 2 ? 'visa' : 'amex',
        }),
      ),
    );
    const r = await infer(['--topic', topic, '--database', 'team']);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    const document = JSON.parse(readFileSync(join(schemas, 'team', 'it_infer_payments.json'), 'utf8'));
    expect(document).toEqual({
      topicName: topic,
      message: {
        dataFormat: 'json',
        fields: [
          { name: 'payment_id', mapping: 'paymentId', type: 'VARCHAR' },
          { name: 'amount_cents', mapping: 'amountCents', type: 'BIGINT' },
          { name: 'fee', mapping: 'fee', type: 'DOUBLE' },
          { name: 'captured', mapping: 'captured', type: 'BOOLEAN' },
          { name: 'created_at', mapping: 'createdAt', type: 'TIMESTAMP', formatHint: "yyyy-MM-dd'T'HH:mm:ss.SSSXXX" },
          { name: 'settled_on', mapping: 'settledOn', type: 'DATE', formatHint: 'yyyy-MM-dd' },
          { name: 'updated_ms', mapping: 'updatedMs', type: 'BIGINT' },
          { name: 'card_brand', mapping: 'Card Brand', type: 'VARCHAR' },
        ],
      },
    });
    // Whole numbers are BIGINT unless asked (--narrow-integers): the sample's 219 is not the topic's largest value.
    expect(r.stdout).toMatch(
      /amount_cents +BIGINT \(key "amountCents"\): 120 of 120 values are whole numbers \(100 to 219\); BIGINT, as later values may outgrow/,
    );
    expect(r.stdout).toMatch(/epoch milliseconds/);
    expect(r.stdout).toMatch(/^verify: 0 problems; Athena reads every value as written$/m);
    // The topic's own settings, read and (the table being outside the project's schemas/) shown rather than recorded.
    expect(r.stdout).toContain(`topic ${topic}: partitions 2, retention.ms 1 h, retention.bytes unlimited, cleanup.policy delete`);
    expect(r.stdout).toContain(`add these keys to topics.overrides.${topic} in config/dev.json: {"partitions":2,"retentionHours":1,"sampleRecords":false}`);
    expect(await verified(topic)).toBe(0);
  });

  it('writes a CSV table with the names --columns gives, and refuses to overwrite it without --force', async () => {
    const topic = 'it-infer-meter';
    await createTopic(topic, 1);
    await send(
      topic,
      Array.from({ length: 40 }, (_, i) => `m-${i},${(i * 0.25).toFixed(2)},2024-06-01 10:${String(i).padStart(2, '0')}:00,${i % 2 === 0}`),
    );
    const r = await infer(['--topic', topic, '--database', 'team', '--columns', 'meter,kwh,read_at,estimated']);
    expect(r.status).toBe(0);
    const file = join(schemas, 'team', 'it_infer_meter.json');
    const written = readFileSync(file, 'utf8');
    expect(JSON.parse(written).message.fields).toEqual([
      { name: 'meter', mapping: '0', type: 'VARCHAR' },
      { name: 'kwh', mapping: '1', type: 'DOUBLE' },
      { name: 'read_at', mapping: '2', type: 'TIMESTAMP', formatHint: 'yyyy-MM-dd HH:mm:ss' },
      { name: 'estimated', mapping: '3', type: 'BOOLEAN' },
    ]);
    expect(await verified(topic)).toBe(0);
    const again = await infer(['--topic', topic, '--database', 'team']);
    expect({ status: again.status, stderr: again.stderr }).toEqual({
      status: 1,
      stderr: expect.stringMatching(/it_infer_meter\.json already exists, nothing written; pass --force to replace it$/),
    });
    expect(readFileSync(file, 'utf8')).toBe(written);
  });

  it("writes an Avro topic's writer schema from the registry as <topic>.avsc, read with 0 problems", async () => {
    const topic = 'it-infer-transfers';
    const definition = JSON.stringify({
      type: 'record',
      name: 'Transfer',
      namespace: 'team',
      fields: [
        { name: 'id', type: 'string' },
        { name: 'cents', type: 'long' },
        { name: 'rate', type: 'double' },
        { name: 'instant', type: 'boolean' },
      ],
    });
    const id = await register('team-registry', 'transfers-value', 'AVRO', definition);
    const type = avro.Type.forSchema(JSON.parse(definition));
    await createTopic(topic);
    await send(
      topic,
      Array.from({ length: 50 }, (_, i) => encodeWireFormat(id, type.toBuffer({ id: `t-${i}`, cents: 10_000_000_000 + i, rate: i / 3, instant: i % 2 === 0 }))),
    );
    const r = await infer(['--topic', topic, '--database', 'team']);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    expect(JSON.parse(readFileSync(join(schemas, 'team', `${topic}.avsc`), 'utf8'))).toEqual(JSON.parse(definition));
    expect(r.stdout).toMatch(/cents +BIGINT \(avro long\)/);
    expect(await verified(topic)).toBe(0);
  });

  it("writes a Protobuf topic's writer schema as <topic>.proto, read with 0 problems", async () => {
    const topic = 'it-infer-readings';
    const definition =
      'syntax = "proto2";\npackage team;\nmessage Reading {\n  optional string meter = 1;\n  optional double value = 2;\n  optional int64 at_ms = 3;\n}\n';
    const id = await register('team-registry', topic, 'PROTOBUF', definition);
    const message = protobuf.parse(definition).root.lookupType('team.Reading');
    await createTopic(topic);
    await send(
      topic,
      Array.from({ length: 30 }, (_, i) =>
        encodeWireFormat(
          id,
          Buffer.concat([
            encodeVarint(0),
            Buffer.from(message.encode(message.fromObject({ meter: `m-${i}`, value: i + 0.5, at_ms: 1_714_550_400_000 + i })).finish()),
          ]),
        ),
      ),
    );
    const r = await infer(['--topic', topic, '--database', 'team']);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    expect(readFileSync(join(schemas, 'team', `${topic}.proto`), 'utf8')).toBe(definition);
    expect(await verified(topic)).toBe(0);
  });

  it("lists what the connector cannot read in a writer's Avro schema, with the fix", async () => {
    const topic = 'it-infer-nullable';
    const definition = JSON.stringify({
      type: 'record',
      name: 'Note',
      fields: [
        { name: 'id', type: 'string' },
        { name: 'text', type: ['null', 'string'] },
      ],
    });
    const id = await register('team-registry', topic, 'AVRO', definition);
    await createTopic(topic, 1);
    await send(topic, [encodeWireFormat(id, avro.Type.forSchema(JSON.parse(definition)).toBuffer({ id: 'n-1', text: 'hi' }))]);
    const r = await infer(['--topic', topic, '--database', 'held']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/it-infer-nullable\.avsc: fields\[1\] \(text\)\.type: is the union \["null","string"\].*; give the field one plain type/);
    rmSync(join(schemas, 'held'), { recursive: true });
  });

  it('schemas:check accepts every file it wrote', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'scripts', 'run.mjs'), 'bin/schemas-check.ts', schemas], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status).toBe(0);
    // Avro and Protobuf tables take the topic's name, dashes and all: quoted in SQL, which schemas:check points out.
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^warning: .*it-infer-readings\.proto: .*quote it in SQL/),
      expect.stringMatching(/^warning: .*it-infer-transfers\.avsc: /),
    ]);
    expect(run.stdout).toMatch(/^ok: 4 tables in 1 registry \(team\)/);
  });
});
