import { ConfigurationError } from '../../functions/shared/errors';
import { kafkaSettingsFromEnv } from '../../functions/shared/settings';
import { declaredTopics } from '../../config/declared-topics';
import { resolveEnvironmentConfig } from '../../config/load';
import { readSchemaFolder } from '../../core/tables/schema-folder';
import { join } from 'node:path';
import { FIXTURE, ROOT } from '../helpers/synth';

describe('kafka settings from the environment', () => {
  it('reads brokers and auth', () => {
    expect(kafkaSettingsFromEnv({ KAFKA_BROKERS: 'b-1:9098,b-2:9098', AWS_REGION: 'eu-west-1' })).toEqual({
      brokers: ['b-1:9098', 'b-2:9098'],
      auth: 'iam',
      region: 'eu-west-1',
      clientId: 'msk-athena',
    });
  });

  it('names each bad setting in a non-retriable error', () => {
    expect(() => kafkaSettingsFromEnv({ KAFKA_BROKERS: 'nohost', KAFKA_AUTH: 'scram' })).toThrow(
      new ConfigurationError(['KAFKA_BROKERS: is not a host:port list; write host:port[,host:port]', 'KAFKA_AUTH: must be iam or plaintext']),
    );
    expect(() => kafkaSettingsFromEnv({ KAFKA_BROKERS: 'b:9098' })).toThrow('AWS_REGION: is missing; IAM auth signs tokens for a region');
  });
});

describe('declared topics', () => {
  const registries = readSchemaFolder(join(FIXTURE, 'schemas'), ROOT);

  it('takes topics from the schemas with the config defaults, retention in ms', () => {
    expect(declaredTopics(resolveEnvironmentConfig('dev', {}), registries)).toEqual([
      {
        topic: 'orders',
        partitions: 3,
        replicationFactor: 2,
        configs: { 'retention.ms': '86400000', 'min.insync.replicas': '1' },
        declared: [],
        confirmed: {},
      },
      {
        topic: 'sensor-readings',
        partitions: 3,
        replicationFactor: 2,
        configs: { 'retention.ms': '86400000', 'min.insync.replicas': '1' },
        declared: [],
        confirmed: {},
      },
    ]);
  });

  it('applies per-topic overrides and refuses overrides of topics no table reads', () => {
    const config = resolveEnvironmentConfig('dev', { topics: { overrides: { orders: { partitions: 12, retentionHours: 2 } } } });
    expect(declaredTopics(config, registries)[0]).toEqual({
      topic: 'orders',
      partitions: 12,
      replicationFactor: 2,
      configs: { 'retention.ms': '7200000', 'min.insync.replicas': '1' },
      declared: ['partitions', 'retention.ms'],
      confirmed: {},
    });
    const typo = resolveEnvironmentConfig('dev', { topics: { overrides: { order: { partitions: 1 } } } });
    expect(() => declaredTopics(typo, registries)).toThrow(
      'config(dev): topics.overrides.order: no table in schemas/ reads this topic; use one of orders, sensor-readings',
    );
  });

  it('declares no replication settings on MSK Serverless', () => {
    const [orders] = declaredTopics(resolveEnvironmentConfig('dev', { msk: { mode: 'serverless' } }), registries);
    expect(orders).toEqual({ topic: 'orders', partitions: 3, configs: { 'retention.ms': '86400000' }, declared: [], confirmed: {} });
  });

  it('names the settings an override sets, in Kafka order, with their confirmations in Kafka values', () => {
    const config = resolveEnvironmentConfig('dev', {
      topics: {
        overrides: {
          orders: {
            cleanupPolicy: 'compact,delete',
            retentionMs: -1,
            retentionBytes: 1073741824,
            minInsyncReplicas: 2,
            confirm: { retentionBytes: 1073741824, cleanupPolicy: 'compact,delete' },
          },
        },
      },
    });
    expect(declaredTopics(config, registries)[0]).toMatchObject({
      configs: { 'retention.ms': '-1', 'retention.bytes': '1073741824', 'cleanup.policy': 'compact,delete', 'min.insync.replicas': '2' },
      declared: ['retention.ms', 'retention.bytes', 'cleanup.policy', 'min.insync.replicas'],
      confirmed: { 'retention.bytes': '1073741824', 'cleanup.policy': 'compact,delete' },
    });
    expect(
      declaredTopics(
        resolveEnvironmentConfig('dev', { topics: { overrides: { orders: { retentionHours: 720, confirm: { retentionHours: 720 } } } } }),
        registries,
      )[0].confirmed,
    ).toEqual({
      'retention.ms': String(720 * 3_600_000),
    });
  });

  it('refuses a confirmation without its setting, of another value, and retention given twice, each with the fix', () => {
    const problems = (override: object) => {
      try {
        resolveEnvironmentConfig('dev', { topics: { overrides: { orders: override } } });
      } catch (err) {
        return (err as Error).message
          .split('\n')
          .slice(1)
          .map((l) => l.trim());
      }
      return [];
    };
    expect(problems({ confirm: { partitions: 6 } })).toEqual([
      'config(dev): topics.overrides.orders.confirm.partitions: confirms a change of partitions the override does not make; set "partitions": 6 beside it, or remove the confirmation',
    ]);
    expect(problems({ retentionHours: 168, confirm: { retentionHours: 24 } })).toEqual([
      'config(dev): topics.overrides.orders.confirm.retentionHours: confirms 24 but retentionHours is 168: a confirmation holds for the one value it names; write 168 to confirm the change to it, or remove the confirmation',
    ]);
    expect(problems({ retentionHours: 12, confirm: { retentionMs: 43_200_000 } })).toEqual([
      'config(dev): topics.overrides.orders.confirm.retentionMs: confirms retention as retentionMs but the override sets it as retentionHours; ' +
        'confirm it as the override sets it: "confirm": { "retentionHours": 12 }',
    ]);
    expect(problems({ retentionHours: 1, retentionMs: 60000 })).toEqual([
      'config(dev): topics.overrides.orders.retentionMs: sets retention twice, as retentionHours and retentionMs; keep one of them',
    ]);
    expect(problems({ cleanupPolicy: 'compacted' })).toEqual([
      expect.stringMatching(/^config\(dev\): topics\.overrides\.orders\.cleanupPolicy: expected one of "delete", "compact", "compact,delete"/),
    ]);
    expect(problems({ retentionMs: 0 })).toEqual([expect.stringMatching(/retentionMs: expected a whole number of milliseconds, or -1 for no limit/)]);
  });
});
