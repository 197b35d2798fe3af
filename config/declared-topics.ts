import { zoneCount, type EnvironmentConfig } from './schema';
import { brokerLayout } from '../core/kafka/broker-layout';
import type { TopicSpec } from '../core/kafka/topic-spec';
import type { RegistryDefinition } from '../core/tables/schema-folder';
import { InputError } from '../core/problems';
import { HOUR_MS, kafkaValue, SETTING_OF, type OverrideKey } from '../core/kafka/topic-overrides';
import { TOPIC_SETTINGS } from '../core/kafka/topic-spec';

/**
 * The topics the tables read: how each is created (config defaults, then
 * `topics.overrides.<topic>`), which settings the override names (the only ones
 * an existing topic is brought to) and which irreversible changes it confirms.
 * MSK Serverless fixes replication itself, so no replication settings are
 * declared there.
 */
export function declaredTopics(config: EnvironmentConfig, registries: readonly RegistryDefinition[], configLabel = `config(${config.name})`): TopicSpec[] {
  const topics = [...new Set(registries.flatMap((r) => r.tables.map((t) => t.topic)))].sort();
  const unknown = Object.keys(config.topics.overrides).filter((t) => !topics.includes(t));
  if (unknown.length > 0) {
    throw new InputError(
      unknown.map((t) => ({
        file: configLabel,
        field: `topics.overrides.${t}`,
        problem: 'no table in schemas/ reads this topic',
        fix: `use one of ${topics.join(', ')}`,
      })),
    );
  }
  const team = teamTopics(config);
  if (config.producer.enabled && team.size > 0 && topics.every((t) => team.has(t))) {
    throw new InputError([
      {
        file: configLabel,
        field: 'producer.enabled',
        problem: `is true, but every topic the tables read is a team's (topics.overrides.<topic>.sampleRecords false): the producer would write nothing`,
        fix: "set false, or add a table whose topic is the project's own",
      },
    ]);
  }
  const serverless = config.msk.mode === 'serverless';
  // The cluster's own defaults, as ProvisionedCluster configures them.
  const cluster = brokerLayout(zoneCount(config), config.msk).settings;
  return topics.map((topic) => {
    const o = config.topics.overrides[topic] ?? {};
    const replication = o.replicationFactor ?? cluster.defaultReplicationFactor;
    const minIsr = o.minInsyncReplicas ?? cluster.minInsyncReplicas;
    if (!serverless && minIsr > replication) {
      throw new InputError([
        {
          file: configLabel,
          field: `topics.overrides.${topic}.minInsyncReplicas`,
          problem: `${minIsr} exceeds the replication factor ${replication}`,
          fix: `use at most ${replication}`,
        },
      ]);
    }
    // MSK Serverless fixes replication and min.insync.replicas itself.
    const named = (Object.keys(SETTING_OF) as OverrideKey[]).filter(
      (k) => o[k] !== undefined && !(serverless && (k === 'replicationFactor' || k === 'minInsyncReplicas')),
    );
    const retentionMs = o.retentionMs !== undefined ? String(o.retentionMs) : String((o.retentionHours ?? config.topics.defaultRetentionHours) * HOUR_MS);
    return {
      topic,
      partitions: o.partitions ?? config.topics.defaultPartitions,
      ...(serverless ? {} : { replicationFactor: replication }),
      configs: {
        'retention.ms': retentionMs,
        ...(o.retentionBytes === undefined ? {} : { 'retention.bytes': String(o.retentionBytes) }),
        ...(o.cleanupPolicy === undefined ? {} : { 'cleanup.policy': o.cleanupPolicy }),
        ...(serverless ? {} : { 'min.insync.replicas': String(minIsr) }),
      },
      // Kafka's order, so the invocation input (and its plan) does not move when the config's keys do.
      declared: TOPIC_SETTINGS.filter((s) => named.some((k) => SETTING_OF[k] === s)),
      confirmed: Object.fromEntries(
        TOPIC_SETTINGS.flatMap((s) => {
          const key = (Object.keys(o.confirm ?? {}) as OverrideKey[]).find((k) => SETTING_OF[k] === s);
          return key === undefined ? [] : [[s, kafkaValue(key, o.confirm![key as keyof typeof o.confirm]!)]];
        }),
      ),
    };
  });
}

/** Topics the configuration marks as a team's (`topics.overrides.<topic>.sampleRecords` false): no generated record goes to them. */
export function teamTopics(config: EnvironmentConfig): Set<string> {
  return new Set(Object.entries(config.topics.overrides).flatMap(([topic, o]) => (o.sampleRecords === false ? [topic] : [])));
}
