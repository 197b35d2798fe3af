import { join } from 'node:path';
import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import { resourceNames } from '../config/resource-names';
import type { EnvironmentConfig } from '../config/schema';
import type { IKafkaCluster } from '../modules/msk/kafka-cluster';
import { ExistingCluster } from '../modules/msk/existing-cluster';
import { ProvisionedCluster } from '../modules/msk/provisioned-cluster';
import { ServerlessCluster } from '../modules/msk/serverless-cluster';
import type { INetwork } from '../modules/network/network';
import { producerTables } from '../core/tables/producer-tables';
import { SampleProducer } from '../modules/producer/sample-producer';
import type { RegistryDefinition } from '../core/tables/schema-folder';
import { declaredTopics, teamTopics } from '../config/declared-topics';
import { functionNames } from '../config/function-names';
import { TopicManager } from '../modules/topics/topic-manager';
import { KAFKA_AUTHENTICATIONS } from '../core/aws-facts';
import { PROJECT_ROOT } from '../core/project-root';
import { EnvironmentStack } from './environment-stack';

/** Where a function of this project has its handler, bundled at synth. */
const functionEntry = (name: 'topics' | 'producer') => join(PROJECT_ROOT, 'functions', name, 'handler.ts');

export interface StreamingStackProps {
  readonly network: INetwork;
  /** The tables, read and validated from schemas/: they name the topics. */
  readonly registries: readonly RegistryDefinition[];
}

/**
 * Kafka: the MSK cluster (provisioned or serverless) that only IAM clients reach,
 * the topics the tables read (made by a function Terraform invokes), and, where
 * producer.enabled, the scheduled sample producer.
 */
export class StreamingStack extends EnvironmentStack {
  readonly cluster: IKafkaCluster;
  /** Absent when topics.manage is false (an adopted cluster's topics are its team's). */
  readonly topicManager?: TopicManager;
  /** Absent unless producer.enabled: a function that must not run is not deployed (no role, grants, group or schedule). */
  readonly producer?: SampleProducer;

  constructor(scope: Construct, config: EnvironmentConfig, props: StreamingStackProps) {
    super(scope, 'streaming', config);
    const clusterName = resourceNames(config.name).prefix;
    const { msk } = config;
    this.cluster = msk.existing
      ? ExistingCluster.fromClusterAttributes(this, 'Kafka', { ...msk.existing, network: props.network, brokerCount: config.alerts.adoptedClusterBrokers })
      : msk.mode === 'serverless'
        ? new ServerlessCluster(this, 'Kafka', { clusterName, network: props.network, protect: config.protectData })
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
            protect: config.protectData,
            logsKey: this.logsKey,
          });

    if (config.topics.manage)
      this.topicManager = new TopicManager(this, 'Topics', {
        functionName: functionNames(config).topics,
        planFunctionName: functionNames(config)['topics-plan'],
        entry: functionEntry('topics'),
        cluster: this.cluster,
        network: props.network,
        topics: declaredTopics(config, props.registries),
        reserveConcurrency: config.reserveConcurrency,
        logRetentionDays: config.logRetentionDays,
        logsKey: this.logsKey,
      });

    // Synthetic records belong only where asked for: an environment with the producer
    // off (prod, staging, adopted clusters by default) gets no function that could write them.
    if (config.producer.enabled)
      this.producer = new SampleProducer(this, 'Producer', {
        functionName: functionNames(config).producer,
        entry: functionEntry('producer'),
        cluster: this.cluster,
        network: props.network,
        // Never a team's topic (sampleRecords false): its records are real, and the producer gets no right to write to it.
        tables: producerTables(props.registries, teamTopics(config)),
        schedule: config.producer.schedule,
        targets: config.producer.targets,
        recordsPerSecond: config.producer.recordsPerSecond,
        durationSeconds: config.producer.durationSeconds,
        reserveConcurrency: config.reserveConcurrency,
        after: this.topicManager ? [this.topicManager.invocation] : [],
        logRetentionDays: config.logRetentionDays,
        logsKey: this.logsKey,
      });

    const { port } = KAFKA_AUTHENTICATIONS[this.cluster.authentication];
    new TerraformOutput(this, 'bootstrap_brokers', {
      value: this.cluster.bootstrapBrokers,
      description: `Bootstrap brokers for ${this.cluster.authentication.toUpperCase()} clients (TLS, port ${port})`,
    });
    new TerraformOutput(this, 'cluster_arn', { value: this.cluster.clusterArn, description: 'ARN of the MSK cluster' });
  }
}
