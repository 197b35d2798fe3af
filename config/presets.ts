import { resourceNames } from './resource-names';
import type { EnvironmentConfigInput } from './schema';

type Preset = Omit<EnvironmentConfigInput, 'name'>;

/**
 * Names that are unique per AWS account and region (the data catalog, the Glue
 * registries) carry the environment, so two environments can share an account.
 * `prod` keeps the plain names analysts type most.
 */
function sharedNames(env: string): { catalogName: string; databasePrefix: string } {
  if (env === 'prod') return { catalogName: 'msk', databasePrefix: '' };
  const word = env.replaceAll('-', '_');
  return { catalogName: `msk_${word}`, databasePrefix: `${word}_` };
}

/**
 * Cheap and quick to create: 2 AZs, 2 small brokers, short retention. A setting
 * the constructs default (Kafka version, broker count and type, replication,
 * volume sizes, connector memory and timeout, log retention, ...) is left out
 * here, so each default has one home: the construct's props, where its reason is
 * written.
 */
function devPreset(env: string): Preset {
  return {
    region: 'us-east-1',
    tags: { project: 'msk-athena', environment: env },
    network: { availabilityZones: 2, natGateway: false },
    msk: { mode: 'provisioned' },
    topics: { manage: true, defaultPartitions: 3, defaultRetentionHours: 24, overrides: {} },
    connector: { semanticVersion: '2026.33.1', functionName: resourceNames(env).connectorFunction, ...sharedNames(env) },
    athena: { workgroupName: resourceNames(env).workgroup },
    // Synthetic records belong in dev only: any other environment holds real topics.
    producer: { enabled: env === 'dev', targets: 1, recordsPerSecond: 20, durationSeconds: 50 },
    protectData: true,
    reserveConcurrency: false,
    alerts: { emails: [] },
  };
}

/** Production-grade: 3 AZs (a broker in each), replication 3 (min.insync.replicas 2 follows), long log retention. */
function prodPreset(env: string): Preset {
  const dev = devPreset(env);
  return {
    ...dev,
    network: { ...dev.network, vpcCidr: '10.50.0.0/16', availabilityZones: 3 },
    msk: {
      ...dev.msk,
      instanceType: 'kafka.m7g.large',
      volumeSizeGiB: 500,
      maxVolumeSizeGiB: 2000,
      enhancedMonitoring: 'PER_TOPIC_PER_BROKER',
      defaultReplicationFactor: 3,
    },
    topics: { ...dev.topics, defaultRetentionHours: 72 },
    connector: { ...dev.connector, ...sharedNames(env) },
    producer: { ...dev.producer, enabled: false },
    logRetentionDays: 365,
  };
}

/** Environments that need no file: their presets are complete. */
export const BUILT_IN_ENVIRONMENTS: readonly string[] = ['dev', 'prod'];

/** The preset an environment starts from: prod for `prod`, dev for every other name. */
export function presetFor(env: string): Preset {
  return env === 'prod' ? prodPreset(env) : devPreset(env);
}
