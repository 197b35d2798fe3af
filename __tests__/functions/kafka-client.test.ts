import type { SASLOptions } from 'kafkajs';
import { kafkaConfig } from '../../functions/shared/kafka-client';
import { kafkaSettingsFromEnv } from '../../functions/shared/settings';

/*
 * The IAM client as the functions build it from their environment on Lambda:
 * TLS, SASL OAUTHBEARER, and a token that is a SigV4-presigned
 * kafka-cluster:Connect URL for the function's region, signed with the
 * credentials Lambda puts in the environment. Static fake credentials: no network.
 */

const LAMBDA_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'ASIAFAKEFUNCTIONKEY1',
  AWS_SECRET_ACCESS_KEY: 'fake/secret/for/signing/only/0123456789',
  AWS_SESSION_TOKEN: 'fake-session-token',
};
const saved = { ...process.env };

beforeEach(() => {
  // The credential chain reads the environment first, as on Lambda; a profile would skip it.
  for (const name of ['AWS_PROFILE', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_WEB_IDENTITY_TOKEN_FILE'])
    delete process.env[name];
  Object.assign(process.env, LAMBDA_CREDENTIALS);
});
afterEach(() => {
  process.env = { ...saved };
});

const iamSettings = (region: string) =>
  kafkaSettingsFromEnv({ KAFKA_BROKERS: 'b-1.x.kafka.eu-west-1.amazonaws.com:9098', KAFKA_AUTH: 'iam', AWS_REGION: region });

/** The presigned URL inside an OAUTHBEARER token (base64url, no padding). */
async function tokenUrl(region: string): Promise<URL> {
  const sasl = kafkaConfig(iamSettings(region)).sasl as Extract<SASLOptions, { mechanism: 'oauthbearer' }>;
  const { value } = await sasl.oauthBearerProvider();
  expect(value).toMatch(/^[A-Za-z0-9_-]+$/);
  return new URL(Buffer.from(value, 'base64url').toString('utf8'));
}

describe('kafka client for MSK with IAM auth', () => {
  it('uses TLS and SASL OAUTHBEARER', () => {
    const config = kafkaConfig(iamSettings('eu-west-1'));
    expect(config.ssl).toBe(true);
    expect(config.sasl?.mechanism).toBe('oauthbearer');
    expect(config.brokers).toEqual(['b-1.x.kafka.eu-west-1.amazonaws.com:9098']);
  });

  it("signs a kafka-cluster:Connect URL for the function's region with the function's credentials", async () => {
    const url = await tokenUrl('eu-west-1');
    const q = url.searchParams;
    expect(url.protocol).toBe('https:');
    expect(url.host).toBe('kafka.eu-west-1.amazonaws.com');
    expect(q.get('Action')).toBe('kafka-cluster:Connect');
    expect(q.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    const date = q.get('X-Amz-Date')!;
    expect(date).toMatch(/^\d{8}T\d{6}Z$/);
    expect(q.get('X-Amz-Credential')).toBe(`${LAMBDA_CREDENTIALS.AWS_ACCESS_KEY_ID}/${date.slice(0, 8)}/eu-west-1/kafka-cluster/aws4_request`);
    // Lambda's credentials are temporary: without the session token MSK refuses the signature.
    expect(q.get('X-Amz-Security-Token')).toBe(LAMBDA_CREDENTIALS.AWS_SESSION_TOKEN);
    expect(Number(q.get('X-Amz-Expires'))).toBeGreaterThan(0);
    expect(Number(q.get('X-Amz-Expires'))).toBeLessThanOrEqual(900);
    expect(q.get('X-Amz-SignedHeaders')).toBe('host');
    expect(q.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('follows the region and signs each connection afresh', async () => {
    const first = await tokenUrl('ap-southeast-2');
    expect(first.host).toBe('kafka.ap-southeast-2.amazonaws.com');
    expect(first.searchParams.get('X-Amz-Credential')).toContain('/ap-southeast-2/kafka-cluster/aws4_request');
    process.env.AWS_ACCESS_KEY_ID = 'ASIAROTATEDKEY000002';
    const rotated = await tokenUrl('ap-southeast-2');
    expect(rotated.searchParams.get('X-Amz-Credential')).toMatch(/^ASIAROTATEDKEY000002\//);
    expect(rotated.searchParams.get('X-Amz-Signature')).not.toBe(first.searchParams.get('X-Amz-Signature'));
  });

  it('talks plaintext without SASL to a local broker', () => {
    const config = kafkaConfig({ brokers: ['127.0.0.1:19092'], auth: 'plaintext', clientId: 'local' });
    expect(config.ssl).toBeUndefined();
    expect(config.sasl).toBeUndefined();
  });
});
