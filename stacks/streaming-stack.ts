import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/schema';
import type { IKafkaCluster } from '../modules/msk/kafka-cluster';
import { ProvisionedCluster } from '../modules/msk/provisioned-cluster';
import { ServerlessCluster } from '../modules/msk/serverless-cluster';
import type { INetwork } from '../modules/network/network';
import { EnvironmentStack } from './environment-stack';

export interface StreamingStackProps {
  readonly network: INetwork;
}

/** Kafka: the MSK cluster (provisioned or serverless) that only IAM clients reach. */
export class StreamingStack extends EnvironmentStack {
  readonly cluster: IKafkaCluster;

  constructor(scope: Construct, config: EnvironmentConfig, props: StreamingStackProps) {
    super(scope, 'streaming', config);
    const clusterName = `${config.name}-msk-athena`;
    const { msk } = config;
    this.cluster =
      msk.mode === 'serverless'
        ? new ServerlessCluster(this, 'Kafka', { clusterName, network: props.network })
        : new ProvisionedCluster(this, 'Kafka', {
            clusterName,
            network: props.network,
            kafkaVersion: msk.kafkaVersion,
            brokerCount: msk.brokerCount,
            instanceType: msk.instanceType,
            volumeSizeGiB: msk.volumeSizeGiB,
            maxVolumeSizeGiB: msk.maxVolumeSizeGiB,
            enhancedMonitoring: msk.enhancedMonitoring,
            logRetentionDays: config.logRetentionDays,
            defaultReplicationFactor: msk.defaultReplicationFactor,
            minInsyncReplicas: msk.minInsyncReplicas,
            defaultPartitions: config.topics.defaultPartitions,
          });

    new TerraformOutput(this, 'bootstrap_brokers_sasl_iam', {
      value: this.cluster.bootstrapBrokersIam,
      description: 'Bootstrap brokers for IAM clients (TLS, port 9098)',
    });
    new TerraformOutput(this, 'cluster_arn', { value: this.cluster.clusterArn, description: 'ARN of the MSK cluster' });
  }
}
