import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateAuthTokenFromCredentialsProvider } from 'aws-msk-iam-sasl-signer-js';
import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';
import { cliKafka, describeKafkaError } from '../../cli/lib/kafka/connection';
import { verifyTopic } from '../../cli/verify/command';
import { produce } from '../../functions/producer/produce';
import { ensureTopics } from '../../functions/topics/reconcile';
import { producerTables } from '../../core/tables/producer-tables';
import { readSchemaFolder, type DocumentTable, type TableDefinition } from '../../core/tables/schema-folder';
import { FIXTURE, ROOT } from '../helpers/synth';
import { testBroker } from './broker';

/*
 * Every way in that MSK offers, against the suite's broker: its mutual TLS,
 * SASL/SCRAM and IAM listeners (port + 2, + 4, + 6), reached the way the
 * command-line tools reach them (--local --auth ...), and refused the way a
 * user meets a refusal: one line saying why.
 */

const broker = testBroker();
const tables = producerTables(readSchemaFolder(join(FIXTURE, 'schemas'), ROOT)).filter((t): t is DocumentTable => t.format === 'json');
const table: DocumentTable = { ...tables[0], topic: 'it-auth-records', document: { ...tables[0].document, topicName: 'it-auth-records' } };
const asDefinition = (t: DocumentTable): TableDefinition => ({ ...t, file: 'test', definition: JSON.stringify(t.document) });

const saved = { ...process.env };
beforeEach(() => {
  // Credentials a developer's shell may hold would replace the local ones.
  for (const name of [
    'KAFKA_SCRAM_USERNAME',
    'KAFKA_SCRAM_PASSWORD',
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'KAFKA_TLS_CERT',
    'KAFKA_TLS_KEY',
    'KAFKA_TLS_CA',
  ]) {
    delete process.env[name];
  }
});
afterEach(() => {
  process.env = { ...saved };
});

const local = (auth: string) => cliKafka({ local: true, auth }, 'it-auth', broker);

/** The one line a tool prints for a failure, as cliMain prints it. */
async function refusal(attempt: () => Promise<unknown>): Promise<string> {
  try {
    await attempt();
  } catch (err) {
    return describeKafkaError(err) ?? (err as Error).message;
  }
  throw new Error('expected a refusal, and the attempt succeeded');
}

async function adminConnects(kafka: Kafka): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.listTopics();
  } finally {
    await admin.disconnect();
  }
}

/** A client of the IAM listener with a token of our making. */
function iamClient(token: () => Promise<string>): Kafka {
  const config: KafkaConfig = {
    clientId: 'it-auth-forged',
    brokers: [broker.bootstrap('iam')],
    logLevel: logLevel.NOTHING,
    ssl: { ca: readFileSync(broker.tls.ca, 'utf8') },
    sasl: { mechanism: 'oauthbearer', oauthBearerProvider: async () => ({ value: await token() }) },
    retry: { retries: 1 },
  };
  return new Kafka(config);
}

const signed = async (region: string, secretAccessKey: string, accessKeyId = broker.credentials()!.iam.accessKeyId) =>
  (await generateAuthTokenFromCredentialsProvider({ region, awsCredentialsProvider: async () => ({ accessKeyId, secretAccessKey }) })).token;

/** A good token with one query parameter changed after signing. */
async function altered(name: string, value: string): Promise<string> {
  const url = new URL(Buffer.from(await signed('us-east-1', broker.credentials()!.iam.secretAccessKey), 'base64url').toString());
  url.searchParams.set(name, value);
  return Buffer.from(url.toString()).toString('base64url');
}

/** The broker log's lines from now on: where the IAM listener says why it refused. */
function logFromNow(): () => string {
  const offset = readFileSync(broker.logFile).length;
  return () => readFileSync(broker.logFile).subarray(offset).toString();
}

describe('the local broker listens as MSK does', () => {
  it('listens on port + 2 (TLS), + 4 (SCRAM) and + 6 (IAM), with the credentials made at its start', () => {
    expect(broker.listeners).toEqual({ plaintext: broker.port, tls: broker.port + 2, scram: broker.port + 4, iam: broker.port + 6 });
    const credentials = broker.credentials()!;
    expect(credentials.scram.password).toMatch(/^[0-9a-f]{32}$/);
    expect(credentials.iam).toMatchObject({ accessKeyId: expect.stringMatching(/^AKIA[A-Z0-9]{16}$/), region: 'us-east-1' });
    expect(readFileSync(broker.tls.clientCert, 'utf8')).toContain('BEGIN CERTIFICATE');
  });

  it('records produced over SCRAM read back over IAM and over mutual TLS with 0 problems', async () => {
    const scram = await local('scram');
    expect(scram.brokers).toBe(broker.bootstrap('scram'));
    const admin = scram.kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [
      { topic: table.topic, partitions: 2, replicationFactor: 1, configs: { 'retention.ms': '3600000', 'min.insync.replicas': '1' } },
    ]);
    await admin.disconnect();
    const summary = await produce(scram.kafka, [table], { recordsPerSecond: 0, count: 400 });
    expect(summary).toMatchObject({ records: 400, errors: 0 });

    for (const auth of ['iam', 'tls']) {
      const { kafka, brokers } = await local(auth);
      expect(brokers).toBe(broker.bootstrap(auth as 'iam' | 'tls'));
      const result = await verifyTopic(kafka, table.topic, [asDefinition(table)], 400);
      expect({ auth, records: result.reports[0].records, problems: result.problems }).toEqual({ auth, records: 400, problems: 0 });
    }
  });

  it('SCRAM: a forged password is refused in one line naming SCRAM', async () => {
    process.env.KAFKA_SCRAM_PASSWORD = 'forged';
    const line = await refusal(async () => adminConnects((await local('scram')).kafka));
    expect(line).toMatch(
      /^Kafka refused the SCRAM credentials: .*invalid credentials with SASL mechanism SCRAM-SHA-512; check KAFKA_SCRAM_USERNAME and KAFKA_SCRAM_PASSWORD$/,
    );
    expect(line).not.toContain('\n');
  });

  it('IAM: a token signed with the wrong secret is refused, with the reason sent to the client and written to the broker log', async () => {
    process.env.AWS_ACCESS_KEY_ID = broker.credentials()!.iam.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = 'not-the-secret';
    const log = logFromNow();
    const line = await refusal(async () => adminConnects((await local('iam')).kafka));
    expect(line).toMatch(/^Kafka refused the IAM token: .*IAM token refused: the signature does not match/);
    expect(line).not.toContain('\n');
    expect(log()).toContain('IAM listener refused a token: the signature does not match');
  });

  it.each([
    [
      'another region',
      () => signed('eu-west-1', broker.credentials()!.iam.secretAccessKey),
      'the token presigns https://kafka.eu-west-1.amazonaws.com/, expected https://kafka.us-east-1.amazonaws.com/',
    ],
    ['an access key the broker does not know', () => signed('us-east-1', 'x', 'AKIAOTHERACCOUNTKEY1'), 'an access key this broker does not know'],
    ['another action', () => altered('Action', 'kafka-cluster:AlterCluster'), 'Action is kafka-cluster:AlterCluster, expected kafka-cluster:Connect'],
    ['a token valid for longer than the signer makes them', () => altered('X-Amz-Expires', '3600'), 'X-Amz-Expires 3600 is outside 1..900 seconds'],
    [
      'a token signed an hour ago',
      () => altered('X-Amz-Date', new Date(Date.now() - 3_600_000).toISOString().replace(/[-:]|\.\d+/g, '')),
      'the token expired at',
    ],
    ['a JWT instead of a signer token', async () => 'eyJhbGciOiJub25lIn0.e30.', 'the token is not base64url text'],
  ])('IAM: refuses %s, saying why', async (_case, token, reason) => {
    const log = logFromNow();
    const line = await refusal(() => adminConnects(iamClient(token)));
    expect(line).toContain(reason);
    expect(log()).toContain(reason);
  });

  it('TLS: a client without a certificate is refused at once, in one line saying what to set', async () => {
    process.env.KAFKA_TLS_CA = broker.tls.ca;
    const line = await refusal(() => cliKafka({ brokers: broker.bootstrap('tls'), auth: 'tls' }, 'it-auth', broker));
    expect(line).toBe(
      `${broker.bootstrap('tls')}: the broker refused the TLS handshake (bad certificate): its listener requires a client certificate signed by its CA; ` +
        'set KAFKA_TLS_CERT and KAFKA_TLS_KEY (with the local broker: --auth tls)',
    );
  });

  it('TLS: a broker certificate from an unknown CA is named, with the setting that fixes it', async () => {
    process.env.KAFKA_SCRAM_USERNAME = 'u';
    process.env.KAFKA_SCRAM_PASSWORD = 'p';
    expect(await refusal(() => cliKafka({ brokers: broker.bootstrap('scram'), auth: 'scram' }, 'it-auth', broker))).toBe(
      `${broker.bootstrap('scram')}: the broker's TLS certificate is not signed by a CA this machine trusts (self-signed certificate in certificate chain); set KAFKA_TLS_CA to the CA's PEM file`,
    );
  });
});
