import type { EnvironmentConfig } from './schema';
import type { TopicSpec } from '../core/kafka/topic-spec';
import type { RegistryDefinition } from '../core/tables/schema-folder';
import { InputError } from '../core/problems';

const HOUR_MS = 3_600_000;

/**
 * The topics the tables read, with their settings: config defaults, then
 * `topics.overrides.<topic>`. MSK Serverless fixes replication itself, so no
 * replication settings are declared there.
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
  const serverless = config.msk.mode === 'serverless';
  return topics.map((topic) => {
    const o = config.topics.overrides[topic] ?? {};
    const replication = o.replicationFactor ?? config.msk.defaultReplicationFactor;
    const minIsr = o.minInsyncReplicas ?? config.msk.minInsyncReplicas;
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
    return {
      topic,
      partitions: o.partitions ?? config.topics.defaultPartitions,
      ...(serverless ? {} : { replicationFactor: replication }),
      configs: {
        'retention.ms': String((o.retentionHours ?? config.topics.defaultRetentionHours) * HOUR_MS),
        ...(serverless ? {} : { 'min.insync.replicas': String(minIsr) }),
      },
    };
  });
}
