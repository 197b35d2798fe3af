import { LAMBDA_MAX_TIMEOUT_SECONDS } from '../core/limits';
import type { EnvironmentConfigInput } from './schema';

type Preset = Omit<EnvironmentConfigInput, 'name'>;

/**
 * When alarms fire, unless config/<env>.json says otherwise (README, "Alarms and dashboard").
 * - brokerCpuPercent: Amazon MSK best practices ("Monitor CPU usage") keep CpuUser + CpuSystem
 *   under 60% so a broker can take over its partners' load during a failure or patching.
 * - brokerDiskUsedPercent: Amazon MSK best practices ("Monitor disk space") alarm when
 *   KafkaDataLogsDiskUsed reaches 85%.
 * - connectorDurationPercentOfTimeout: ours, not AWS's: a p99 invocation within 10% of the
 *   connector's timeout means the next larger topic fails its query.
 * - failedQueriesPer5Minutes: ours: a broken connector or broker fails every query, a typo one;
 *   more than two failures in five minutes is rarely typing.
 */
export const ALERT_THRESHOLDS = {
  brokerCpuPercent: 60,
  brokerDiskUsedPercent: 85,
  connectorDurationPercentOfTimeout: 90,
  failedQueriesPer5Minutes: 2,
} as const;

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

/** Cheap and quick to create: 2 AZs, 2 small brokers, short retention. */
function devPreset(env: string): Preset {
  return {
    region: 'us-east-1',
    tags: { project: 'msk-athena', environment: env },
    network: { vpcCidr: '10.40.0.0/16', availabilityZones: 2, natGateway: false },
    msk: {
      mode: 'provisioned',
      kafkaVersion: '3.8.x',
      brokerCount: 2,
      instanceType: 'kafka.t3.small',
      volumeSizeGiB: 20,
      maxVolumeSizeGiB: 100,
      enhancedMonitoring: 'DEFAULT',
      defaultReplicationFactor: 2,
      minInsyncReplicas: 1,
    },
    topics: { manage: true, defaultPartitions: 3, defaultRetentionHours: 24, overrides: {} },
    connector: {
      semanticVersion: '2026.33.1',
      functionName: `${env}-athena-msk-connector`,
      memoryMb: 3008,
      timeoutSeconds: LAMBDA_MAX_TIMEOUT_SECONDS,
      spillPrefix: 'athena-spill',
      ...sharedNames(env),
    },
    athena: { workgroupName: `${env}-msk-analytics`, bytesScannedCutoffMb: 10240, resultsExpirationDays: 30 },
    // Synthetic records belong in dev only: any other environment holds real topics.
    producer: { enabled: env === 'dev', schedule: 'rate(1 minute)', targets: 1, recordsPerSecond: 20, durationSeconds: 50 },
    protectData: true,
    reserveConcurrency: false,
    logRetentionDays: 14,
    alerts: { emails: [], thresholds: { ...ALERT_THRESHOLDS } },
  };
}

/** Production-grade: 3 AZs, replication 3 with min.insync.replicas 2, long log retention. */
function prodPreset(env: string): Preset {
  const dev = devPreset(env);
  return {
    ...dev,
    network: { ...dev.network, vpcCidr: '10.50.0.0/16', availabilityZones: 3 },
    msk: {
      ...dev.msk,
      brokerCount: 3,
      instanceType: 'kafka.m7g.large',
      volumeSizeGiB: 500,
      maxVolumeSizeGiB: 2000,
      enhancedMonitoring: 'PER_TOPIC_PER_BROKER',
      defaultReplicationFactor: 3,
      minInsyncReplicas: 2,
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
