import * as kafkajs from 'kafkajs';
import { KafkaJSAggregateError, type Admin } from 'kafkajs';
import { TopicChangeFailed, TopicChangeRefused } from '../../functions/shared/errors';
import { ensureTopics } from '../../functions/topics/reconcile';
import { planTopics } from '../../core/kafka/topic-plan';
import type { TopicSpec } from '../../core/kafka/topic-spec';

/*
 * What a failed `cdktf deploy` says when the topics function cannot make a topic:
 * Terraform shows the function's error message and nothing else.
 */

// kafkajs throws it for each refused topic but leaves it out of its type declarations.
const { KafkaJSCreateTopicError } = kafkajs as unknown as { KafkaJSCreateTopicError: new (e: Error, topic: string) => Error };

const spec = (topic: string, replicationFactor?: number): TopicSpec => ({ topic, partitions: 3, replicationFactor, configs: { 'retention.ms': '86400000' } });

/** An admin of a cluster with `brokers` brokers and no topics; createTopics fails as `createTopics` says. */
function fakeAdmin(brokers: number, createTopics: () => Promise<boolean>): { admin: Admin; created: jest.Mock } {
  const created = jest.fn(createTopics);
  const admin = {
    describeCluster: async () => ({
      brokers: Array.from({ length: brokers }, (_, i) => ({ nodeId: i + 1, host: `b-${i + 1}`, port: 9098 })),
      controller: 1,
      clusterId: 'c',
    }),
    listTopics: async () => [],
    createTopics: created,
  } as unknown as Admin;
  return { admin, created };
}

describe('topics the cluster cannot hold', () => {
  it('refuses, before creating anything, more replicas than the cluster has brokers, naming every such topic', async () => {
    const { admin, created } = fakeAdmin(1, async () => true);
    const run = ensureTopics(admin, [spec('orders', 2), spec('sensor-readings', 2)]);
    await expect(run).rejects.toBeInstanceOf(TopicChangeRefused);
    await expect(run).rejects.toThrow(
      'refused 2 topic changes, nothing was changed: ' +
        'orders: refused: a new topic with replication factor 2 needs 2 brokers and the cluster has 1; declare at most 1, or add brokers; ' +
        'sensor-readings: refused: a new topic with replication factor 2 needs 2 brokers and the cluster has 1; declare at most 1, or add brokers',
    );
    expect(created).not.toHaveBeenCalled();
  });

  it('creates as many replicas as there are brokers, and leaves replication to MSK Serverless where none is declared', async () => {
    expect(planTopics([spec('orders', 2)], new Map(), 2).create).toHaveLength(1);
    expect(planTopics([spec('orders')], new Map(), 1).create).toHaveLength(1);
    const { admin, created } = fakeAdmin(3, async () => true);
    await ensureTopics(admin, [spec('orders', 3)]);
    expect(created).toHaveBeenCalledTimes(1);
  });

  it("names each topic Kafka refused and why, instead of kafkajs's bare 'Topic creation errors'", async () => {
    const refusal = (topic: string, type: string, retriable: boolean) =>
      new KafkaJSCreateTopicError(Object.assign(new Error(`${type} for ${topic}`), { type, code: 0, retriable }), topic);
    const { admin } = fakeAdmin(3, () =>
      Promise.reject(
        new KafkaJSAggregateError('Topic creation errors', [refusal('orders', 'POLICY_VIOLATION', false), refusal('sensor-readings', 'INVALID_CONFIG', false)]),
      ),
    );
    const run = ensureTopics(admin, [spec('orders', 3), spec('sensor-readings', 3)]);
    await expect(run).rejects.toBeInstanceOf(TopicChangeFailed);
    await expect(run).rejects.toThrow(
      'creating topics failed: topic orders: POLICY_VIOLATION for orders; topic sensor-readings: INVALID_CONFIG for sensor-readings',
    );
    await expect(run).rejects.toMatchObject({ retriable: false });
  });
});
