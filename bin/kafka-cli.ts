import { logLevel, type Kafka } from 'kafkajs';
import { createKafka } from '../functions/shared/kafka-client';
import { kafkaSettingsFromEnv } from '../functions/shared/settings';

/** Where the local broker of `npm run kafka:up` listens. */
export const LOCAL_BROKERS = '127.0.0.1:19092';

/** The connection options every Kafka command-line tool takes (for node:util parseArgs). */
export const KAFKA_OPTIONS = {
  brokers: { type: 'string' },
  auth: { type: 'string' },
  region: { type: 'string' },
} as const;

/**
 * A client for a command-line tool: the local broker in plaintext unless
 * `--brokers` names others (IAM by default then). The tools report outcomes
 * themselves; kafkajs's own log lines (transient coordinator and metadata
 * retries) would only bury them.
 */
export function cliKafka(values: { brokers?: string; auth?: string; region?: string }, clientId: string): { kafka: Kafka; brokers: string } {
  const settings = kafkaSettingsFromEnv({
    KAFKA_BROKERS: values.brokers ?? LOCAL_BROKERS,
    KAFKA_AUTH: values.auth ?? (values.brokers ? 'iam' : 'plaintext'),
    AWS_REGION: values.region ?? process.env.AWS_REGION,
    KAFKA_CLIENT_ID: clientId,
  });
  return { kafka: createKafka(settings, { logLevel: logLevel.NOTHING }), brokers: settings.brokers.join(',') };
}
