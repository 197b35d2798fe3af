import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Admin } from 'kafkajs';
import { copyProject } from '../../cli/lib/project/copy';
import { readTopicState } from '../../functions/topics/reconcile';
import { ROOT } from '../helpers/synth';
import { testBroker, testKafka } from './broker';

/*
 * "Onboarding an existing topic" (docs/tables.md) and "Changing a topic"
 * (docs/deploying.md), run as a user runs them (npm scripts in a copy of the
 * project, so its config/ and schemas/ are the user's own), on a team topic
 * of the suite's broker: 30 days of keyed JSON records in one partition.
 * Onboarding must leave the topic as it is and record its settings; a cut of
 * its retention is refused until confirmed.
 */

const DAY = 86_400_000;
const TOPIC = 'team_ledger';
const project = mkdtempSync(join(tmpdir(), 'onboarding-'));
const port = testBroker().port;
let admin: Admin;

function npm(args: string[]): Promise<{ status: number | null; out: string }> {
  return new Promise((resolve) => {
    // The copy's own schemas/ and config/, as a user's checkout has them.
    const { MSK_ATHENA_SCHEMAS: _, ...env } = process.env;
    const child = spawn('npm', ['run', '-s', ...args], { cwd: project, env: { ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (status) => resolve({ status, out }));
  });
}

const ledger = async () => (await readTopicState(admin, [TOPIC])).get(TOPIC)!;
const config = () => JSON.parse(readFileSync(join(project, 'config', 'dev.json'), 'utf8'));

beforeAll(async () => {
  copyProject(project);
  symlinkSync(join(ROOT, 'node_modules'), join(project, 'node_modules'), 'dir');
  admin = testKafka().admin();
  await admin.connect();
  if ((await admin.listTopics()).includes(TOPIC)) {
    await admin.deleteTopics({ topics: [TOPIC] });
    while ((await admin.listTopics()).includes(TOPIC)) await new Promise((r) => setTimeout(r, 200));
  }
  await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic: TOPIC, numPartitions: 1, replicationFactor: 1, configEntries: [{ name: 'retention.ms', value: String(30 * DAY) }] }],
  });
  const producer = testKafka().producer();
  await producer.connect();
  await producer.send({
    topic: TOPIC,
    messages: Array.from({ length: 40 }, (_, i) => ({
      key: `acct-${i % 5}`,
      value: JSON.stringify({ entry_id: i, account: `acct-${i % 5}`, amount_cents: 100 * i }),
    })),
  });
  await producer.disconnect();
}, 120_000);

afterAll(async () => {
  await admin?.disconnect();
  rmSync(project, { recursive: true, force: true });
});

describe('onboarding an existing topic, then changing it', () => {
  it('schemas:infer writes the table, leaves the topic as it is and records its settings in config/dev.json', async () => {
    const run = await npm(['schemas:infer', '--', '--topic', TOPIC, '--database', 'ledger', '--brokers', testBroker().brokers, '--auth', 'plaintext']);
    expect(run.out).toContain('wrote schemas/ledger/team_ledger.json');
    expect(run.out).toContain(`topic ${TOPIC}: partitions 1, retention.ms 30 d, retention.bytes unlimited, cleanup.policy delete`);
    expect(run.out).toContain(`recorded in config/dev.json: topics.overrides.${TOPIC} {"partitions":1,"retentionHours":720,"sampleRecords":false}`);
    expect(run.out).toContain(
      `sampleRecords false: ${TOPIC} holds a team's records, so the sample producer and npm run produce write no generated record to it`,
    );
    expect(run.status).toBe(0);
    expect(config().topics.overrides[TOPIC]).toEqual({ partitions: 1, retentionHours: 720, sampleRecords: false });
    expect(await ledger()).toMatchObject({ partitions: 1, configs: { 'retention.ms': String(30 * DAY) } });
  });

  it('generated records never go to the team topic on a cluster: produce refuses it and writes nothing', async () => {
    const before = await admin.fetchTopicOffsets(TOPIC);
    const run = await npm(['produce', '--', '--topic', TOPIC, '--count', '5', '--brokers', testBroker().brokers, '--auth', 'plaintext']);
    expect(run.status).toBe(2);
    expect(run.out).toContain(
      `produce: ${TOPIC} is a team topic (config/dev.json topics.overrides.${TOPIC}.sampleRecords is false): produce writes no generated record to one`,
    );
    expect(await admin.fetchTopicOffsets(TOPIC)).toEqual(before);
  });

  it('the next topics run (as the deploy makes it) changes nothing on the topic', async () => {
    const plan = await npm(['topics', '--', '--plan', '--local', '--local-port', String(port)]);
    expect(plan.status).toBe(0);
    expect(plan.out).toMatch(new RegExp(`unchanged: .*\\b${TOPIC}\\b`));
    const run = await npm(['topics', '--', '--local', '--local-port', String(port)]);
    expect(run.status).toBe(0);
    expect(await ledger()).toMatchObject({ partitions: 1, configs: { 'retention.ms': String(30 * DAY) } });
  });

  it('a retention cut is refused with what would be lost until it is confirmed, then applied', async () => {
    const file = join(project, 'config', 'dev.json');
    const recorded = config();
    recorded.topics.overrides[TOPIC].retentionHours = 168;
    writeFileSync(file, JSON.stringify(recorded, null, 2));
    const plan = await npm(['topics', '--', '--plan', '--local', '--local-port', String(port)]);
    expect(plan.status).toBe(1);
    expect(plan.out).toContain(`${TOPIC}: retention.ms 30 d -> 7 d refused (not confirmed): records older than 7 d are deleted within minutes`);
    expect(plan.out).toContain('"confirm": { "retentionHours": 168 }');
    const refused = await npm(['topics', '--', '--local', '--local-port', String(port)]);
    expect(refused.status).toBe(1);
    expect((await ledger()).configs['retention.ms']).toBe(String(30 * DAY));

    recorded.topics.overrides[TOPIC].confirm = { retentionHours: 168 };
    writeFileSync(file, JSON.stringify(recorded, null, 2));
    const applied = await npm(['topics', '--', '--local', '--local-port', String(port)]);
    expect(applied.out).toContain(`${TOPIC}: retention.ms 30 d -> 7 d (confirmed: records older than 7 d are deleted`);
    expect(applied.status).toBe(0);
    expect(await ledger()).toMatchObject({ partitions: 1, configs: { 'retention.ms': String(7 * DAY) } });
  });

  it('a confirmation of another value than the override sets fails before anything runs', async () => {
    const recorded = config();
    recorded.topics.overrides[TOPIC].confirm = { retentionHours: 24 };
    writeFileSync(join(project, 'config', 'dev.json'), JSON.stringify(recorded, null, 2));
    const run = await npm(['topics', '--', '--plan', '--local', '--local-port', String(port)]);
    expect(run.status).toBe(1);
    expect(run.out).toContain(`config/dev.json: topics.overrides.${TOPIC}.confirm.retentionHours: confirms 24 but retentionHours is 168`);
  });
});
