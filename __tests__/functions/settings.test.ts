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
      { topic: 'orders', partitions: 3, replicationFactor: 2, configs: { 'retention.ms': '86400000', 'min.insync.replicas': '1' } },
      { topic: 'sensor-readings', partitions: 3, replicationFactor: 2, configs: { 'retention.ms': '86400000', 'min.insync.replicas': '1' } },
    ]);
  });

  it('applies per-topic overrides and refuses overrides of topics no table reads', () => {
    const config = resolveEnvironmentConfig('dev', { topics: { overrides: { orders: { partitions: 12, retentionHours: 2 } } } });
    expect(declaredTopics(config, registries)[0]).toEqual({ topic: 'orders', partitions: 12, replicationFactor: 2, configs: { 'retention.ms': '7200000', 'min.insync.replicas': '1' } });
    const typo = resolveEnvironmentConfig('dev', { topics: { overrides: { order: { partitions: 1 } } } });
    expect(() => declaredTopics(typo, registries)).toThrow('config(dev): topics.overrides.order: no table in schemas/ reads this topic; use one of orders, sensor-readings');
  });

  it('declares no replication settings on MSK Serverless', () => {
    const [orders] = declaredTopics(resolveEnvironmentConfig('dev', { msk: { mode: 'serverless' } }), registries);
    expect(orders).toEqual({ topic: 'orders', partitions: 3, configs: { 'retention.ms': '86400000' } });
  });
});
