import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { main as inferMain } from '../../cli/schemas/infer-command';
import { ensureTopics } from '../../functions/topics/reconcile';
import { ROOT } from '../helpers/synth';
import { testBroker, testKafka } from './broker';

/*
 * verify as CI runs it: `npm run verify`'s own command against the suite's
 * broker, judged by its exit code. Values the writer left out (absent keys,
 * JSON nulls in number columns) pass; values Athena shows otherwise fail,
 * naming the field, unless the team accepted that loss, which is still shown.
 * Also: what a wrong port or listener says, and a broken table file of another
 * topic, which is a warning for commands about this one.
 */

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

let schemas: string;
const broker = testBroker();

/** `npm run verify -- args`, as the npm script runs it, over the scratch schema folder. */
function verify(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'scripts', 'run.mjs'), 'bin/verify.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, MSK_ATHENA_SCHEMAS: schemas },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

async function topicWith(topic: string, values: string[]): Promise<void> {
  const admin = testKafka().admin();
  await admin.connect();
  await ensureTopics(admin, [{ topic, partitions: 1, replicationFactor: 1, configs: { 'retention.ms': '3600000', 'min.insync.replicas': '1' } }]);
  await admin.disconnect();
  const producer = testKafka().producer();
  await producer.connect();
  await producer.send({ topic, messages: values.map((value, i) => ({ key: String(i), value })) });
  await producer.disconnect();
}

function table(registry: string, name: string, document: object): void {
  mkdirSync(join(schemas, registry), { recursive: true });
  writeFileSync(join(schemas, registry, `${name}.json`), `${JSON.stringify(document, null, 2)}\n`);
}

const plaintext = ['--brokers', broker.brokers, '--auth', 'plaintext'];

const PARCELS = {
  topicName: 'it-verdict-parcels',
  message: {
    dataFormat: 'json',
    fields: [
      { name: 'id', mapping: 'id', type: 'VARCHAR' },
      { name: 'weight', mapping: 'weight', type: 'INTEGER' },
      { name: 'note', mapping: 'note', type: 'VARCHAR' },
      { name: 'sent', mapping: 'sent', type: 'DATE', formatHint: 'yyyy-MM-dd' },
    ],
  },
};

beforeAll(async () => {
  schemas = mkdtempSync(join(tmpdir(), 'verdict-schemas-'));
  table('parcels', 'parcels', PARCELS);
  await topicWith('it-verdict-parcels', [
    '{"id":"p1","weight":3,"note":"fragile","sent":"2026-11-05"}',
    '{"id":"p2"}',
    '{"id":"p3","weight":null,"sent":null}',
    '{"id":"p4","weight":7,"note":""}',
  ]);
  table('parcels', 'nested', { ...PARCELS, topicName: 'it-verdict-nested' });
  await topicWith('it-verdict-nested', ['{"id":"n1","weight":1,"note":{"text":"keep dry"}}', '{"id":"n2","note":["a","b"]}', '{"id":"n3","weight":2}']);
  table('parcels', 'empty', { ...PARCELS, topicName: 'it-verdict-empty' });
  const admin = testKafka().admin();
  await admin.connect();
  await ensureTopics(admin, [
    { topic: 'it-verdict-empty', partitions: 1, replicationFactor: 1, configs: { 'retention.ms': '3600000', 'min.insync.replicas': '1' } },
  ]);
  await admin.disconnect();
}, 120_000);

afterAll(() => rmSync(schemas, { recursive: true, force: true }));

describe('npm run verify: exit 0 for values as written, 1 for lost ones', () => {
  it('passes a topic whose records leave keys out and write nulls where Athena shows NULL', async () => {
    const run = await verify(['--topic', 'it-verdict-parcels', ...plaintext]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^verify: 0 problems; Athena reads every value as written \(8 values the writer left out show as NULL or ""\)$/m);
    expect(run.stdout).toContain('no value: key "note" is missing');
    expect(run.status).toBe(0);
  });

  it('fails on a topic it read no record of: nothing checked is no verdict', async () => {
    const run = await verify(['--topic', 'it-verdict-empty', ...plaintext]);
    expect(run.stderr.trim()).toBe(
      'verify: read no record of it-verdict-empty (an empty topic, or its records are past retention), so nothing was checked; write some first (npm run produce)',
    );
    expect(run.stdout).not.toContain('Athena reads every value as written');
    expect(run.status).toBe(1);
  });

  it('fails on nested objects, naming the field and the kind of loss', async () => {
    const run = await verify(['--topic', 'it-verdict-nested', ...plaintext]);
    expect(run.stdout).toMatch(/^verify: 2 problems; Athena would not return every value as written: lost in parcels\.nested\.note \(nested: 2\)$/m);
    expect(run.stdout).toContain('nested: a nested object reads as "": write it as a JSON');
    expect(run.status).toBe(1);
  });

  it('--json carries the verdict: problems, lost and per field the kind of loss', async () => {
    const run = await verify(['--topic', 'it-verdict-nested', '--json', ...plaintext]);
    expect(run.status).toBe(1);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({ problems: 2, lost: 2, acceptedLost: 0, noValue: 5, accepted: [] });
    const note = json.tables[0].fields.find((f: { field: string }) => f.field === 'note');
    expect(note).toMatchObject({ ok: 0, noValue: 1, lost: 2, losses: [{ kind: 'nested', values: 2, accepted: null }] });
  });

  it('passes with the loss accepted, by option or by a committed file, and still reports it', async () => {
    const byOption = await verify(['--topic', 'it-verdict-nested', '--accept', 'parcels.nested.note:nested', ...plaintext]);
    expect(byOption.stdout).toContain('  accepted loss parcels.nested.note:nested (--accept): 2 values in this sample');
    expect(byOption.stdout).toMatch(/^verify: 0 problems; .*, except accepted losses: parcels\.nested\.note:nested \(2 values\)$/m);
    expect(byOption.status).toBe(0);

    const file = join(schemas, '..', `verdict-accepted-${process.pid}.json`);
    writeFileSync(file, JSON.stringify({ accepted: [{ loss: 'parcels.nested.note:nested', why: 'notes are read from the orders table' }] }));
    try {
      const byFile = await verify(['--topic', 'it-verdict-nested', '--accept-file', file, '--json', ...plaintext]);
      expect(byFile.status).toBe(0);
      const json = JSON.parse(byFile.stdout);
      expect(json).toMatchObject({ problems: 0, lost: 2, acceptedLost: 2 });
      expect(json.accepted).toEqual([
        expect.objectContaining({ table: 'parcels.nested', field: 'note', kind: 'nested', why: 'notes are read from the orders table', values: 2 }),
      ]);
    } finally {
      rmSync(file, { force: true });
    }
  });

  it('an accepted loss of another kind does not cover this one; a misspelt kind is a usage error', async () => {
    const other = await verify(['--topic', 'it-verdict-nested', '--accept', 'parcels.nested.note:json-null', ...plaintext]);
    expect(other.status).toBe(1);
    const typo = await verify(['--topic', 'it-verdict-nested', '--accept', 'parcels.nested.note:nestd', ...plaintext]);
    expect(typo.stderr).toMatch(/^verify: --accept: "nestd" is not a kind of loss; did you mean nested\?/m);
    expect(typo.status).toBe(2);
  });
});

describe('a wrong port or listener names what it is and the flag to use', () => {
  it("the broker's controller port", async () => {
    const run = await verify(['--topic', 'it-verdict-parcels', '--brokers', `127.0.0.1:${broker.controllerPort}`, '--auth', 'plaintext']);
    expect(run.stderr.trim()).toBe(
      `verify: 127.0.0.1:${broker.controllerPort} is the KRaft controller port of the local broker on ${broker.port}, which Kafka clients cannot use ` +
        '(kafkajs: "The Kafka server does not support the requested API version"); the local broker of npm run kafka:up listens on ' +
        `${broker.port} plaintext, ${broker.port + 2} TLS, ${broker.port + 4} SCRAM, ${broker.port + 6} IAM: use --local-port ${broker.port}`,
    );
    expect(run.status).toBe(1);
  });

  it('the TLS listener without --auth tls, at once rather than "Closed connection" after seconds', async () => {
    const started = Date.now();
    const run = await verify(['--topic', 'it-verdict-parcels', '--local-port', String(broker.listeners.tls)]);
    expect(run.stderr.trim()).toBe(
      `verify: 127.0.0.1:${broker.listeners.tls} is the local broker's TLS listener (its --port + 2), and --auth plaintext (the default for the local broker) ` +
        `needs a plaintext listener: pass --local-port ${broker.port} --auth tls (the tools read the local broker's credentials); ` +
        `the local broker of npm run kafka:up listens on ${broker.port} plaintext, ${broker.port + 2} TLS, ${broker.port + 4} SCRAM, ${broker.port + 6} IAM`,
    );
    expect(run.status).toBe(1);
    expect(Date.now() - started).toBeLessThan(6_000);
  });

  it('the SCRAM and IAM listeners by --brokers name their --auth', async () => {
    const scram = await verify(['--topic', 'it-verdict-parcels', '--brokers', `127.0.0.1:${broker.listeners.scram}`, '--auth', 'plaintext']);
    expect(scram.stderr).toMatch(
      new RegExp(
        `is the local broker's SCRAM listener \\(its --port \\+ 4\\), and --auth plaintext needs a plaintext listener: pass --local-port ${broker.port} --auth scram`,
      ),
    );
    const iam = await verify(['--topic', 'it-verdict-parcels', '--brokers', `127.0.0.1:${broker.listeners.iam}`, '--auth', 'plaintext']);
    expect(iam.stderr).toMatch(
      new RegExp(
        `is the local broker's IAM listener \\(its --port \\+ 6\\), and --auth plaintext needs a plaintext listener: pass --local-port ${broker.port} --auth iam`,
      ),
    );
    const plain = await verify(['--topic', 'it-verdict-parcels', '--brokers', broker.brokers, '--region', 'us-east-1']);
    expect(plain.stderr).toContain(
      `is the local broker's plaintext listener (its --port), and --auth iam (the default with --brokers) needs an IAM listener: pass --local-port ${broker.port} (or --auth plaintext); `,
    );
  });
});

describe('a broken table file of another topic is a warning', () => {
  let broken: string;
  beforeAll(() => {
    broken = join(schemas, 'other');
    mkdirSync(broken, { recursive: true });
    writeFileSync(
      join(broken, 'typo.json'),
      JSON.stringify({ topicName: 'it-verdict-other', message: { dataFormat: 'json', fields: [{ name: 'a', mapping: 'a', type: 'STRNG' }] } }),
    );
    writeFileSync(join(broken, 'syntax.json'), '{"topicName": "it-verdict-other", "message": {');
  });
  afterAll(() => rmSync(broken, { recursive: true, force: true }));

  it('verify reads its topic and warns of the file, which synth would stop on', async () => {
    const run = await verify(['--topic', 'it-verdict-parcels', ...plaintext]);
    expect(run.stderr).toMatch(/^warning: \S*other\/typo\.json: message\.fields\[0\] \(a\)\.type: "STRNG" is not a connector type; did you mean STRING\?/m);
    expect(run.stderr).toMatch(/typo\.json is skipped \(the table of topic it-verdict-other\); npm run synth stops on it until it is fixed/);
    expect(run.stderr).toMatch(/syntax\.json is skipped \(the table of topic it-verdict-other\)|syntax\.json is skipped \(a table file\)/);
    expect(run.status).toBe(0);
  });

  it("stops when the broken file is the topic's own table", async () => {
    const run = await verify(['--topic', 'it-verdict-other', ...plaintext]);
    expect(run.stderr).toMatch(/problems? in .* for topic it-verdict-other, nothing was read:/);
    expect(run.stderr).toContain('"STRNG" is not a connector type; did you mean STRING?');
    expect(run.status).toBe(1);
  });

  it('schemas:infer of another topic writes its table, reads the sample as verify does, and warns of the file', async () => {
    await topicWith('it-verdict-infer', ['{"a":1,"b":"x"}', '{"a":2}', '{"a":3,"b":null}']);
    const out: string[] = [];
    const err: string[] = [];
    const spies = [
      jest.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(format(...a))),
      jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(format(...a))),
    ];
    const before = process.env.MSK_ATHENA_SCHEMAS;
    process.env.MSK_ATHENA_SCHEMAS = schemas;
    let status: number;
    try {
      status = await inferMain(['--topic', 'it-verdict-infer', '--database', 'inferred', ...plaintext]);
    } finally {
      spies.forEach((s) => s.mockRestore());
      process.env.MSK_ATHENA_SCHEMAS = before;
    }
    const stdout = out.join('\n');
    expect({ status, stderr: err.join('\n') }).toEqual({ status: 0, stderr: '' });
    // b is a VARCHAR: the JSON null reads as the text "null", which infer warned of and verify counts as lost.
    expect(stdout).toMatch(/^verify: 1 problem; Athena would not return every value as written: lost in inferred\.it_verdict_infer\.b \(json-null: 1\)$/m);
    expect(stdout).toMatch(/^warning: .*typo\.json: message\.fields\[0\] \(a\)\.type: "STRNG" is not a connector type; did you mean STRING\?/m);
    const run = await verify(['--topic', 'it-verdict-infer', ...plaintext]);
    expect(run.stdout).toMatch(/^verify: 1 problem; Athena would not return every value as written: lost in inferred\.it_verdict_infer\.b \(json-null: 1\)$/m);
    expect(run.status).toBe(1);
  });
});
