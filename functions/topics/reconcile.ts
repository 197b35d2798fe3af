import type { Admin } from 'kafkajs';
import { TopicChangeFailed, TopicChangeRefused } from '../shared/errors';
import { MANAGED_CONFIGS, type TopicSpec } from '../../core/kafka/topic-spec';

export interface TopicState {
  readonly topic: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly configs: Readonly<Record<string, string>>;
}

export interface TopicPlan {
  readonly create: TopicSpec[];
  readonly raisePartitions: { topic: string; from: number; to: number }[];
  readonly alterConfigs: { topic: string; configs: Record<string, string>; changes: { name: string; from?: string; to: string }[] }[];
  readonly unchanged: string[];
}

export const isEmptyPlan = (p: TopicPlan) => p.create.length + p.raisePartitions.length + p.alterConfigs.length === 0;

/**
 * What it takes to make `current` match `desired`. Refuses, before anything is
 * changed, what Kafka cannot do: fewer partitions, another replication factor,
 * more replicas than the cluster has brokers (when `brokers` is known).
 */
export function planTopics(desired: readonly TopicSpec[], current: ReadonlyMap<string, TopicState>, brokers?: number): TopicPlan {
  const plan: TopicPlan = { create: [], raisePartitions: [], alterConfigs: [], unchanged: [] };
  const refusals: TopicChangeRefused[] = [];
  for (const want of desired) {
    const have = current.get(want.topic);
    if (!have) {
      // Kafka would refuse the whole CreateTopics request with a bare error code.
      if (brokers !== undefined && want.replicationFactor !== undefined && want.replicationFactor > brokers) {
        refusals.push(new TopicChangeRefused(want.topic, `replication factor ${want.replicationFactor} needs ${want.replicationFactor} brokers and the cluster has ${brokers}; declare at most ${brokers}, or add brokers`));
      }
      plan.create.push(want);
      continue;
    }
    if (want.partitions < have.partitions) {
      refusals.push(new TopicChangeRefused(want.topic, `has ${have.partitions} partitions and Kafka cannot remove partitions; keep ${have.partitions} or more, or create a new topic`));
    }
    if (want.replicationFactor !== undefined && want.replicationFactor !== have.replicationFactor) {
      refusals.push(new TopicChangeRefused(want.topic, `has replication factor ${have.replicationFactor}; changing it needs a partition reassignment, which this function does not do; declare ${have.replicationFactor}`));
    }
    let changed = false;
    if (want.partitions > have.partitions) {
      plan.raisePartitions.push({ topic: want.topic, from: have.partitions, to: want.partitions });
      changed = true;
    }
    const changes = Object.entries(want.configs)
      .filter(([name, value]) => have.configs[name] !== value)
      .map(([name, to]) => ({ name, from: have.configs[name], to }));
    if (changes.length > 0) {
      plan.alterConfigs.push({ topic: want.topic, configs: { ...want.configs }, changes });
      changed = true;
    }
    if (!changed) plan.unchanged.push(want.topic);
  }
  if (refusals.length === 1) throw refusals[0];
  if (refusals.length > 1) throw new TopicChangeRefused(refusals.map((r) => r.topic).join(', '), refusals.map((r) => r.message).join('; '));
  return plan;
}

/** Partitions, replication and managed configs of those `topics` that exist. */
export async function readTopicState(admin: Admin, topics: readonly string[]): Promise<Map<string, TopicState>> {
  const existing = new Set(await admin.listTopics());
  const present = topics.filter((t) => existing.has(t));
  const state = new Map<string, TopicState>();
  if (present.length === 0) return state;
  const { topics: metadata } = await admin.fetchTopicMetadata({ topics: present });
  const { resources } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: present.map((name) => ({ type: 2 /* TOPIC */, name, configNames: [...MANAGED_CONFIGS] })),
  });
  for (const m of metadata) {
    const described = resources.find((r) => r.resourceName === m.name);
    state.set(m.name, {
      topic: m.name,
      partitions: m.partitions.length,
      replicationFactor: m.partitions[0]?.replicas.length ?? 0,
      configs: Object.fromEntries((described?.configEntries ?? []).map((c) => [c.configName, c.configValue])),
    });
  }
  return state;
}

/** kafkajs reports per-topic failures of one request as an aggregate whose own message names no topic. */
function perTopic(action: string, err: unknown): unknown {
  const errors = (err as { errors?: unknown }).errors;
  if (!Array.isArray(errors) || errors.length === 0) return err;
  const reasons = errors.map((e: { topic?: string; message?: string }) => ({ topic: e.topic ?? '?', reason: e.message ?? String(e) }));
  return new TopicChangeFailed(action, reasons, errors.every((e: { retriable?: boolean }) => e.retriable === true));
}

export async function applyTopicPlan(admin: Admin, plan: TopicPlan): Promise<void> {
  if (plan.create.length > 0) {
    await admin.createTopics({
      waitForLeaders: true,
      topics: plan.create.map((t) => ({
        topic: t.topic,
        numPartitions: t.partitions,
        replicationFactor: t.replicationFactor,
        configEntries: Object.entries(t.configs).map(([name, value]) => ({ name, value })),
      })),
    }).catch((err) => {
      throw perTopic('creating topics', err);
    });
  }
  if (plan.raisePartitions.length > 0) {
    await admin.createPartitions({ topicPartitions: plan.raisePartitions.map((p) => ({ topic: p.topic, count: p.to })) });
  }
  if (plan.alterConfigs.length > 0) {
    // AlterConfigs replaces a topic's dynamic configs: we send every managed one.
    await admin.alterConfigs({
      validateOnly: false,
      resources: plan.alterConfigs.map((a) => ({
        type: 2 /* TOPIC */,
        name: a.topic,
        configEntries: Object.entries(a.configs).map(([name, value]) => ({ name, value })),
      })),
    });
  }
}

/** Makes the declared topics exist with their settings; returns what was done. */
export async function ensureTopics(admin: Admin, desired: readonly TopicSpec[]): Promise<TopicPlan> {
  const { brokers } = await admin.describeCluster();
  const plan = planTopics(desired, await readTopicState(admin, desired.map((d) => d.topic)), brokers.length);
  await applyTopicPlan(admin, plan);
  return plan;
}

/** One line for logs and Terraform's invocation result. */
export function describePlan(plan: TopicPlan): string {
  const parts = [
    ...plan.create.map((t) => `created ${t.topic} (${t.partitions} partitions)`),
    ...plan.raisePartitions.map((p) => `raised ${p.topic} partitions ${p.from} -> ${p.to}`),
    ...plan.alterConfigs.map((a) => `set ${a.topic} ${a.changes.map((c) => `${c.name}=${c.to}`).join(', ')}`),
  ];
  return parts.length > 0 ? parts.join('; ') : `no change (${plan.unchanged.length} topics as declared)`;
}
