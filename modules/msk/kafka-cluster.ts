import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import type { IGrantable } from '../iam/grants';
import type { SecurityGroup } from '../network/security-group';
import { KAFKA_AUTHENTICATIONS, KAFKA_IAM_PORT, type KafkaAuthentication } from '../shared/constants';

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
  /** Lets `client` reach the brokers on the listener of `authentication`. */
  allowClient(client: SecurityGroup): void;
  /** ARN of a topic of this cluster, for IAM statements. */
  topicArn(topic: string): string;
  /** What a client needs to sign in: kafka-cluster:Connect (iam), the secret (scram), the secret and certificates (tls). */
  grantConnect(grantee: IGrantable, sid: string): void;
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

  allowClient(client: SecurityGroup): void {
    this.securityGroup.allowFrom(client, KAFKA_IAM_PORT, KAFKA_AUTHENTICATIONS.iam.listener);
  }

  topicArn(topic: string): string {
    if (!/^[a-zA-Z0-9._-]{1,249}$/.test(topic)) {
      throw new Error(`${this.clusterName}: topic must be 1-249 of a-zA-Z0-9._-, got "${topic}"`);
    }
    return `${Fn.replace(this.clusterArn, ':cluster/', ':topic/')}/${topic}`;
  }

  grantConnect(grantee: IGrantable, sid: string): void {
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
