import { z } from 'zod';
import { TOPIC_NAME } from '../limits';

/** Topic configs the topics function owns; others are left to the broker defaults. */
export const MANAGED_CONFIGS = ['retention.ms', 'min.insync.replicas'] as const;

export const topicSpecSchema = z.strictObject({
  topic: z.string().regex(TOPIC_NAME.pattern),
  partitions: z.number().int().positive(),
  /** Absent on MSK Serverless, which fixes replication itself. */
  replicationFactor: z.number().int().positive().optional(),
  configs: z.partialRecord(z.enum(MANAGED_CONFIGS), z.string()),
});

/** What the topics function is asked to make true, as sent by Terraform. */
export const topicsRequestSchema = z.strictObject({ topics: z.array(topicSpecSchema).min(1) });

export type TopicSpec = z.output<typeof topicSpecSchema>;
export type TopicsRequest = z.output<typeof topicsRequestSchema>;
