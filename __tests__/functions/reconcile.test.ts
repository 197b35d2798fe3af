import { TopicChangeRefused } from '../../functions/shared/errors';
import { describePlan, isEmptyPlan, planTopics, type TopicState } from '../../functions/topics/reconcile';
import type { TopicSpec } from '../../core/kafka/topic-spec';

const spec = (over: Partial<TopicSpec> = {}): TopicSpec => ({
  topic: 'orders',
  partitions: 3,
  replicationFactor: 2,
  configs: { 'retention.ms': '86400000', 'min.insync.replicas': '1' },
  ...over,
});
const state = (over: Partial<TopicState> = {}): TopicState => ({
  topic: 'orders',
  partitions: 3,
  replicationFactor: 2,
  configs: { 'retention.ms': '86400000', 'min.insync.replicas': '1' },
  ...over,
});
const current = (...states: TopicState[]) => new Map(states.map((s) => [s.topic, s]));

describe('planTopics', () => {
  it('creates what is missing', () => {
    const plan = planTopics([spec()], current());
    expect(plan.create).toEqual([spec()]);
    expect(describePlan(plan)).toBe('created orders (3 partitions)');
  });

  it('changes nothing when the topic is as declared', () => {
    const plan = planTopics([spec()], current(state()));
    expect(isEmptyPlan(plan)).toBe(true);
    expect(plan.unchanged).toEqual(['orders']);
    expect(describePlan(plan)).toBe('no change (1 topics as declared)');
  });

  it('raises partitions and alters changed configs, naming old and new values', () => {
    const plan = planTopics([spec({ partitions: 6, configs: { 'retention.ms': '3600000', 'min.insync.replicas': '1' } })], current(state()));
    expect(plan.raisePartitions).toEqual([{ topic: 'orders', from: 3, to: 6 }]);
    expect(plan.alterConfigs).toEqual([
      { topic: 'orders', configs: { 'retention.ms': '3600000', 'min.insync.replicas': '1' }, changes: [{ name: 'retention.ms', from: '86400000', to: '3600000' }] },
    ]);
  });

  it('refuses fewer partitions, before planning anything', () => {
    expect(() => planTopics([spec({ topic: 'a' }), spec({ partitions: 1 })], current(state()))).toThrow(
      new TopicChangeRefused('orders', 'has 3 partitions and Kafka cannot remove partitions; keep 3 or more, or create a new topic'),
    );
  });

  it('refuses another replication factor, as a non-retriable error', () => {
    let error: unknown;
    try {
      planTopics([spec({ replicationFactor: 3 })], current(state()));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(TopicChangeRefused);
    expect((error as TopicChangeRefused).retriable).toBe(false);
    expect((error as Error).message).toBe('topic orders: has replication factor 2; changing it needs a partition reassignment, which this function does not do; declare 2');
  });

  it('reports every refused topic at once', () => {
    expect(() => planTopics([spec({ partitions: 1 }), spec({ topic: 'b', replicationFactor: 1 })], current(state(), state({ topic: 'b' })))).toThrow(/^topic orders, b: topic orders: .*; topic b: /);
  });

  it('leaves replication alone where none is declared (MSK Serverless)', () => {
    expect(isEmptyPlan(planTopics([spec({ replicationFactor: undefined })], current(state({ replicationFactor: 3 }))))).toBe(true);
  });
});
