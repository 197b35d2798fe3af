import { z } from 'zod';
import { ConfigurationError } from './errors';

/** How to reach Kafka, read from the environment (Lambda) or the command line (local runs). */
export const kafkaSettingsSchema = z.object({
  /** Comma-separated host:port list. */
  KAFKA_BROKERS: z
    .string({ error: 'is missing | set it to the bootstrap brokers, host:port[,host:port]' })
    .regex(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, 'is not a host:port list | write host:port[,host:port]'),
  /** `iam`: TLS + SASL OAUTHBEARER signed with the function's AWS credentials (MSK); `plaintext`: a local broker. */
  KAFKA_AUTH: z.enum(['iam', 'plaintext'], { error: 'must be iam or plaintext' }).default('iam'),
  AWS_REGION: z.string().optional(),
  KAFKA_CLIENT_ID: z.string().default('msk-athena'),
});

export interface KafkaSettings {
  readonly brokers: string[];
  readonly auth: 'iam' | 'plaintext';
  readonly region?: string;
  readonly clientId: string;
}

export function kafkaSettingsFromEnv(env: Record<string, string | undefined> = process.env): KafkaSettings {
  const parsed = kafkaSettingsSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigurationError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message.replace(' | ', '; ')}`));
  }
  const s = parsed.data;
  if (s.KAFKA_AUTH === 'iam' && !s.AWS_REGION) throw new ConfigurationError(['AWS_REGION: is missing; IAM auth signs tokens for a region']);
  return { brokers: s.KAFKA_BROKERS.split(','), auth: s.KAFKA_AUTH, region: s.AWS_REGION, clientId: s.KAFKA_CLIENT_ID };
}
