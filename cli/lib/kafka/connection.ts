import { connect } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { logLevel, type Kafka } from 'kafkajs';
import { createKafka } from '../../../functions/shared/kafka-client';
import { ConfigurationError } from '../../../functions/shared/errors';
import { SchemaVersions } from '../../../functions/shared/schema-versions';
import { kafkaSettingsFromEnv } from '../../../functions/shared/settings';
import { LISTENER_OFFSETS, LocalKafka } from '../../../scripts/local-kafka/broker';
import { GLUE_PORT_OFFSET, gluePortFor, LOCAL_CREDENTIALS, LOCAL_REGION, LocalGlue } from '../../../scripts/moto/local-glue';
import { UsageError, wholeNumber } from '../command';
import { authMethod, localConnection, remoteConnection, type AuthMethod } from './auth';
import { authOf, identifyListener, listenerWords, MSK_PORTS, type Listener } from './listener';

/** Where the local broker of `npm run kafka:up` listens. */
export const LOCAL_BROKERS = '127.0.0.1:19092';

/** The connection options every Kafka command-line tool takes (for node:util parseArgs). */
export const KAFKA_OPTIONS = {
  local: { type: 'boolean' },
  'local-port': { type: 'string' },
  brokers: { type: 'string' },
  auth: { type: 'string' },
  region: { type: 'string' },
  'glue-endpoint': { type: 'string' },
} as const;

export const KAFKA_USAGE = `  --local-port N     the local broker started with npm run kafka:up -- --port N (default 19092); implies --local
  --brokers LIST     brokers to use (host:port,...); default the local broker ${LOCAL_BROKERS}
  --auth iam|scram|tls|plaintext   authentication (default: plaintext for the local broker, else iam);
                     scram (TLS, SCRAM-SHA-512) reads KAFKA_SCRAM_USERNAME and KAFKA_SCRAM_PASSWORD;
                     tls (mutual TLS) reads KAFKA_TLS_CERT and KAFKA_TLS_KEY (PEM files); KAFKA_TLS_CA, when set,
                     is the private CA that tls, scram and iam trust;
                     with the local broker each uses its listener (TLS +2, SCRAM +4, IAM +6) and credentials
  --region REGION    AWS region for IAM auth and Glue (default: AWS_REGION)
  --glue-endpoint URL  Glue Schema Registry for Avro and Protobuf tables (default: the local
                     stand-in of npm run kafka:up with the local broker, on its port + 3, else AWS Glue)`;

type LocalValues = { local?: boolean; 'local-port'?: string; brokers?: string };

/** The tool is to use the local broker of `npm run kafka:up` (on its default port or --local-port's). */
export function isLocal(values: LocalValues): boolean {
  return Boolean(values.local || values['local-port'] !== undefined);
}

/** The local broker the options name: kafka:up's default port, or --local-port's (its listeners and folder follow from it). */
export function localBroker(values: LocalValues): LocalKafka {
  const port = wholeNumber(values['local-port'], '--local-port', { min: 1, max: 65535 - 6 });
  if (port !== undefined && values.brokers) throw new UsageError('--local-port names the local broker and --brokers another cluster; give one');
  return new LocalKafka({ port });
}

/** The Glue stand-in of a local broker's loop: kafka:up starts it on the broker's port + 3 (unless --glue-port moved it). */
export function localGlue(broker: LocalKafka): LocalGlue {
  return new LocalGlue({ port: gluePortFor(broker.port) });
}

/** The command line that reaches a local broker's listeners (and its Glue stand-in, when --glue-port moved it off the broker's port + 3). */
export function localToolsHint(broker: LocalKafka, glueEndpoint: string): string {
  const where = broker.port === new LocalKafka().port ? '--local' : `--local-port ${broker.port}`;
  const glue = glueEndpoint === localGlue(broker).endpoint ? '' : ` --glue-endpoint ${glueEndpoint}`;
  return `npm run topics|produce|verify -- ${where}${glue} --auth tls|scram|iam`;
}

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
    socket.once('error', (err: NodeJS.ErrnoException) => done(err.code === 'ECONNREFUSED' ? 'connection refused' : (err.code ?? err.message)));
  });
}

/** ApiVersions v0 with correlation id 1 and no client id: any broker answers it, before and without SASL. */
const API_VERSIONS_REQUEST = Buffer.from([0, 0, 0, 10, 0, 18, 0, 0, 0, 0, 0, 1, 0xff, 0xff]);

/**
 * A TLS handshake and one request: a broker that refuses the client certificate
 * (or whose certificate is not trusted) says so here at once, where kafkajs
 * would retry the connection for many seconds first.
 */
function tlsRefusal(hostPort: string, options: ConnectionOptions): Promise<string | undefined> {
  const i = hostPort.lastIndexOf(':');
  return new Promise((resolve) => {
    const socket = tlsConnect({ ...options, host: hostPort.slice(0, i), port: Number(hostPort.slice(i + 1)) });
    const done = (problem?: string) => {
      socket.destroy();
      resolve(problem);
    };
    socket.setTimeout(REACH_TIMEOUT_MS, () => done());
    socket.once('secureConnect', () => socket.write(API_VERSIONS_REQUEST));
    socket.once('data', () => done());
    socket.once('error', (err) => done(err.message.trim()));
  });
}

/** A TLS failure in words, or undefined when `message` is not one. */
function describeTlsFailure(message: string): string | undefined {
  // TLS alerts 42 (bad certificate) and 116 (certificate required): a mutual TLS listener and no client certificate it accepts.
  const alert = /alert (bad certificate|certificate required|unknown ca|certificate unknown)/.exec(message)?.[1];
  if (alert) {
    return `the broker refused the TLS handshake (${alert}): its listener requires a client certificate signed by its CA; set KAFKA_TLS_CERT and KAFKA_TLS_KEY (with the local broker: --auth tls)`;
  }
  if (/self[- ]signed certificate|unable to verify|unable to get local issuer/.test(message)) {
    return `the broker's TLS certificate is not signed by a CA this machine trusts (${message}); set KAFKA_TLS_CA to the CA's PEM file`;
  }
  return undefined;
}

const NEEDS: Record<AuthMethod, string> = {
  plaintext: 'a plaintext listener',
  tls: 'a mutual TLS listener',
  scram: 'a SASL/SCRAM listener',
  iam: 'an IAM listener',
};

const LISTENER_NAMES: Record<AuthMethod, string> = { plaintext: 'plaintext', tls: 'TLS', scram: 'SCRAM', iam: 'IAM' };

const isLoopback = (host: string) => /^(127\.\d+\.\d+\.\d+|localhost|::1)$/.test(host);

/** The option that names a local broker on `port`: --local for kafka:up's default, else --local-port. */
const localFlag = (port: number) => (port === new LocalKafka().port ? '--local' : `--local-port ${port}`);

/**
 * The plaintext port of the local broker (npm run kafka:up) whose listener or
 * controller `port` is, when its plaintext listener answers where the offsets put it.
 */
async function localBrokerPort(host: string, port: number, listener: Listener): Promise<number | undefined> {
  if (!isLoopback(host)) return undefined;
  const auth = authOf(listener);
  const base = listener.kind === 'controller' ? port - 1 : auth ? port - LISTENER_OFFSETS[auth] : undefined;
  if (base === undefined || base < 1) return undefined;
  if (base === port) return base;
  return (await identifyListener(`${host}:${base}`)).kind === 'plaintext' ? base : undefined;
}

/**
 * Why the listener at `hostPort` cannot be used with `auth`, naming what it is
 * and the flag that reaches it; undefined when it takes `auth` (or is not recognized,
 * where kafkajs's own error is left to say more).
 */
export async function listenerMismatch(hostPort: string, auth: AuthMethod, implicit: string, tls: ConnectionOptions = {}): Promise<string | undefined> {
  const listener = await identifyListener(hostPort, tls, auth);
  const takes = authOf(listener);
  if (listener.kind === 'unknown' || takes === auth) return undefined;
  const i = hostPort.lastIndexOf(':');
  const host = hostPort.slice(0, i);
  const port = Number(hostPort.slice(i + 1));
  if (listener.kind === 'http') {
    const standIn = isLoopback(host)
      ? `; the local loop's Glue stand-in listens on its broker's --port + ${GLUE_PORT_OFFSET}, so try --local-port ${port - GLUE_PORT_OFFSET}`
      : '';
    return `${hostPort} is an HTTP server, not a Kafka broker${standIn}`;
  }
  const base = await localBrokerPort(host, port, listener);
  const ports =
    base === undefined
      ? `MSK's client ports are ${Object.entries(MSK_PORTS)
          .map(([a, p]) => `${p} ${LISTENER_NAMES[a as AuthMethod]}`)
          .join(', ')}`
      : `the local broker of npm run kafka:up listens on ${Object.entries(LISTENER_OFFSETS)
          .map(([a, o]) => `${base + o} ${LISTENER_NAMES[a as AuthMethod]}`)
          .join(', ')}`;
  if (listener.kind === 'controller') {
    const what = base === undefined ? 'a KRaft controller port' : `the KRaft controller port of the local broker on ${base}`;
    const use = base === undefined ? 'use a client listener' : `use ${localFlag(base)}${auth === 'plaintext' ? '' : ` --auth ${auth}`}`;
    return `${hostPort} is ${what}, which Kafka clients cannot use (kafkajs: "The Kafka server does not support the requested API version"); ${ports}: ${use}`;
  }
  const what =
    base === undefined
      ? listenerWords(listener)
      : `the local broker's ${LISTENER_NAMES[takes!]} listener (its --port${LISTENER_OFFSETS[takes!] === 0 ? '' : ` + ${LISTENER_OFFSETS[takes!]}`})`;
  const credentials: Partial<Record<AuthMethod, string>> = {
    tls: ' with KAFKA_TLS_CERT and KAFKA_TLS_KEY',
    scram: ' with KAFKA_SCRAM_USERNAME and KAFKA_SCRAM_PASSWORD',
  };
  const fix = !takes
    ? `use ${NEEDS[auth]}`
    : base === undefined
      ? `pass --auth ${takes}${credentials[takes] ?? ''}`
      : takes === 'plaintext'
        ? `pass ${localFlag(base)} (or --auth plaintext)`
        : `pass ${localFlag(base)} --auth ${takes} (the tools read the local broker's credentials)`;
  return `${hostPort} is ${what}, and --auth ${auth}${implicit} needs ${NEEDS[auth]}: ${fix}; ${ports}`;
}

/**
 * A client for a command-line tool: the local broker (plaintext, or the listener
 * --auth names) unless `--brokers` names others (IAM by default then). Fails
 * within seconds, naming the addresses, when no broker answers (kafkajs alone
 * retries for minutes). `local` is the broker of `npm run kafka:up`.
 */
/** What to do when no local broker answers on `port`: the kafka:up command for that port (plain for the default one). */
export function localBrokerFix(port: number): string {
  return `start the local broker with npm run kafka:up${port === new LocalKafka().port ? '' : ` -- --port ${port}`}, or pass --brokers host:port`;
}

export async function cliKafka(
  values: LocalValues & { auth?: string; region?: string },
  clientId: string,
  local: LocalKafka = localBroker(values),
): Promise<{ kafka: Kafka; brokers: string }> {
  // SCRAM and TLS are for the command-line tools only (an adopted cluster's own users); the functions sign in with IAM.
  const connection = values.brokers
    ? remoteConnection(values.brokers, authMethod(values.auth, 'iam'), values.region ?? process.env.AWS_REGION)
    : localConnection(local, authMethod(values.auth, 'plaintext'));
  let settings;
  try {
    settings = kafkaSettingsFromEnv({
      KAFKA_BROKERS: connection.brokers,
      KAFKA_AUTH: connection.settingsAuth,
      AWS_REGION: connection.region,
      KAFKA_CLIENT_ID: clientId,
    });
  } catch (err) {
    if (!(err instanceof ConfigurationError)) throw err;
    const flags: Record<string, string> = { KAFKA_BROKERS: '--brokers', KAFKA_AUTH: '--auth', AWS_REGION: '--region (or AWS_REGION)' };
    // IAM by default surprises users of an unauthenticated broker named by address: say so where its region is missing.
    const implicitIam =
      values.brokers && values.auth === undefined
        ? ' (--auth is iam with --brokers unless given: pass --auth plaintext for a broker without authentication)'
        : '';
    const lines = err.problems.map((p) => p.replace(/^(\w+):/, (_m, k: string) => `${flags[k] ?? k}:`) + (p.startsWith('AWS_REGION:') ? implicitIam : ''));
    throw new Error(lines.join('; '), { cause: err });
  }
  const problems = await Promise.all(settings.brokers.map(reachable));
  if (problems.every(Boolean)) {
    const tried = settings.brokers.map((b, i) => `${b} (${problems[i]})`).join(', ');
    const fix = values.brokers
      ? 'check the addresses, the network path and the security group'
      : (await reachable(local.brokers)) === undefined
        ? `the local broker on ${local.brokers} has no ${values.auth} listener yet: restart it with npm run kafka:down and npm run kafka:up`
        : localBrokerFix(local.port);
    throw new Error(`no Kafka broker answers at ${tried}; ${fix}`);
  }
  const ssl = connection.overrides.ssl ?? (settings.auth === 'iam' ? true : undefined);
  const first = settings.brokers[problems.findIndex((p) => !p)];
  const auth = values.brokers ? authMethod(values.auth, 'iam') : authMethod(values.auth, 'plaintext');
  const implicit = values.auth !== undefined ? '' : values.brokers ? ' (the default with --brokers)' : ' (the default for the local broker)';
  const mismatch = await listenerMismatch(first, auth, implicit, typeof ssl === 'object' ? (ssl as ConnectionOptions) : {});
  if (mismatch) throw new Error(mismatch);
  if (ssl) {
    const refusal = await tlsRefusal(first, ssl === true ? {} : (ssl as ConnectionOptions));
    const described = refusal && describeTlsFailure(refusal);
    if (described) throw new Error(`${first}: ${described}`);
  }
  // The tools report outcomes themselves; kafkajs's own log lines would only bury them.
  const kafka = createKafka(settings, {
    logLevel: logLevel.NOTHING,
    retry: { initialRetryTime: 300, maxRetryTime: 2_000, retries: 5 },
    ...connection.overrides,
  });
  return { kafka, brokers: settings.brokers.join(',') };
}

/**
 * Where Avro and Protobuf tables look schema versions up: the local stand-in
 * (npm run kafka:up) with the local broker, AWS Glue with --brokers, or
 * --glue-endpoint. Fails at once, with the fix, when the stand-in is down.
 */
export async function cliSchemaVersions(values: LocalValues & { region?: string; 'glue-endpoint'?: string }): Promise<SchemaVersions> {
  const endpoint = values['glue-endpoint'] ?? (values.brokers ? undefined : localGlue(localBroker(values)).endpoint);
  if (!endpoint) {
    const region = values.region ?? process.env.AWS_REGION;
    if (!region) throw new Error('--region (or AWS_REGION): is missing; Avro and Protobuf tables look their schema versions up in Glue');
    return new SchemaVersions({ region });
  }
  const url = new URL(endpoint);
  const problem = await reachable(`${url.hostname}:${url.port || (url.protocol === 'https:' ? 443 : 80)}`);
  if (problem) {
    const port = localBroker(values).port;
    const start = `npm run kafka:up${port === new LocalKafka().port ? '' : ` -- --port ${port}`} starts the local one beside the broker`;
    throw new Error(`no Glue Schema Registry answers at ${endpoint} (${problem}); ${values['glue-endpoint'] ? 'check --glue-endpoint' : start}`);
  }
  const local = !values['glue-endpoint'] || /^(127\.0\.0\.1|localhost)$/.test(url.hostname);
  return new SchemaVersions({
    endpoint,
    region: local ? LOCAL_REGION : (values.region ?? process.env.AWS_REGION),
    credentials: local ? LOCAL_CREDENTIALS : undefined,
  });
}

/** kafkajs errors in words, on one line; undefined for anything else. */
export function describeKafkaError(err: unknown): string | undefined {
  const e = err as { name?: string; message?: string; type?: string };
  if (!e?.name?.startsWith('KafkaJS')) return undefined;
  const message = (e.message ?? '').trim().replace(/\s*\n\s*/g, ' ');
  if (/SCRAM/.test(message)) return `Kafka refused the SCRAM credentials: ${message}; check KAFKA_SCRAM_USERNAME and KAFKA_SCRAM_PASSWORD`;
  if (/OAUTHBEARER/.test(message)) {
    return `Kafka refused the IAM token: ${message}; check --region and the AWS credentials (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE)`;
  }
  if (e.type === 'TOPIC_AUTHORIZATION_FAILED' || e.type === 'CLUSTER_AUTHORIZATION_FAILED' || /SASL|authenticat/i.test(message)) {
    return `Kafka refused the credentials: ${message}; check --auth, --region and the caller's kafka-cluster permissions`;
  }
  const tls = describeTlsFailure(message);
  if (tls) return tls;
  // What a port of another use makes kafkajs say, when the listener could not be named before connecting.
  if (/does not support the requested API version/.test(message)) {
    return (
      `Kafka: ${message}: a KRaft controller port answers so, and clients cannot use it; connect to a client listener (MSK: 9092 plaintext, ` +
      '9094 TLS, 9096 SASL/SCRAM, 9098 IAM; the local broker: its --port, +2 TLS, +4 SCRAM, +6 IAM)'
    );
  }
  if (/^Closed connection|Connection timeout/.test(message)) {
    return (
      `Kafka: ${message}: a TLS listener closes a plaintext connection, and a plaintext one a TLS connection; check that --auth matches ` +
      "the port's listener (MSK: 9092 plaintext, 9094 TLS with --auth tls, 9096 --auth scram, 9098 --auth iam; the local broker: its --port, +2, +4, +6)"
    );
  }
  if (e.type === 'UNKNOWN_TOPIC_OR_PARTITION') return `${message}; create the topics first with npm run topics`;
  return `Kafka: ${message}`;
}
