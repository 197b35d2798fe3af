import { generateAuthToken } from 'aws-msk-iam-sasl-signer-js';
import { Kafka, logLevel, type KafkaConfig, type logCreator } from 'kafkajs';
import type { KafkaSettings } from './settings';

/** kafkajs logs as one JSON line each, which CloudWatch Logs Insights can query. */
const jsonLines: logCreator =
  () =>
  ({ label, namespace, log }) => {
    const { message, timestamp: _timestamp, ...extra } = log;
    console.log(JSON.stringify({ level: label, message, namespace, ...extra }));
  };

/**
 * The kafkajs configuration for MSK with IAM auth (TLS, SASL OAUTHBEARER, tokens
 * signed by aws-msk-iam-sasl-signer-js with the function's credentials) or for a
 * local plaintext broker.
 */
export function kafkaConfig(settings: KafkaSettings, overrides: Partial<KafkaConfig> = {}): KafkaConfig {
  const auth: Partial<KafkaConfig> =
    settings.auth === 'iam'
      ? {
          ssl: true,
          sasl: {
            mechanism: 'oauthbearer',
            // Called for every connection: a fresh token signed with the current
            // credentials (Lambda rotates them; a token lives at most 15 minutes).
            oauthBearerProvider: async () => {
              const { token } = await generateAuthToken({ region: settings.region! });
              return { value: token };
            },
          },
        }
      : {};
  return {
    clientId: settings.clientId,
    brokers: settings.brokers,
    logLevel: logLevel.WARN,
    logCreator: jsonLines,
    connectionTimeout: 5_000,
    // Long enough to ride out a broker restart (an MSK rolling update, a local kill -9).
    retry: { initialRetryTime: 300, maxRetryTime: 5_000, retries: 20 },
    ...auth,
    ...overrides,
  };
}

/** A kafkajs client configured by kafkaConfig. */
export function createKafka(settings: KafkaSettings, overrides: Partial<KafkaConfig> = {}): Kafka {
  return new Kafka(kafkaConfig(settings, overrides));
}
