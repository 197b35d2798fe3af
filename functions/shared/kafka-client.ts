import { generateAuthToken } from 'aws-msk-iam-sasl-signer-js';
import { Kafka, logLevel, type KafkaConfig, type logCreator } from 'kafkajs';
import type { KafkaSettings } from './settings';

/** kafkajs logs as one JSON line each, which CloudWatch Logs Insights can query. */
const jsonLines: logCreator = () => ({ label, namespace, log }) => {
  const { message, timestamp: _timestamp, ...extra } = log;
  console.log(JSON.stringify({ level: label, message, namespace, ...extra }));
};

/**
 * A kafkajs client for MSK with IAM auth (TLS, SASL OAUTHBEARER, tokens signed by
 * aws-msk-iam-sasl-signer-js with the function's credentials) or for a local
 * plaintext broker.
 */
export function createKafka(settings: KafkaSettings, overrides: Partial<KafkaConfig> = {}): Kafka {
  const auth: Partial<KafkaConfig> =
    settings.auth === 'iam'
      ? {
          ssl: true,
          sasl: {
            mechanism: 'oauthbearer',
            oauthBearerProvider: async () => {
              const { token } = await generateAuthToken({ region: settings.region! });
              return { value: token };
            },
          },
        }
      : {};
  return new Kafka({
    clientId: settings.clientId,
    brokers: settings.brokers,
    logLevel: logLevel.WARN,
    logCreator: jsonLines,
    connectionTimeout: 5_000,
    // Long enough to ride out a broker restart (an MSK rolling update, a local kill -9).
    retry: { initialRetryTime: 300, maxRetryTime: 5_000, retries: 20 },
    ...auth,
    ...overrides,
  });
}
