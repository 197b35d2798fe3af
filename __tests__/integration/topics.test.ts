import type { Admin } from 'kafkajs';
import { TopicChangeRefused } from '../../functions/shared/errors';
import { ensureTopics, readTopicState } from '../../functions/topics/reconcile';
import { isEmptyPlan } from '../../core/kafka/topic-plan';
import type { TopicSpec } from '../../core/kafka/topic-spec';
import { testKafka } from './broker';

const DAY = 86_400_000;

/** What declaredTopics gives for a topic the configuration names nothing of: the environment's defaults. */
const declared = (over: Partial<TopicSpec> = {}): TopicSpec => ({
  topic: 'it-topics-orders',
  partitions: 3,
  replicationFactor: 1,
  configs: { 'retention.ms': '3600000', 'min.insync.replicas': '1' },
  ...over,
});

async function keyedRecords(topic: string, count: number): Promise<void> {
  const producer = testKafka().producer();
  await producer.connect();
  await producer.send({ topic, messages: Array.from({ length: count }, (_, i) => ({ key: `account-${i % 7}`, value: JSON.stringify({ entry: i }) })) });
  await producer.disconnect();
}

describe('topics reconciler on a real broker', () => {
  let admin: Admin;
  beforeAll(async () => {
    admin = testKafka().admin();
    await admin.connect();
  });
  afterAll(() => admin.disconnect());

  it('creates the declared topics with their settings', async () => {
    const plan = await ensureTopics(admin, [declared(), declared({ topic: 'it-topics-sensors', partitions: 2 })]);
    expect(plan.create.map((t) => t.topic)).toEqual(['it-topics-orders', 'it-topics-sensors']);
    const state = await readTopicState(admin, ['it-topics-orders', 'it-topics-sensors']);
    expect(state.get('it-topics-orders')).toMatchObject({
      topic: 'it-topics-orders',
      partitions: 3,
      replicationFactor: 1,
      holdsRecords: false,
      configs: { 'retention.ms': '3600000', 'min.insync.replicas': '1' },
    });
    expect(state.get('it-topics-sensors')?.partitions).toBe(2);
  });

  it('changes nothing on a second run', async () => {
    const plan = await ensureTopics(admin, [declared(), declared({ topic: 'it-topics-sensors', partitions: 2 })]);
    expect(isEmptyPlan(plan)).toBe(true);
    expect(plan.unchanged).toEqual(['it-topics-orders', 'it-topics-sensors']);
  });

  it('raises the partitions of an empty topic and alters retention where the configuration names them', async () => {
    const plan = await ensureTopics(admin, [
      declared({ partitions: 6, configs: { 'retention.ms': '7200000', 'min.insync.replicas': '1' }, declared: ['partitions', 'retention.ms'] }),
    ]);
    expect(plan.changes.map((c) => [c.setting, c.from, c.to])).toEqual([
      ['partitions', '3', '6'],
      ['retention.ms', '3600000', '7200000'],
    ]);
    const state = await readTopicState(admin, ['it-topics-orders']);
    expect(state.get('it-topics-orders')).toMatchObject({ partitions: 6, configs: { 'retention.ms': '7200000' } });
  });

  it('refuses to lower partitions and leaves the topic as it was', async () => {
    await expect(
      ensureTopics(admin, [
        declared({ partitions: 2, configs: { 'retention.ms': '60000' }, declared: ['partitions', 'retention.ms'], confirmed: { 'retention.ms': '60000' } }),
      ]),
    ).rejects.toBeInstanceOf(TopicChangeRefused);
    const state = await readTopicState(admin, ['it-topics-orders']);
    expect(state.get('it-topics-orders')).toMatchObject({ partitions: 6, configs: { 'retention.ms': '7200000' } });
  });
});

describe("an onboarded topic: a team's topic with 30 days of keyed records in 1 partition", () => {
  const topic = 'it-topics-team-ledger';
  let admin: Admin;
  const settings = async () => (await readTopicState(admin, [topic])).get(topic)!;

  beforeAll(async () => {
    admin = testKafka().admin();
    await admin.connect();
    // Made by the team, not by this project: its own configs, one of which the project never manages.
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        {
          topic,
          numPartitions: 1,
          replicationFactor: 1,
          configEntries: [
            { name: 'retention.ms', value: String(30 * DAY) },
            { name: 'max.message.bytes', value: '2097152' },
          ],
        },
      ],
    });
    await keyedRecords(topic, 50);
  });
  afterAll(() => admin.disconnect());

  it('is left as it is by a run with the environment defaults, which says what it kept', async () => {
    const plan = await ensureTopics(admin, [declared({ topic })]);
    expect(isEmptyPlan(plan)).toBe(true);
    expect(plan.kept.map((k) => [k.setting, k.current, k.forNewTopics])).toEqual([
      ['partitions', '1', '3'],
      ['retention.ms', String(30 * DAY), '3600000'],
    ]);
    expect(await settings()).toMatchObject({ partitions: 1, holdsRecords: true, configs: { 'retention.ms': String(30 * DAY) } });
  });

  it('refuses a named retention cut and partition raise without confirmations, and changes nothing, not even the rest of the run', async () => {
    const run = ensureTopics(admin, [declared({ topic: 'it-topics-not-yet-made' }), declared({ topic, declared: ['partitions', 'retention.ms'] })]);
    await expect(run).rejects.toBeInstanceOf(TopicChangeRefused);
    await expect(run).rejects.toThrow(/retention\.ms 30 d -> 1 h refused \(not confirmed\): records older than 1 h are deleted/);
    await expect(run).rejects.toThrow(/partitions 1 -> 3 refused \(not confirmed\): keys move to other partitions/);
    expect(await settings()).toMatchObject({ partitions: 1, configs: { 'retention.ms': String(30 * DAY) } });
    expect(await admin.listTopics()).not.toContain('it-topics-not-yet-made');
  });

  it('plans without changing anything in a dry run', async () => {
    const plan = await ensureTopics(admin, [declared({ topic, declared: ['retention.ms'], configs: { 'retention.ms': String(60 * DAY) } })], { dryRun: true });
    expect(plan.changes).toEqual([{ topic, setting: 'retention.ms', from: String(30 * DAY), to: String(60 * DAY) }]);
    expect((await settings()).configs['retention.ms']).toBe(String(30 * DAY));
  });

  it('applies a confirmed change, keeping the configs the team set that the project does not manage', async () => {
    const plan = await ensureTopics(admin, [
      declared({ topic, configs: { 'retention.ms': String(7 * DAY) }, declared: ['retention.ms'], confirmed: { 'retention.ms': String(7 * DAY) } }),
    ]);
    expect(plan.changes).toMatchObject([{ setting: 'retention.ms', consequence: expect.stringMatching(/^records older than 7 d are deleted/) }]);
    const after = await readTopicState(admin, [topic]);
    expect(after.get(topic)).toMatchObject({ partitions: 1, configs: { 'retention.ms': String(7 * DAY) }, dynamicConfigs: { 'max.message.bytes': '2097152' } });
  });
});
