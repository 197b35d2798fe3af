import type { TopicSetting } from './topic-spec';

/*
 * How `topics.overrides.<topic>` in an environment's config names Kafka topic
 * settings, in one place: the config is read into settings (declaredTopics),
 * a refusal's fix is written back in config words, and onboarding records a
 * topic's live settings in config words.
 */

export const HOUR_MS = 3_600_000;

export const CLEANUP_POLICIES = ['delete', 'compact', 'compact,delete'] as const;
export type CleanupPolicy = (typeof CLEANUP_POLICIES)[number];

/** The settings part of a topic override, as written in config/<env>.json. */
export interface TopicOverrideSettings {
  readonly partitions?: number;
  readonly replicationFactor?: number;
  readonly minInsyncReplicas?: number;
  readonly retentionHours?: number;
  /** Exact retention, for values that are no whole number of hours; -1 keeps records for ever. */
  readonly retentionMs?: number;
  /** Per partition; -1 sets no size limit. */
  readonly retentionBytes?: number;
  readonly cleanupPolicy?: CleanupPolicy;
}

export type OverrideKey = keyof TopicOverrideSettings;

/** The Kafka setting each override key sets. */
export const SETTING_OF: Readonly<Record<OverrideKey, TopicSetting>> = {
  partitions: 'partitions',
  replicationFactor: 'replication.factor',
  minInsyncReplicas: 'min.insync.replicas',
  retentionHours: 'retention.ms',
  retentionMs: 'retention.ms',
  retentionBytes: 'retention.bytes',
  cleanupPolicy: 'cleanup.policy',
};

/** The Kafka value an override key's value stands for. */
export function kafkaValue(key: OverrideKey, value: number | string): string {
  if (key === 'retentionHours') return String(Number(value) * HOUR_MS);
  return String(value);
}

/** A Kafka setting's value in config words: the key and the JSON value to write. */
export function overrideEntry(setting: TopicSetting, value: string): [OverrideKey, number | string] {
  switch (setting) {
    case 'partitions':
      return ['partitions', Number(value)];
    case 'replication.factor':
      return ['replicationFactor', Number(value)];
    case 'min.insync.replicas':
      return ['minInsyncReplicas', Number(value)];
    case 'retention.bytes':
      return ['retentionBytes', Number(value)];
    case 'cleanup.policy':
      return ['cleanupPolicy', normalCleanupPolicy(value)];
    case 'retention.ms': {
      const ms = Number(value);
      return ms > 0 && ms % HOUR_MS === 0 ? ['retentionHours', ms / HOUR_MS] : ['retentionMs', ms];
    }
  }
}

/** `"retentionHours": 720` */
export function overrideText(setting: TopicSetting, value: string): string {
  const [key, v] = overrideEntry(setting, value);
  return `"${key}": ${JSON.stringify(v)}`;
}

/** Kafka takes "delete,compact" and "compact,delete" alike. */
export function normalCleanupPolicy(value: string): string {
  return value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .sort()
    .join(',');
}
