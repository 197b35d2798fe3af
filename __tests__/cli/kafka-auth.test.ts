import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SASLOptions } from 'kafkajs';
import { describeKafkaError } from '../../cli/lib/kafka/connection';
import { authMethod, localConnection, remoteConnection } from '../../cli/lib/kafka/auth';
import { LocalKafka } from '../../scripts/local-kafka/broker';

/*
 * How the Kafka tools pick a listener and credentials for --auth, without a
 * broker: the local broker's folder is written here as kafka:up leaves it.
 */

const work = mkdtempSync(join(tmpdir(), 'kafka-auth-'));
const broker = new LocalKafka({ port: 40092, workDir: work });
const saved = { ...process.env };

beforeAll(() => {
  mkdirSync(join(work, 'tls'));
  for (const [file, text] of [
    ['ca.pem', 'CA'],
    ['client.pem', 'CERT'],
    ['client-key.pem', 'KEY'],
  ])
    writeFileSync(join(work, 'tls', file), text);
  writeFileSync(
    join(work, 'credentials.json'),
    JSON.stringify({
      scram: { username: 'local-user', password: 'local-pass' },
      iam: { accessKeyId: 'AKIALOCALMSKATHENA01', secretAccessKey: 's', region: 'us-east-1' },
    }),
  );
});
beforeEach(() => {
  for (const name of [
    'KAFKA_SCRAM_USERNAME',
    'KAFKA_SCRAM_PASSWORD',
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'KAFKA_TLS_CERT',
    'KAFKA_TLS_KEY',
    'KAFKA_TLS_CA',
  ])
    delete process.env[name];
});
afterAll(() => {
  process.env = { ...saved };
  rmSync(work, { recursive: true, force: true });
});

describe('--auth', () => {
  it('names the four methods when given another', () => {
    expect(() => authMethod('sasl', 'iam')).toThrow('--auth: must be iam, scram, tls, plaintext; got "sasl"');
    expect(authMethod(undefined, 'plaintext')).toBe('plaintext');
  });

  it("with the local broker, uses the listener at MSK's offset and the credentials kafka:up made", () => {
    expect(localConnection(broker, 'plaintext')).toEqual({ brokers: '127.0.0.1:40092', settingsAuth: 'plaintext', overrides: {} });
    expect(localConnection(broker, 'tls')).toEqual({
      brokers: '127.0.0.1:40094',
      settingsAuth: 'plaintext',
      overrides: { ssl: { ca: 'CA', cert: 'CERT', key: 'KEY' } },
    });
    expect(localConnection(broker, 'scram')).toEqual({
      brokers: '127.0.0.1:40096',
      settingsAuth: 'plaintext',
      overrides: { ssl: { ca: 'CA' }, sasl: { mechanism: 'scram-sha-512', username: 'local-user', password: 'local-pass' } },
    });
    const iam = localConnection(broker, 'iam');
    expect(iam).toMatchObject({
      brokers: '127.0.0.1:40098',
      settingsAuth: 'iam',
      region: 'us-east-1',
      overrides: { ssl: { ca: 'CA' }, sasl: { mechanism: 'oauthbearer' } },
    });
  });

  it('signs local IAM tokens with the test key, or with the AWS keys of the environment when set', async () => {
    const credentialOf = async () => {
      const sasl = localConnection(broker, 'iam').overrides.sasl as Extract<SASLOptions, { mechanism: 'oauthbearer' }>;
      const url = new URL(Buffer.from((await sasl.oauthBearerProvider()).value, 'base64url').toString());
      return url.searchParams.get('X-Amz-Credential')!.split('/')[0];
    };
    expect(await credentialOf()).toBe('AKIALOCALMSKATHENA01');
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'AKIAFROMENVIRONMENT1', AWS_SECRET_ACCESS_KEY: 'x' });
    expect(await credentialOf()).toBe('AKIAFROMENVIRONMENT1');
  });

  it('lets KAFKA_SCRAM_PASSWORD replace the local password (an empty one does not)', () => {
    process.env.KAFKA_SCRAM_PASSWORD = '';
    expect(localConnection(broker, 'scram').overrides.sasl).toMatchObject({ password: 'local-pass' });
    process.env.KAFKA_SCRAM_PASSWORD = 'forged';
    expect(localConnection(broker, 'scram').overrides.sasl).toMatchObject({ username: 'local-user', password: 'forged' });
  });

  it('says to start the broker when its folder has no credentials yet', () => {
    const fresh = new LocalKafka({ port: 41092, workDir: join(work, 'never-started') });
    expect(() => localConnection(fresh, 'scram')).toThrow(
      /the local broker has no scram credentials in .* yet; start it with npm run kafka:up -- --port 41092$/,
    );
  });

  it('against another cluster, tls takes a client certificate from KAFKA_TLS_CERT and KAFKA_TLS_KEY, both or neither', () => {
    expect(remoteConnection('b:9094', 'tls', undefined).overrides).toEqual({ ssl: true });
    process.env.KAFKA_TLS_CERT = join(work, 'tls', 'client.pem');
    expect(() => remoteConnection('b:9094', 'tls', undefined)).toThrow('--auth tls: set both KAFKA_TLS_CERT and KAFKA_TLS_KEY');
    process.env.KAFKA_TLS_KEY = join(work, 'tls', 'client-key.pem');
    process.env.KAFKA_TLS_CA = join(work, 'tls', 'missing.pem');
    expect(() => remoteConnection('b:9094', 'tls', undefined)).toThrow(`KAFKA_TLS_CA: cannot read ${join(work, 'tls', 'missing.pem')}`);
    delete process.env.KAFKA_TLS_CA;
    expect(remoteConnection('b:9094', 'tls', undefined).overrides).toEqual({ ssl: { cert: 'CERT', key: 'KEY' } });
  });

  it('against another cluster, iam and scram trust the private CA of KAFKA_TLS_CA (the advice a TLS failure gives)', () => {
    expect(remoteConnection('b:9098', 'iam', 'eu-west-1').overrides).toEqual({});
    process.env.KAFKA_TLS_CA = join(work, 'tls', 'ca.pem');
    expect(remoteConnection('b:9098', 'iam', 'eu-west-1')).toEqual({
      brokers: 'b:9098',
      settingsAuth: 'iam',
      region: 'eu-west-1',
      overrides: { ssl: { ca: 'CA' } },
    });
    Object.assign(process.env, { KAFKA_SCRAM_USERNAME: 'u', KAFKA_SCRAM_PASSWORD: 'p' });
    expect(remoteConnection('b:9096', 'scram', undefined).overrides.ssl).toEqual({ ca: 'CA' });
  });
});

describe('Kafka failures in one line', () => {
  it('a TLS alert for a missing client certificate says what to set', () => {
    const err = Object.assign(
      new Error('Connection error: 80CC:error:0A000412:SSL routines:ssl3_read_bytes:sslv3 alert bad certificate:rec_layer_s3.c:1601:SSL alert number 42\n'),
      {
        name: 'KafkaJSNumberOfRetriesExceeded',
      },
    );
    expect(describeKafkaError(err)).toBe(
      'the broker refused the TLS handshake (bad certificate): its listener requires a client certificate signed by its CA; set KAFKA_TLS_CERT and KAFKA_TLS_KEY (with the local broker: --auth tls)',
    );
  });

  it("a refused IAM token keeps the broker's reason", () => {
    const err = Object.assign(new Error('SASL OAUTHBEARER authentication failed: IAM token refused: the token expired at 2026-01-01T00:15:00Z'), {
      name: 'KafkaJSSASLAuthenticationError',
    });
    expect(describeKafkaError(err)).toMatch(
      /^Kafka refused the IAM token: .*the token expired at 2026-01-01T00:15:00Z; check --region and the AWS credentials/,
    );
  });
});
