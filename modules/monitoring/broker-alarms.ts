import { Construct } from 'constructs';
import type { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { METRICS } from '../../core/aws-facts';
import { requireWholeNumber } from '../shared/validate';
import type { IAlertTopic } from './alert-topic';
import { metricAlarm, type MetricSpec } from './metric-alarm';

export interface BrokerAlarmsProps {
  /** The cluster's name, its "Cluster Name" dimension. */
  readonly clusterName: string;
  /** Brokers to watch: MSK numbers them 1..N. */
  readonly brokerCount: number;
  readonly topic: IAlertTopic;
  /** Start of every alarm name, e.g. `dev-msk-athena`. */
  readonly namePrefix: string;
  /**
   * CpuUser + CpuSystem above this, per broker, for 15 minutes. @default 60: Amazon MSK
   * best practices ("Monitor CPU usage") keep it under 60% so a broker can take over its
   * partners' load during a failure or patching
   */
  readonly cpuPercent?: number;
  /** KafkaDataLogsDiskUsed above this, per broker. @default 85: Amazon MSK best practices ("Monitor disk space") */
  readonly diskUsedPercent?: number;
}

const { namespace, cluster: CLUSTER, broker: BROKER } = METRICS.kafka;

/**
 * The health of a provisioned MSK cluster's brokers, from the metrics MSK publishes
 * at its free DEFAULT monitoring level: disk and CPU per broker (one alarm each, named
 * after the broker), under-replicated partitions per broker, offline partitions, and
 * the cluster's active controller count, which must be exactly 1.
 */
export class BrokerAlarms extends Construct {
  readonly alarms: CloudwatchMetricAlarm[] = [];

  constructor(scope: Construct, id: string, props: BrokerAlarmsProps) {
    super(scope, id);
    const brokers = requireWholeNumber(this, 'brokerCount', props.brokerCount, { min: 1 });
    const cpu = percent(this, 'cpuPercent', props.cpuPercent ?? 60);
    const disk = percent(this, 'diskUsedPercent', props.diskUsedPercent ?? 85);
    const clusterDims = { [CLUSTER]: props.clusterName };
    const metric = (metricName: string, stat: string, period: number, brokerId?: number): MetricSpec => ({
      namespace,
      metricName,
      dimensions: brokerId === undefined ? clusterDims : { ...clusterDims, [BROKER]: String(brokerId) },
      stat,
      period,
    });
    const name = (what: string) => `${props.namePrefix}-${what}`;
    // A broker that stops reporting leaves its CPU and disk alarms without data; the
    // partition and controller alarms below are the ones that notice a broker gone.
    const silentBroker = 'a broker that stops reporting is caught by the partition and controller alarms';

    for (let b = 1; b <= brokers; b++) {
      this.alarms.push(
        metricAlarm(this, `Broker${b}Disk`, props.topic, {
          alarmName: name(`broker-${b}-disk`),
          description:
            `Broker ${b} of ${props.clusterName} has used over ${disk}% of its data volume: raise maxVolumeSizeGiB, shorten retention ` +
            `or add brokers before it fills`,
          metric: metric('KafkaDataLogsDiskUsed', 'Maximum', 300, b),
          comparison: 'GreaterThanThreshold',
          threshold: disk,
          evaluationPeriods: 1,
          treatMissingData: 'missing',
          missingDataReason: silentBroker,
        }),
      );
      this.alarms.push(
        metricAlarm(this, `Broker${b}Cpu`, props.topic, {
          alarmName: name(`broker-${b}-cpu`),
          description:
            `Broker ${b} of ${props.clusterName} has spent over ${cpu}% CPU (user + system) for 15 minutes: it cannot absorb a ` +
            `partner's load in a failure or patching; use a larger broker type or more brokers`,
          metric: {
            expression: 'user + system',
            label: `Broker ${b} CPU (user + system) %`,
            inputs: { user: metric('CpuUser', 'Average', 300, b), system: metric('CpuSystem', 'Average', 300, b) },
          },
          comparison: 'GreaterThanThreshold',
          threshold: cpu,
          evaluationPeriods: 3,
          treatMissingData: 'missing',
          missingDataReason: silentBroker,
        }),
      );
      this.alarms.push(
        metricAlarm(this, `Broker${b}UnderReplicated`, props.topic, {
          alarmName: name(`broker-${b}-under-replicated-partitions`),
          description:
            `Broker ${b} of ${props.clusterName} has had under-replicated partitions for 10 minutes: a replica is down or falling ` +
            `behind, so one more failure can lose data`,
          metric: metric('UnderReplicatedPartitions', 'Maximum', 300, b),
          comparison: 'GreaterThanThreshold',
          threshold: 0,
          // Rolling patches restart one broker at a time for a few minutes; ten minutes is not a restart.
          evaluationPeriods: 2,
          treatMissingData: 'breaching',
          missingDataReason: 'each broker reports this every minute while it runs, so silence means the broker is down',
        }),
      );
    }
    this.alarms.push(
      metricAlarm(this, 'OfflinePartitions', props.topic, {
        alarmName: name('offline-partitions'),
        description: `${props.clusterName} has partitions without a leader: they can be neither written nor read, and queries of their topics fail`,
        metric: metric('OfflinePartitionsCount', 'Maximum', 60, undefined),
        comparison: 'GreaterThanThreshold',
        threshold: 0,
        evaluationPeriods: 1,
        treatMissingData: 'missing',
        missingDataReason: 'only the controller reports it; a cluster without one is caught by the controller alarm',
      }),
    );
    this.alarms.push(
      metricAlarm(this, 'ActiveController', props.topic, {
        alarmName: name('active-controller-count'),
        description:
          `${props.clusterName} does not have exactly one active controller (summed over its brokers) for 5 minutes: no controller ` +
          `means no leader elections or topic changes, more than one is a split brain`,
        // Every broker reports 0 or 1 under the cluster's name; the sum over brokers must be 1.
        metric: {
          expression: 'ABS(controllers - 1)',
          label: 'Distance from one active controller',
          inputs: { controllers: metric('ActiveControllerCount', 'Sum', 60, undefined) },
        },
        comparison: 'GreaterThanThreshold',
        threshold: 0,
        evaluationPeriods: 5,
        treatMissingData: 'breaching',
        missingDataReason: 'a running cluster always reports it, so silence means no broker is reporting',
      }),
    );
  }
}

function percent(scope: Construct, prop: string, value: number): number {
  if (!(value > 0 && value <= 100)) throw new Error(`BrokerAlarms ${scope.node.path}: ${prop} must be a percentage above 0 and at most 100, got ${value}`);
  return value;
}
