import type { Admin } from 'kafkajs';
import { TopicChangeRefused } from '../../functions/shared/errors';
import { ensureTopics, isEmptyPlan, readTopicState } from '../../functions/topics/reconcile';
import type { TopicSpec } from '../../core/kafka/topic-spec';
import { testKafka } from './broker';

const declared = (over: Partial<TopicSpec> = {}): TopicSpec => ({
  topic: 'it-topics-orders',
  partitions: 3,
  replicationFactor: 1,
  configs: { 'retention.ms': '3600000', 'min.insync.replicas': '1' },
  ...over,
});

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
    expect(state.get('it-topics-orders')).toEqual({ topic: 'it-topics-orders', partitions: 3, replicationFactor: 1, configs: { 'retention.ms': '3600000', 'min.insync.replicas': '1' } });
    expect(state.get('it-topics-sensors')?.partitions).toBe(2);
  });

  it('changes nothing on a second run', async () => {
    const plan = await ensureTopics(admin, [declared(), declared({ topic: 'it-topics-sensors', partitions: 2 })]);
    expect(isEmptyPlan(plan)).toBe(true);
    expect(plan.unchanged).toEqual(['it-topics-orders', 'it-topics-sensors']);
  });

  it('raises partitions and alters retention in place', async () => {
    const plan = await ensureTopics(admin, [declared({ partitions: 6, configs: { 'retention.ms': '7200000', 'min.insync.replicas': '1' } })]);
    expect(plan.raisePartitions).toEqual([{ topic: 'it-topics-orders', from: 3, to: 6 }]);
    const state = await readTopicState(admin, ['it-topics-orders']);
    expect(state.get('it-topics-orders')).toMatchObject({ partitions: 6, configs: { 'retention.ms': '7200000' } });
  });

  it('refuses to lower partitions and leaves the topic as it was', async () => {
    await expect(ensureTopics(admin, [declared({ partitions: 2, configs: { 'retention.ms': '60000', 'min.insync.replicas': '1' } })])).rejects.toBeInstanceOf(TopicChangeRefused);
    const state = await readTopicState(admin, ['it-topics-orders']);
    expect(state.get('it-topics-orders')).toMatchObject({ partitions: 6, configs: { 'retention.ms': '7200000' } });
  });
});
