import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import avro from 'avsc';
import protobuf from 'protobufjs';
import { SchemaVersions } from '../../functions/shared/schema-versions';
import { encodeVarint, encodeWireFormat } from '../../core/records/glue-wire-format';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../scripts/moto/local-glue';
import { startMoto, type Moto } from '../../scripts/moto/emulator';
import { createTopic as makeTopic, infer as inferWith, register as registerIn, send as sendTo, verified as verifiedIn } from './infer-fixtures';

/*
 * `schemas:infer -- --all` on a cluster a team already has: JSON, CSV, Avro and
 * Protobuf topics (the last two in the Glue Schema Registry wire format, their
 * schemas in moto's Glue), an empty topic, a contradictory one, one whose table
 * file exists, and an internal topic, all on the suite's broker. Every table it
 * writes (into a scratch schema folder) must be read by verify with 0 problems,
 * and the summary must say what it skipped and why. Other test files' topics
 * share this broker: --database-map picks this file's topics by prefix.
 */

let moto: Moto;
let schemas: string;
let versions: SchemaVersions;

/** Every topic here has one partition; sending makes it first (an empty topic too). */
async function send(topic: string, values: (string | Buffer)[]): Promise<void> {
  await makeTopic(topic, 1);
  await sendTo(topic, values);
}
const register = (registry: string, schema: string, dataFormat: 'AVRO' | 'PROTOBUF', definition: string) =>
  registerIn(moto.url, registry, schema, dataFormat, definition);
const infer = (args: string[]) => inferWith(args, moto.url);

const verified = (topic: string) => verifiedIn(schemas, topic, versions);

/** The summary table's row for a topic, its cells trimmed. */
function row(stdout: string, topic: string): string[] {
  const line = stdout.split('\n').find((l) => l.startsWith(`│ ${topic} `) || l.startsWith(`| ${topic} `));
  if (!line) throw new Error(`no summary row for ${topic} in:\n${stdout.slice(-3000)}`);
  return line
    .split(/[│|]/)
    .slice(1, -1)
    .map((c) => c.trim());
}

const AVRO_DEF = JSON.stringify({
  type: 'record',
  name: 'Account',
  namespace: 'bank',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'balance', type: 'long' },
  ],
});
const PROTO_DEF = 'syntax = "proto2";\npackage iot;\nmessage Beat {\n  optional string device = 1;\n  optional int64 at_ms = 2;\n}\n';

beforeAll(async () => {
  moto = await startMoto(Number(process.env.MSK_ATHENA_TEST_MOTO_PORT ?? 25010));
  versions = new SchemaVersions({ endpoint: moto.url, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  schemas = mkdtempSync(join(tmpdir(), 'infer-all-schemas-'));
  process.env.MSK_ATHENA_SCHEMAS = schemas;

  await send(
    'it-all-users',
    Array.from({ length: 60 }, (_, i) =>
      JSON.stringify({ user_id: 3_114 + i * 16_000, signup: `2026/11/${String(1 + (i % 28)).padStart(2, '0')}`, name: `u${i}` }),
    ),
  );
  await send(
    'it-all-meter',
    Array.from({ length: 30 }, (_, i) => `m-${i},${i},05.11.2026 08:${String(i).padStart(2, '0')}:00`),
  );
  const avroId = await register('bank', 'it-all-accounts', 'AVRO', AVRO_DEF);
  const account = avro.Type.forSchema(JSON.parse(AVRO_DEF));
  await send(
    'it-all-accounts',
    Array.from({ length: 20 }, (_, i) => encodeWireFormat(avroId, account.toBuffer({ id: `a-${i}`, balance: 5_000_000_000 + i }))),
  );
  const protoId = await register('iot', 'it-all-beats', 'PROTOBUF', PROTO_DEF);
  const beat = protobuf.parse(PROTO_DEF).root.lookupType('iot.Beat');
  await send(
    'it-all-beats',
    Array.from({ length: 20 }, (_, i) =>
      encodeWireFormat(
        protoId,
        Buffer.concat([encodeVarint(0), Buffer.from(beat.encode(beat.fromObject({ device: `d-${i}`, at_ms: 1_714_550_400_000 + i })).finish())]),
      ),
    ),
  );
  await send('it-all-empty', []);
  await send('it-all-mixed', ['{"a": 1}', 'x,y', '{"a": 2}']);
  await send('it-all-kept', ['{"k": "v"}']);
  await send('_schemas', ['{"subject": "s"}']);
  // A table written by hand before: --all leaves it alone without --force.
  mkdirSync(join(schemas, 'team'), { recursive: true });
  writeFileSync(
    join(schemas, 'team', 'it_all_kept.json'),
    '{"topicName": "it-all-kept", "message": {"dataFormat": "json", "fields": [{"name": "k", "mapping": "k", "type": "VARCHAR"}]}}\n',
  );
}, 600_000);

afterAll(async () => {
  delete process.env.MSK_ATHENA_SCHEMAS;
  rmSync(schemas, { recursive: true, force: true });
  await moto?.stop();
});

describe('npm run schemas:infer -- --all against a real broker', () => {
  let run: Awaited<ReturnType<typeof infer>>;

  beforeAll(async () => {
    run = await infer(['--all', '--database-map', 'it-all-kept=team,it-all-*=team']);
  });

  it('writes a table per topic it can type, into the folder the map names, and exits 0', () => {
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    for (const file of ['it_all_users.json', 'it_all_meter.json', 'it-all-accounts.avsc', 'it-all-beats.proto'])
      expect(existsSync(join(schemas, 'team', file))).toBe(true);
    expect(row(run.stdout, 'it-all-users')).toEqual(['it-all-users', 'wrote', join(schemas, 'team', 'it_all_users.json'), 'JSON', '']);
    expect(row(run.stdout, 'it-all-meter').slice(1, 2)).toEqual(['wrote']);
    expect(row(run.stdout, 'it-all-accounts')[3]).toBe('Avro');
    expect(row(run.stdout, 'it-all-beats')[3]).toBe('Protobuf');
  });

  it('types whole numbers BIGINT and dates in other layouts by their formatHint', () => {
    const users = JSON.parse(readFileSync(join(schemas, 'team', 'it_all_users.json'), 'utf8')).message.fields;
    expect(users).toEqual([
      { name: 'user_id', mapping: 'user_id', type: 'BIGINT' },
      { name: 'signup', mapping: 'signup', type: 'DATE', formatHint: 'yyyy/MM/dd' },
      { name: 'name', mapping: 'name', type: 'VARCHAR' },
    ]);
    const meter = JSON.parse(readFileSync(join(schemas, 'team', 'it_all_meter.json'), 'utf8')).message.fields;
    expect(meter.map((f: { type: string; formatHint?: string }) => [f.type, f.formatHint])).toEqual([
      ['VARCHAR', undefined],
      ['BIGINT', undefined],
      ['TIMESTAMP', 'dd.MM.yyyy HH:mm:ss'],
    ]);
  });

  it('skips the empty, the contradictory and the existing table, saying why, and leaves internal topics out', () => {
    expect(row(run.stdout, 'it-all-empty').slice(1, 2)).toEqual(['skipped']);
    expect(run.stdout).toMatch(/topic it-all-empty has no records, nothing written/);
    expect(row(run.stdout, 'it-all-mixed')[1]).toBe('skipped');
    expect(run.stdout).toMatch(/the sample of it-all-mixed is contradictory/);
    expect(row(run.stdout, 'it-all-kept')[1]).toBe('skipped');
    expect(run.stdout).toMatch(/it_all_kept\.json exists; pass --force to replace it/);
    expect(readFileSync(join(schemas, 'team', 'it_all_kept.json'), 'utf8')).toContain('"type": "VARCHAR"');
    expect(run.stdout).not.toMatch(/^[│|] _schemas /m);
    expect(run.stdout).toMatch(/schemas:infer --all: 4 written, \d+ skipped, 0 failed of \d+ topics; \d+ internal topics? left out \([^)]*_schemas/);
  });

  it("skips topics no pattern of the map matches (the other test files' topics here)", () => {
    const others = run.stdout.split('\n').filter((l) => /^[│|] /.test(l) && / skipped /.test(l) && /no --database-map pattern matches it/.test(l));
    const ours = run.stdout.split('\n').filter((l) => /^[│|] it-all-/.test(l));
    expect(ours).toHaveLength(7);
    expect(run.stdout).toContain('== it-all-users');
    expect(others.every((l) => !l.includes('it-all-'))).toBe(true);
  });

  it('writes tables verify reads with 0 problems', async () => {
    for (const topic of ['it-all-users', 'it-all-meter', 'it-all-accounts', 'it-all-beats']) expect([topic, await verified(topic)]).toEqual([topic, 0]);
  });

  it('replaces with --force, types INTEGER with --narrow-integers, and takes a JSON map file with --database as the fallback', async () => {
    const map = join(schemas, '..', `infer-all-map-${process.pid}.json`);
    writeFileSync(map, JSON.stringify({ 'it-all-u*': 'people' }));
    const away = join(schemas, '..', `infer-all-team-${process.pid}`); // outside the schema folder, where no table counts
    try {
      // Tables in team/ already read these topics: a second table in another folder is not written.
      const twice = await infer(['--all', '--database-map', map, '--database', 'rest', '--force']);
      expect(row(twice.stdout, 'it-all-users').slice(1, 2)).toEqual(['skipped']);
      expect(twice.stdout).toMatch(/team\/it_all_users\.json already reads it; infer it alone with --topic it-all-users to replace that table/);
      expect(existsSync(join(schemas, 'people'))).toBe(false);
      renameSync(join(schemas, 'team'), away);
      const again = await infer(['--all', '--database-map', map, '--database', 'rest', '--force', '--narrow-integers']);
      expect(again.status).toBe(0);
      const users = JSON.parse(readFileSync(join(schemas, 'people', 'it_all_users.json'), 'utf8')).message.fields;
      expect(users[0]).toEqual({ name: 'user_id', mapping: 'user_id', type: 'INTEGER' });
      expect(existsSync(join(schemas, 'rest', 'it_all_meter.json'))).toBe(true);
    } finally {
      rmSync(map, { force: true });
      if (existsSync(away)) renameSync(away, join(schemas, 'team'));
      rmSync(join(schemas, 'people'), { recursive: true, force: true });
      rmSync(join(schemas, 'rest'), { recursive: true, force: true });
    }
  });
});

describe('npm run schemas:infer -- --all: errors', () => {
  it("fails (exit 1) when a topic's writer schema is one the connector cannot read, naming it in the summary", async () => {
    const definition = JSON.stringify({ type: 'record', name: 'Note', fields: [{ name: 'text', type: ['null', 'string'] }] });
    const id = await register('notes', 'it-bad-notes', 'AVRO', definition);
    await send('it-bad-notes', [encodeWireFormat(id, avro.Type.forSchema(JSON.parse(definition)).toBuffer({ text: 'hi' }))]);
    const r = await infer(['--all', '--database-map', 'it-bad-*=held']);
    expect(r.status).toBe(1);
    expect(row(r.stdout, 'it-bad-notes')[1]).toBe('failed');
    expect(r.stderr).toMatch(/it-bad-notes\.avsc: fields\[0\] \(text\)\.type: is the union/);
    rmSync(join(schemas, 'held'), { recursive: true, force: true });
  });

  it.each([
    [['--all'], "say where the tables go: --database D for every topic, or --database-map 'billing.*=sales,*=misc'"],
    [['--all', '--database', 'd', '--topic', 'it-all-users'], "--topic names one topic's table; --all infers every topic"],
    [['--all', '--database-map', 'it-all-*'], '--database-map: "it-all-*" has no "="; write pattern=database'],
    [['--all', '--database-map', 'it-all-*=Sales-DB'], '--database-map: database "Sales-DB" (for it-all-*) is not'],
    [['--all', '--database-map', 'nowhere/map.json'], '--database-map nowhere/map.json: no such file'],
    [['--topic', 'it-all-users', '--database-map', 'x=y'], '--database-map chooses folders for --all'],
  ])('refuses %j as a usage error, saying what to write', async (args, message) => {
    const r = await infer(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
  });
});
