import { readFileSync } from 'node:fs';
import { generateAuthTokenFromCredentialsProvider } from 'aws-msk-iam-sasl-signer-js';
import type { KafkaConfig } from 'kafkajs';
import { LocalKafka, type LocalAuth } from '../../../scripts/local-kafka/broker';

/*
 * How the command-line tools sign in: the four ways MSK offers (plaintext,
 * mutual TLS, SASL/SCRAM, IAM), against a cluster given by --brokers or the
 * local broker of `npm run kafka:up`, whose listeners mirror MSK's and whose
 * credentials the tools read from its folder.
 */

export const AUTH_METHODS = ['iam', 'scram', 'tls', 'plaintext'] as const satisfies readonly LocalAuth[];
export type AuthMethod = (typeof AUTH_METHODS)[number];

export function authMethod(value: string | undefined, fallback: AuthMethod): AuthMethod {
  if (value === undefined) return fallback;
  if (!(AUTH_METHODS as readonly string[]).includes(value)) throw new Error(`--auth: must be ${AUTH_METHODS.join(', ')}; got "${value}"`);
  return value as AuthMethod;
}

/** The kafkajs settings one method needs beyond brokers and client id; undefined `sasl`/`ssl` leave the functions' IAM config. */
export interface Connection {
  readonly brokers: string;
  /** What kafkaSettingsFromEnv understands: IAM, or plaintext which `overrides` may wrap in TLS and SCRAM. */
  readonly settingsAuth: 'iam' | 'plaintext';
  readonly region?: string;
  readonly overrides: Partial<KafkaConfig>;
}

const pem = (file: string, what: string): string => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new Error(`${what}: cannot read ${file}`);
  }
};

/** SCRAM credentials from the environment (an adopted cluster's AmazonMSK_ secret), or `fallback` (the local user). */
function scramSasl(fallback?: { username: string; password: string }): KafkaConfig['sasl'] {
  const username = process.env.KAFKA_SCRAM_USERNAME || fallback?.username;
  const password = process.env.KAFKA_SCRAM_PASSWORD || fallback?.password;
  if (!username || !password) {
    throw new Error('--auth scram needs KAFKA_SCRAM_USERNAME and KAFKA_SCRAM_PASSWORD (the username and password of the AmazonMSK_ secret)');
  }
  return { mechanism: 'scram-sha-512', username, password };
}

/** Client certificate for mutual TLS from KAFKA_TLS_CERT/KAFKA_TLS_KEY, and KAFKA_TLS_CA for a private CA; all optional. */
function tlsFromEnv(): { ca?: string; cert?: string; key?: string } {
  const { KAFKA_TLS_CERT: cert, KAFKA_TLS_KEY: key, KAFKA_TLS_CA: ca } = process.env;
  if (Boolean(cert) !== Boolean(key))
    throw new Error('--auth tls: set both KAFKA_TLS_CERT and KAFKA_TLS_KEY (PEM files of the client certificate and its key), or neither');
  return {
    ...(ca ? { ca: pem(ca, 'KAFKA_TLS_CA') } : {}),
    ...(cert && key ? { cert: pem(cert, 'KAFKA_TLS_CERT'), key: pem(key, 'KAFKA_TLS_KEY') } : {}),
  };
}

/** A cluster named by --brokers: IAM signs with the caller's AWS credentials, as the functions do. */
export function remoteConnection(brokers: string, auth: AuthMethod, region: string | undefined): Connection {
  switch (auth) {
    case 'iam': {
      // IAM needs no client certificate; a cluster behind a private CA (or the local broker by --brokers) needs that CA trusted.
      const ca = process.env.KAFKA_TLS_CA;
      return { brokers, settingsAuth: 'iam', region, overrides: ca ? { ssl: { ca: pem(ca, 'KAFKA_TLS_CA') } } : {} };
    }
    case 'scram':
      return { brokers, settingsAuth: 'plaintext', region, overrides: { ssl: { ...tlsFromEnv() }, sasl: scramSasl() } };
    case 'tls': {
      const tls = tlsFromEnv();
      return { brokers, settingsAuth: 'plaintext', region, overrides: { ssl: Object.keys(tls).length > 0 ? tls : true } };
    }
    default:
      return { brokers, settingsAuth: 'plaintext', region, overrides: {} };
  }
}

/**
 * The local broker's listener for `auth`, with its CA and credentials: the
 * client certificate it issued, its SCRAM user, its IAM test credentials.
 * KAFKA_SCRAM_USERNAME/PASSWORD and AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY,
 * when set, are used instead, as against a real cluster.
 */
export function localConnection(broker: LocalKafka, auth: AuthMethod): Connection {
  const brokers = broker.bootstrap(auth);
  if (auth === 'plaintext') return { brokers, settingsAuth: 'plaintext', overrides: {} };
  const credentials = broker.credentials();
  if (!credentials) {
    const up = broker.port === new LocalKafka().port ? 'npm run kafka:up' : `npm run kafka:up -- --port ${broker.port}`;
    throw new Error(`the local broker has no ${auth} credentials in ${broker.workDir} yet; start it with ${up}`);
  }
  const ca = pem(broker.tls.ca, 'the local CA');
  if (auth === 'tls')
    return {
      brokers,
      settingsAuth: 'plaintext',
      overrides: { ssl: { ca, cert: pem(broker.tls.clientCert, 'the local client certificate'), key: pem(broker.tls.clientKey, 'the local client key') } },
    };
  if (auth === 'scram') return { brokers, settingsAuth: 'plaintext', overrides: { ssl: { ca }, sasl: scramSasl(credentials.scram) } };
  const { region } = credentials.iam;
  const fromEnv = process.env.AWS_ACCESS_KEY_ID && process.env.AWS_SECRET_ACCESS_KEY;
  const keys = fromEnv
    ? { accessKeyId: process.env.AWS_ACCESS_KEY_ID!, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY!, sessionToken: process.env.AWS_SESSION_TOKEN }
    : { accessKeyId: credentials.iam.accessKeyId, secretAccessKey: credentials.iam.secretAccessKey };
  return {
    brokers,
    settingsAuth: 'iam',
    region,
    overrides: {
      ssl: { ca },
      sasl: {
        mechanism: 'oauthbearer',
        // The same signer the functions use, with the credentials the listener was started with.
        oauthBearerProvider: async () => ({
          value: (await generateAuthTokenFromCredentialsProvider({ region, awsCredentialsProvider: async () => keys })).token,
        }),
      },
    },
  };
}
