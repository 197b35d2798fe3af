import type { Finding } from '../problems';

/**
 * MSK places the same number of brokers in every subnet (Availability Zone), so
 * the broker count must be a multiple of the zone count. Returns what is wrong
 * and what would be right, or undefined when the layout is valid.
 */
export function brokerLayoutProblem(brokers: number, zones: number): Required<Finding> | undefined {
  if (brokers % zones === 0) return undefined;
  const lower = Math.max(zones, brokers - (brokers % zones));
  const upper = brokers + zones - (brokers % zones);
  return {
    problem: `${brokers} brokers cannot be spread evenly over ${zones} Availability Zones`,
    fix: `use a multiple of ${zones}, such as ${lower === upper ? upper : `${lower} or ${upper}`}`,
  };
}

/** How many brokers a provisioned cluster has and how its topics are replicated by default. */
export interface BrokerSettings {
  /** A multiple of the zone count. @default one per zone */
  readonly brokerCount?: number;
  /** default.replication.factor, at most the broker count. @default 2, or the broker count if smaller */
  readonly defaultReplicationFactor?: number;
  /**
   * min.insync.replicas, below the replication factor (when that is above 1), so a
   * broker can be lost without stopping writes. @default defaultReplicationFactor - 1, at least 1
   */
  readonly minInsyncReplicas?: number;
}

/** A broker setting that breaks its rule: which one, what is wrong and what would be right. */
export interface BrokerSettingProblem extends Required<Finding> {
  readonly field: keyof BrokerSettings;
}

/**
 * The settings of a provisioned cluster over `zones` Availability Zones, each given
 * or defaulted, and the problems of the given ones. The one home of these defaults
 * and rules: ProvisionedCluster applies them (and throws on a problem); the config
 * checks an environment's file with them, naming its key, and the declared topics
 * take their replication from them.
 */
export function brokerLayout(zones: number, settings: BrokerSettings = {}): { settings: Required<BrokerSettings>; problems: BrokerSettingProblem[] } {
  const brokerCount = settings.brokerCount ?? zones;
  const defaultReplicationFactor = settings.defaultReplicationFactor ?? Math.min(2, brokerCount);
  const minInsyncReplicas = settings.minInsyncReplicas ?? Math.max(1, defaultReplicationFactor - 1);
  const problems: BrokerSettingProblem[] = [];
  const spread = brokerLayoutProblem(brokerCount, zones);
  if (spread) problems.push({ field: 'brokerCount', ...spread });
  if (defaultReplicationFactor > brokerCount) {
    problems.push({
      field: 'defaultReplicationFactor',
      problem: `${defaultReplicationFactor} replicas cannot fit on ${brokerCount} brokers`,
      fix: `use at most ${brokerCount}`,
    });
  }
  if (minInsyncReplicas >= defaultReplicationFactor && defaultReplicationFactor > 1) {
    problems.push({
      field: 'minInsyncReplicas',
      problem: `${minInsyncReplicas} leaves no replica to lose at replication ${defaultReplicationFactor}`,
      fix: `use at most ${defaultReplicationFactor - 1}`,
    });
  }
  return { settings: { brokerCount, defaultReplicationFactor, minInsyncReplicas }, problems };
}
