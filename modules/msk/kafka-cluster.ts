import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import type { IGrantable } from '../iam/grants';
import type { INetworkClient } from '../lambda/vpc-lambda';
import type { SecurityGroup } from '../network/security-group';
import { KAFKA_AUTHENTICATIONS, KAFKA_IAM_PORT, type KafkaAuthentication } from '../../core/aws-facts';
import { TOPIC_NAME } from '../../core/limits';

/** Topic grants name each topic up to this many; more are granted by the cluster's topic pattern. */
export const MAX_LISTED_TOPICS = 25;

/** What clients of a Kafka cluster need, whether made here (provisioned, serverless) or adopted. */
export interface IKafkaCluster {
  readonly clusterName: string;
  readonly clusterArn: string;
  /** How clients sign in; made clusters take IAM only. */
  readonly authentication: KafkaAuthentication;
  /** Bootstrap string for `authentication`. */
  readonly bootstrapBrokers: string;
  /** Bootstrap string for IAM clients (port 9098); our functions sign in with IAM. */
  readonly bootstrapBrokersIam: string;
  /** The Secrets Manager secret a scram or tls client reads. */
  readonly secretArn?: string;
  /** s3://bucket/folder/ of the keystore and truststore of a tls client. */
  readonly certificatesS3Reference?: string;
  /**
   * Makes `client` a client of the cluster: its security group reaches the brokers
   * on the listener of `authentication`, and its role may sign in
   * (kafka-cluster:Connect for iam; the secret for scram; the secret and
   * certificates for tls). Topic rights are granted separately.
   */
  addClient(client: INetworkClient): void;
  /** ARN of a topic of this cluster, for IAM statements. */
  topicArn(topic: string): string;
  /** Describe and read (IAM only: scram and tls clients are governed by Kafka ACLs); no consumer-group rights. */
  grantReadTopics(grantee: IGrantable, topics: readonly string[], sid: string): void;
  /** Describe and write, idempotently. */
  grantWriteTopics(grantee: IGrantable, topics: readonly string[], sid: string): void;
  /** Create, describe and alter topics and their configuration. */
  grantManageTopics(grantee: IGrantable, topics: readonly string[], sid: string): void;
}

/**
 * Grants and client wiring shared by both cluster kinds. Topic ARNs are derived
 * from the cluster ARN (`...:cluster/<name>/<uuid>` becomes
 * `...:topic/<name>/<uuid>/<topic>`), so no account or region lookup is needed.
 */
export abstract class KafkaClusterBase extends Construct implements IKafkaCluster {
  abstract readonly clusterName: string;
  abstract readonly clusterArn: string;
  abstract readonly bootstrapBrokersIam: string;
  abstract readonly securityGroup: SecurityGroup;
  readonly authentication: KafkaAuthentication = 'iam';

  get bootstrapBrokers(): string {
    return this.bootstrapBrokersIam;
  }

  addClient(client: INetworkClient): void {
    this.grantConnect(client, 'KafkaConnect');
    this.allowClient(client.securityGroup);
  }

  protected allowClient(client: SecurityGroup): void {
    this.securityGroup.allowFrom(client, KAFKA_IAM_PORT, KAFKA_AUTHENTICATIONS.iam.listener);
  }

  topicArn(topic: string): string {
    if (!TOPIC_NAME.pattern.test(topic)) {
      throw new Error(`${this.clusterName}: topic must be ${TOPIC_NAME.rule}, got "${topic}"`);
    }
    return `${Fn.replace(this.clusterArn, ':cluster/', ':topic/')}/${topic}`;
  }

  protected grantConnect(grantee: IGrantable, sid: string): void {
    grantee.addToPolicy({ sid, actions: ['kafka-cluster:Connect'], resources: [this.clusterArn] });
  }

  grantReadTopics(grantee: IGrantable, topics: readonly string[], sid: string): void {
    this.grantOnTopics(grantee, topics, sid, ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData']);
  }

  grantWriteTopics(grantee: IGrantable, topics: readonly string[], sid: string): void {
    this.grantOnTopics(grantee, topics, sid, ['kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData']);
    // Idempotent producers need this cluster-level right as well.
    grantee.addToPolicy({ sid: `${sid}Idempotent`, actions: ['kafka-cluster:WriteDataIdempotently'], resources: [this.clusterArn] });
  }

  grantManageTopics(grantee: IGrantable, topics: readonly string[], sid: string): void {
    this.grantOnTopics(grantee, topics, sid, [
      'kafka-cluster:CreateTopic',
      'kafka-cluster:DescribeTopic',
      'kafka-cluster:AlterTopic',
      'kafka-cluster:DescribeTopicDynamicConfiguration',
      'kafka-cluster:AlterTopicDynamicConfiguration',
    ]);
  }

  protected grantOnTopics(grantee: IGrantable, topics: readonly string[], sid: string, actions: string[]): void {
    if (topics.length === 0) throw new Error(`${this.clusterName}: grant ${sid} names no topics`);
    const unique = [...new Set(topics)].sort();
    unique.forEach((t) => this.topicArn(t)); // validates every name
    // Beyond MAX_LISTED_TOPICS the listing would pass IAM's 10,240-character cap on a
    // role's inline policies; the grant then covers this cluster's topics and no other's.
    const resources = unique.length > MAX_LISTED_TOPICS ? [`${Fn.replace(this.clusterArn, ':cluster/', ':topic/')}/*`] : unique.map((t) => this.topicArn(t));
    grantee.addToPolicy({ sid, actions, resources });
  }
}
