import { z } from 'zod';
import { TOPIC_NAME } from '../limits';

/** Topic configs the topics function can set; any other config of a topic is left as it is. */
export const MANAGED_CONFIGS = ['retention.ms', 'retention.bytes', 'cleanup.policy', 'min.insync.replicas'] as const;
export type ManagedConfig = (typeof MANAGED_CONFIGS)[number];

/** Everything the configuration can say about a topic, in Kafka's words. */
export const TOPIC_SETTINGS = ['partitions', 'replication.factor', ...MANAGED_CONFIGS] as const;
export type TopicSetting = (typeof TOPIC_SETTINGS)[number];

export const topicSpecSchema = z.strictObject({
  topic: z.string().regex(TOPIC_NAME.pattern),
  /** A missing topic is created with these partitions, replication and configs. */
  partitions: z.number().int().positive(),
  /** Absent on MSK Serverless, which fixes replication itself. */
  replicationFactor: z.number().int().positive().optional(),
  configs: z.partialRecord(z.enum(MANAGED_CONFIGS), z.string()),
  /**
   * The settings the configuration names for this topic (topics.overrides):
   * an existing topic is brought to these and keeps every other setting.
   * None named: an existing topic is left as it is.
   */
  declared: z.array(z.enum(TOPIC_SETTINGS)).optional(),
  /** Changes that cannot be undone, confirmed in the configuration by the value they set. */
  confirmed: z.partialRecord(z.enum(TOPIC_SETTINGS), z.string()).optional(),
});

/** What the topics function is asked to make true (as sent by Terraform), or only to plan (`dryRun`). */
export const topicsRequestSchema = z.strictObject({
  topics: z.array(topicSpecSchema).min(1),
  /** Read the cluster and say what a run would change; change nothing. */
  dryRun: z.boolean().optional(),
});

export type TopicSpec = z.output<typeof topicSpecSchema>;
export type TopicsRequest = z.output<typeof topicsRequestSchema>;

/** The value a spec gives `setting`, as Kafka writes it (undefined: the spec sets none). */
export function specValue(spec: TopicSpec, setting: TopicSetting): string | undefined {
  if (setting === 'partitions') return String(spec.partitions);
  if (setting === 'replication.factor') return spec.replicationFactor === undefined ? undefined : String(spec.replicationFactor);
  return spec.configs[setting];
}
