import { Construct } from 'constructs';
import { AppautoscalingPolicy } from '@cdktf/provider-aws/lib/appautoscaling-policy';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { MskCluster } from '@cdktf/provider-aws/lib/msk-cluster';
import { MskConfiguration } from '@cdktf/provider-aws/lib/msk-configuration';
import { EncryptionKey } from '../kms/encryption-key';
import type { INetwork } from '../network/network';
import { SecurityGroup } from '../network/security-group';
import { brokerLayout, type BrokerSettings } from '../../core/kafka/broker-layout';
import { DEFAULT_LOG_RETENTION_DAYS } from '../shared/log-retention';
import { ManagedKafkaCluster } from './kafka-cluster';

/**
 * The broker settings (brokerCount, defaultReplicationFactor, minInsyncReplicas)
 * take their defaults and rules from brokerLayout (core/kafka/broker-layout.ts),
 * which the config checks an environment's file with too.
 */
export interface ProvisionedClusterProps extends BrokerSettings {
  readonly clusterName: string;
  readonly network: INetwork;
  /** @default '3.8.x' */
  readonly kafkaVersion?: string;
  /** @default 'kafka.t3.small' (cheapest; use kafka.m7g.* for production) */
  readonly instanceType?: string;
  /** Initial EBS size per broker in GiB. @default 20 */
  readonly volumeSizeGiB?: number;
  /** Storage autoscaling grows volumes up to this size. @default 5 x volumeSizeGiB */
  readonly maxVolumeSizeGiB?: number;
  /** @default 'DEFAULT' */
  readonly enhancedMonitoring?: string;
  /** Days of broker logs kept in CloudWatch. @default DEFAULT_LOG_RETENTION_DAYS */
  readonly logRetentionDays?: number;
  /** Partitions of topics created without a count (num.partitions). @default Kafka's own (1) */
  readonly defaultPartitions?: number;
  /** Make Terraform refuse to destroy or replace the cluster and its key. @default true */
  readonly protect?: boolean;
  /** Key for the broker log group. */
  readonly logsKey: EncryptionKey;
}

/**
 * A provisioned MSK cluster that only IAM clients can reach: TLS between clients
 * and brokers and inside the cluster, a rotating customer managed key for data
 * at rest, broker logs in CloudWatch, storage autoscaling, and a configuration
 * that turns off automatic topic creation (topics are code, see functions/topics).
 */
export class ProvisionedCluster extends ManagedKafkaCluster {
  readonly clusterName: string;
  readonly clusterArn: string;
  readonly bootstrapBrokersIam: string;
  readonly brokerCount: number;
  readonly securityGroup: SecurityGroup;
  readonly encryptionKey: EncryptionKey;
  readonly resource: MskCluster;

  constructor(scope: Construct, id: string, props: ProvisionedClusterProps) {
    super(scope, id);
    const layout = brokerLayout(props.network.availabilityZoneCount, props);
    const [wrong] = layout.problems;
    if (wrong) throw new Error(`ProvisionedCluster ${this.node.path}: ${wrong.field}: ${wrong.problem}; ${wrong.fix}`);
    const { brokerCount: brokers, defaultReplicationFactor: replication, minInsyncReplicas: minIsr } = layout.settings;
    const volume = props.volumeSizeGiB ?? 20;
    const maxVolume = props.maxVolumeSizeGiB ?? volume * 5;
    if (maxVolume < volume) {
      throw new Error(`ProvisionedCluster ${this.node.path}: maxVolumeSizeGiB must be at least volumeSizeGiB (${volume}), got ${maxVolume}`);
    }
    const kafkaVersion = props.kafkaVersion ?? '3.8.x';
    this.clusterName = props.clusterName;
    this.brokerCount = brokers;

    this.securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      vpcId: props.network.vpcId,
      name: `${props.clusterName}-brokers`,
      description: `MSK brokers of ${props.clusterName}; IAM listener open to registered clients only`,
    });
    this.encryptionKey = new EncryptionKey(this, 'DataKey', {
      alias: `${props.clusterName}-data`,
      description: `Encrypts data at rest in MSK cluster ${props.clusterName}`,
      protect: props.protect,
    });
    const logs = new CloudwatchLogGroup(this, 'BrokerLogs', {
      name: `/aws/msk/${props.clusterName}`,
      retentionInDays: props.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS,
      kmsKeyId: props.logsKey.keyArn,
    });
    const configuration = new MskConfiguration(this, 'Configuration', {
      // A configuration serves the Kafka versions it names, so a version upgrade
      // replaces it; the version in the name lets the new one exist beside the
      // old (create before destroy) while the cluster moves over.
      name: `${props.clusterName}-${kafkaVersion.replace(/\./g, '-')}`,
      kafkaVersions: [kafkaVersion],
      description: 'Topics are created by the topics function, never implicitly',
      serverProperties: [
        'auto.create.topics.enable=false',
        `default.replication.factor=${replication}`,
        `min.insync.replicas=${minIsr}`,
        ...(props.defaultPartitions === undefined ? [] : [`num.partitions=${props.defaultPartitions}`]),
        'unclean.leader.election.enable=false',
      ].join('\n'),
      lifecycle: { createBeforeDestroy: true },
    });

    this.resource = new MskCluster(this, 'Resource', {
      clusterName: props.clusterName,
      kafkaVersion,
      numberOfBrokerNodes: brokers,
      brokerNodeGroupInfo: {
        instanceType: props.instanceType ?? 'kafka.t3.small',
        clientSubnets: props.network.privateSubnetIds,
        securityGroups: [this.securityGroup.securityGroupId],
        storageInfo: { ebsStorageInfo: { volumeSize: volume } },
      },
      clientAuthentication: { sasl: { iam: true }, unauthenticated: false },
      encryptionInfo: {
        encryptionAtRestKmsKeyArn: this.encryptionKey.keyArn,
        encryptionInTransit: { clientBroker: 'TLS', inCluster: true },
      },
      configurationInfo: { arn: configuration.arn, revision: configuration.latestRevision },
      enhancedMonitoring: props.enhancedMonitoring ?? 'DEFAULT',
      loggingInfo: { brokerLogs: { cloudwatchLogs: { enabled: true, logGroup: logs.name } } },
      // Storage autoscaling changes the volume size; Terraform must not shrink it back.
      lifecycle: {
        ignoreChanges: ['broker_node_group_info[0].storage_info[0].ebs_storage_info[0].volume_size'],
        preventDestroy: props.protect ?? true,
      },
    });
    this.clusterArn = this.resource.arn;
    this.bootstrapBrokersIam = this.resource.bootstrapBrokersSaslIam;

    if (maxVolume > volume) {
      const target = new AppautoscalingTarget(this, 'StorageScaling', {
        serviceNamespace: 'kafka',
        resourceId: this.resource.arn,
        scalableDimension: 'kafka:broker-storage:VolumeSize',
        minCapacity: 1,
        maxCapacity: maxVolume,
      });
      new AppautoscalingPolicy(this, 'StorageScalingPolicy', {
        name: `${props.clusterName}-storage`,
        policyType: 'TargetTrackingScaling',
        serviceNamespace: target.serviceNamespace,
        resourceId: target.resourceId,
        scalableDimension: target.scalableDimension,
        targetTrackingScalingPolicyConfiguration: {
          targetValue: 70,
          predefinedMetricSpecification: { predefinedMetricType: 'KafkaBrokerStorageUtilization' },
        },
      });
    }
  }
}
