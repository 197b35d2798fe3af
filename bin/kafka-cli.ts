import { connect } from 'node:net';
import { logLevel, type Kafka } from 'kafkajs';
import { createKafka } from '../functions/shared/kafka-client';
import { ConfigurationError } from '../functions/shared/errors';
import { SchemaVersions } from '../functions/shared/schema-versions';
import { kafkaSettingsFromEnv } from '../functions/shared/settings';
import { LOCAL_CREDENTIALS, LOCAL_REGION, LocalGlue } from '../scripts/moto/local-glue';

/** Where the local broker of `npm run kafka:up` listens. */
export const LOCAL_BROKERS = '127.0.0.1:19092';

/** The connection options every Kafka command-line tool takes (for node:util parseArgs). */
export const KAFKA_OPTIONS = {
  brokers: { type: 'string' },
  auth: { type: 'string' },
  region: { type: 'string' },
  'glue-endpoint': { type: 'string' },
} as const;

export const KAFKA_USAGE = `  --brokers LIST     brokers to use (host:port,...); default the local broker ${LOCAL_BROKERS}
  --auth iam|scram|plaintext   authentication (default: plaintext for the local broker, else iam);
                     scram (TLS, SCRAM-SHA-512) reads KAFKA_SCRAM_USERNAME and KAFKA_SCRAM_PASSWORD
  --region REGION    AWS region for IAM auth and Glue (default: AWS_REGION)
  --glue-endpoint URL  Glue Schema Registry for Avro and Protobuf tables (default: the local
                     stand-in of npm run kafka:up with the local broker, else AWS Glue)`;

/** How long a tool waits for any broker to accept a connection before saying so. */
const REACH_TIMEOUT_MS = 5_000;

function reachable(hostPort: string): Promise<string | undefined> {
  const i = hostPort.lastIndexOf(':');
  return new Promise((resolve) => {
    const socket = connect({ host: hostPort.slice(0, i), port: Number(hostPort.slice(i + 1)) });
    const done = (problem?: string) => {
      socket.destroy();
      resolve(problem);
    };
    socket.setTimeout(REACH_TIMEOUT_MS, () => done('no answer'));
    socket.once('connect', () => done());
    socket.once('error', (err: NodeJS.ErrnoException) => done(err.code === 'ECONNREFUSED' ? 'connection refused' : err.code ?? err.message));
  });
}

/**
 * A client for a command-line tool: the local broker in plaintext unless
 * `--brokers` names others (IAM by default then). Fails within seconds, naming
 * the addresses, when no broker answers (kafkajs alone retries for minutes).
 */
export async function cliKafka(values: { brokers?: string; auth?: string; region?: string }, clientId: string): Promise<{ kafka: Kafka; brokers: string }> {
  // SCRAM is for the command-line tools only (an adopted cluster's own users); the functions sign in with IAM.
  const scram = values.auth === 'scram';
  if (scram && (!process.env.KAFKA_SCRAM_USERNAME || !process.env.KAFKA_SCRAM_PASSWORD)) {
    throw new Error('--auth scram needs KAFKA_SCRAM_USERNAME and KAFKA_SCRAM_PASSWORD (the username and password of the AmazonMSK_ secret)');
  }
  let settings;
  try {
    settings = kafkaSettingsFromEnv({
      KAFKA_BROKERS: values.brokers ?? LOCAL_BROKERS,
      KAFKA_AUTH: scram ? 'plaintext' : values.auth ?? (values.brokers ? 'iam' : 'plaintext'),
      AWS_REGION: values.region ?? process.env.AWS_REGION,
      KAFKA_CLIENT_ID: clientId,
    });
  } catch (err) {
    if (!(err instanceof ConfigurationError)) throw err;
    const flags: Record<string, string> = { KAFKA_BROKERS: '--brokers', KAFKA_AUTH: '--auth', AWS_REGION: '--region (or AWS_REGION)' };
    throw new Error(err.problems.map((p) => p.replace(/^(\w+):/, (_m, k: string) => `${flags[k] ?? k}:`)).join('; '));
  }
  const problems = await Promise.all(settings.brokers.map(reachable));
  if (problems.every(Boolean)) {
    const tried = settings.brokers.map((b, i) => `${b} (${problems[i]})`).join(', ');
    const fix = values.brokers ? 'check the addresses, the network path and the security group' : 'start the local broker with npm run kafka:up, or pass --brokers host:port';
    throw new Error(`no Kafka broker answers at ${tried}; ${fix}`);
  }
  // The tools report outcomes themselves; kafkajs's own log lines would only bury them.
  const kafka = createKafka(settings, {
    logLevel: logLevel.NOTHING,
    retry: { initialRetryTime: 300, maxRetryTime: 2_000, retries: 5 },
    ...(scram ? { ssl: true, sasl: { mechanism: 'scram-sha-512', username: process.env.KAFKA_SCRAM_USERNAME!, password: process.env.KAFKA_SCRAM_PASSWORD! } } : {}),
  });
  return { kafka, brokers: settings.brokers.join(',') };
}

/**
 * Where Avro and Protobuf tables look schema versions up: the local stand-in
 * (npm run kafka:up) with the local broker, AWS Glue with --brokers, or
 * --glue-endpoint. Fails at once, with the fix, when the stand-in is down.
 */
export async function cliSchemaVersions(values: { brokers?: string; region?: string; 'glue-endpoint'?: string }): Promise<SchemaVersions> {
  const endpoint = values['glue-endpoint'] ?? (values.brokers ? undefined : new LocalGlue().endpoint);
  if (!endpoint) {
    const region = values.region ?? process.env.AWS_REGION;
    if (!region) throw new Error('--region (or AWS_REGION): is missing; Avro and Protobuf tables look their schema versions up in Glue');
    return new SchemaVersions({ region });
  }
  const url = new URL(endpoint);
  const problem = await reachable(`${url.hostname}:${url.port || (url.protocol === 'https:' ? 443 : 80)}`);
  if (problem) {
    throw new Error(`no Glue Schema Registry answers at ${endpoint} (${problem}); ${values['glue-endpoint'] ? 'check --glue-endpoint' : 'npm run kafka:up starts the local one beside the broker'}`);
  }
  const local = !values['glue-endpoint'] || /^(127\.0\.0\.1|localhost)$/.test(url.hostname);
  return new SchemaVersions({ endpoint, region: local ? LOCAL_REGION : values.region ?? process.env.AWS_REGION, credentials: local ? LOCAL_CREDENTIALS : undefined });
}

/** kafkajs errors in words; undefined for anything else. */
export function describeKafkaError(err: unknown): string | undefined {
  const e = err as { name?: string; message?: string; type?: string };
  if (!e?.name?.startsWith('KafkaJS')) return undefined;
  if (e.type === 'TOPIC_AUTHORIZATION_FAILED' || e.type === 'CLUSTER_AUTHORIZATION_FAILED' || /SASL|authenticat/i.test(e.message ?? '')) {
    return `Kafka refused the credentials: ${e.message}; check --auth, --region and the caller's kafka-cluster permissions`;
  }
  if (e.type === 'UNKNOWN_TOPIC_OR_PARTITION') return `${e.message}; create the topics first with npm run topics`;
  return `Kafka: ${e.message}`;
}
