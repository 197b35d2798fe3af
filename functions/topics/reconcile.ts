import type { Admin } from 'kafkajs';
import { TopicChangeFailed, TopicChangeRefused } from '../shared/errors';
import { MANAGED_CONFIGS, type ManagedConfig, type TopicSpec } from '../../core/kafka/topic-spec';
import { configsAfter, planTopics, type TopicPlan, type TopicState } from '../../core/kafka/topic-plan';
import { refusalText } from '../../core/kafka/topic-plan-text';

// DescribeConfigs' source of a value the topic sets itself (Kafka's ConfigSource.TOPIC_CONFIG).
const TOPIC_CONFIG_SOURCE = 1;
const TOPIC_RESOURCE = 2;

/** A topic as the cluster has it, with the configs it sets itself (an alter must send them all). */
export interface LiveTopic extends TopicState {
  readonly dynamicConfigs: Readonly<Record<string, string>>;
}

/** Partitions, replication, managed configs, whether it holds records and its fewest in-sync replicas, of those `topics` that exist. */
export async function readTopicState(admin: Admin, topics: readonly string[]): Promise<Map<string, LiveTopic>> {
  const existing = new Set(await admin.listTopics());
  const present = topics.filter((t) => existing.has(t));
  const state = new Map<string, LiveTopic>();
  if (present.length === 0) return state;
  const { topics: metadata } = await admin.fetchTopicMetadata({ topics: present });
  // Every config: the dynamic ones are resent whole by an alter (kafkajs has no incremental alter).
  const { resources } = await admin.describeConfigs({ includeSynonyms: false, resources: present.map((name) => ({ type: TOPIC_RESOURCE, name })) });
  const offsets = await Promise.all(present.map(async (t) => [t, await admin.fetchTopicOffsets(t)] as const));
  for (const m of metadata) {
    const entries = resources.find((r) => r.resourceName === m.name)?.configEntries ?? [];
    const partitionOffsets = offsets.find(([t]) => t === m.name)?.[1] ?? [];
    state.set(m.name, {
      topic: m.name,
      partitions: m.partitions.length,
      replicationFactor: m.partitions[0]?.replicas.length ?? 0,
      configs: Object.fromEntries(
        entries.filter((c) => (MANAGED_CONFIGS as readonly string[]).includes(c.configName)).map((c) => [c.configName as ManagedConfig, c.configValue]),
      ),
      dynamicConfigs: Object.fromEntries(
        entries
          .filter((c) => (c as { configSource?: number }).configSource === TOPIC_CONFIG_SOURCE && !c.isSensitive)
          .map((c) => [c.configName, c.configValue]),
      ),
      holdsRecords: partitionOffsets.some((p) => BigInt(p.high) > BigInt(p.low)),
      fewestInSync: Math.min(...m.partitions.map((p) => p.isr.length)),
    });
  }
  return state;
}

/** kafkajs reports per-topic failures of one request as an aggregate whose own message names no topic. */
function perTopic(action: string, err: unknown): unknown {
  const errors = (err as { errors?: unknown }).errors;
  if (!Array.isArray(errors) || errors.length === 0) return err;
  const reasons = errors.map((e: { topic?: string; message?: string }) => ({ topic: e.topic ?? '?', reason: e.message ?? String(e) }));
  return new TopicChangeFailed(
    action,
    reasons,
    errors.every((e: { retriable?: boolean }) => e.retriable === true),
  );
}

/** Makes the plan's creations and changes; a plan with refusals is never applied. */
export async function applyTopicPlan(admin: Admin, plan: TopicPlan, live: ReadonlyMap<string, LiveTopic>): Promise<void> {
  if (plan.refused.length > 0) throw refusedError(plan);
  if (plan.create.length > 0) {
    await admin
      .createTopics({
        waitForLeaders: true,
        topics: plan.create.map((t) => ({
          topic: t.topic,
          numPartitions: t.partitions,
          replicationFactor: t.replicationFactor,
          configEntries: Object.entries(t.configs).map(([name, value]) => ({ name, value })),
        })),
      })
      .catch((err) => {
        throw perTopic('creating topics', err);
      });
  }
  const raises = plan.changes.filter((c) => c.setting === 'partitions');
  if (raises.length > 0) await admin.createPartitions({ topicPartitions: raises.map((p) => ({ topic: p.topic, count: Number(p.to) })) });
  const alters = [...new Set(plan.changes.map((c) => c.topic))].flatMap((topic) => {
    const configs = configsAfter(plan, topic, live.get(topic)?.dynamicConfigs ?? {});
    return configs ? [{ type: TOPIC_RESOURCE, name: topic, configEntries: Object.entries(configs).map(([name, value]) => ({ name, value })) }] : [];
  });
  // AlterConfigs replaces all of a topic's own configs, so each topic's are sent with the changes laid over them.
  if (alters.length > 0) await admin.alterConfigs({ validateOnly: false, resources: alters });
}

function refusedError(plan: TopicPlan): TopicChangeRefused {
  return new TopicChangeRefused(
    plan.refused.map(refusalText),
    plan.refused.map((r) => r.topic),
  );
}

/** The plan for `desired` against the cluster as it is now. */
export async function planAgainstCluster(admin: Admin, desired: readonly TopicSpec[]): Promise<{ plan: TopicPlan; live: Map<string, LiveTopic> }> {
  const { brokers } = await admin.describeCluster();
  const live = await readTopicState(
    admin,
    desired.map((d) => d.topic),
  );
  return { plan: planTopics(desired, live, brokers.length), live };
}

/**
 * Makes the declared topics exist with their declared settings and returns what
 * was done; with `dryRun` only says what would be. Refused changes throw before
 * anything is changed (a dry run returns them in the plan).
 */
export async function ensureTopics(admin: Admin, desired: readonly TopicSpec[], options: { dryRun?: boolean } = {}): Promise<TopicPlan> {
  const { plan, live } = await planAgainstCluster(admin, desired);
  if (options.dryRun) return plan;
  await applyTopicPlan(admin, plan, live);
  return plan;
}
