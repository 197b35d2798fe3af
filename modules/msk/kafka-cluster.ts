import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { Grant, type IGrantable } from '../iam/grants';
import type { INetworkClient } from '../lambda/vpc-lambda';
import type { SecurityGroup } from '../network/security-group';
import { KAFKA_AUTHENTICATIONS, KAFKA_IAM_PORT, type KafkaAuthentication } from '../../core/aws-facts';
import { TOPIC_NAME } from '../../core/limits';

/** Topic grants name each topic up to this many; more are granted by the cluster's topic pattern. */
export const MAX_LISTED_TOPICS = 25;

/**
 * What clients of a Kafka cluster need, whether made here (provisioned, serverless)
 * or adopted: callers never ask which kind they hold.
 */
export interface IKafkaCluster {
  readonly clusterName: string;
  readonly clusterArn: string;
  /** How clients sign in; made clusters take IAM only. */
  readonly authentication: KafkaAuthentication;
  /** Bootstrap string for `authentication`. */
  readonly bootstrapBrokers: string;
  /** Bootstrap string for IAM clients (port 9098); our functions sign in with IAM. Throws for a cluster without IAM. */
  readonly bootstrapBrokersIam: string;
  /** The Secrets Manager secret a scram or tls client reads. */
  readonly secretArn?: string;
  /** s3://bucket/folder/ of the keystore and truststore of a tls client. */
  readonly certificatesS3Reference?: string;
  /**
   * Brokers that publish per-broker metrics, numbered 1..N; undefined where there
   * are none to watch (MSK Serverless) or their number is not known (an adopted cluster
   * without `brokerCount`).
   */
  readonly brokerCount?: number;
  /**
   * True when the brokers' security group is not ours to change: each client's
   * admission is then a step for the cluster's owner, listed in `ownerActions`.
   */
  readonly ownerAdmitsClients: boolean;
  /**
   * What the cluster's owner must run, one line per client added so far. Read it
   * when the stack is synthesized (a Lazy value), so clients added later count.
   */
  readonly ownerActions: readonly string[];
  /**
   * Makes `client` a client of the cluster: its security group reaches the brokers
   * on the listener of `authentication`, and its role may sign in
   * (kafka-cluster:Connect for iam; the secret for scram; the secret and
   * certificates for tls). Topic rights are granted separately.
   */
  addClient(client: INetworkClient): Grant;
  /** ARN of a topic of this cluster, for IAM statements. */
  topicArn(topic: string): string;
  /**
   * Describe and read; no consumer-group rights. Topic grants are IAM's only on an
   * IAM cluster: on scram and tls clusters Kafka ACLs decide, and every topic grant
   * is empty (its `reason` says so).
   */
  grantReadTopics(grantee: IGrantable, topics: readonly string[]): Grant;
  /** Describe and write, idempotently. Empty unless the cluster authenticates with IAM. */
  grantWriteTopics(grantee: IGrantable, topics: readonly string[]): Grant;
  /** Create, describe and alter topics and their configuration. Empty unless the cluster authenticates with IAM. */
  grantManageTopics(grantee: IGrantable, topics: readonly string[]): Grant;
  /** Describe topics and their configuration, and nothing else (no data). Empty unless the cluster authenticates with IAM. */
  grantDescribeTopics(grantee: IGrantable, topics: readonly string[]): Grant;
}

/**
 * Grants and client wiring shared by every cluster kind. Topic ARNs are derived
 * from the cluster ARN (`...:cluster/<name>/<uuid>` becomes
 * `...:topic/<name>/<uuid>/<topic>`), so no account or region lookup is needed.
 */
export abstract class KafkaClusterBase extends Construct implements IKafkaCluster {
  abstract readonly clusterName: string;
  abstract readonly clusterArn: string;
  abstract readonly authentication: KafkaAuthentication;
  abstract readonly bootstrapBrokers: string;
  abstract readonly bootstrapBrokersIam: string;
  abstract readonly brokerCount?: number;
  protected readonly pendingOwnerActions: string[] = [];

  get ownerAdmitsClients(): boolean {
    return false;
  }

  get ownerActions(): readonly string[] {
    return this.pendingOwnerActions;
  }

  addClient(client: INetworkClient): Grant {
    const grant = this.grantConnect(client);
    this.allowClient(client.securityGroup);
    return grant;
  }

  /** Opens the path from `client` to the brokers' listener. */
  protected abstract allowClient(client: SecurityGroup): void;

  topicArn(topic: string): string {
    if (!TOPIC_NAME.pattern.test(topic)) {
      throw new Error(`${this.clusterName}: topic must be ${TOPIC_NAME.rule}, got "${topic}"`);
    }
    return `${Fn.replace(this.clusterArn, ':cluster/', ':topic/')}/${topic}`;
  }

  protected grantConnect(grantee: IGrantable): Grant {
    return Grant.addToPrincipal(grantee, [{ sid: 'KafkaConnect', actions: ['kafka-cluster:Connect'], resources: [this.clusterArn] }]);
  }

  grantReadTopics(grantee: IGrantable, topics: readonly string[]): Grant {
    return this.grantOnTopics(grantee, topics, 'KafkaReadTopics', ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData']);
  }

  grantWriteTopics(grantee: IGrantable, topics: readonly string[]): Grant {
    const write = this.grantOnTopics(grantee, topics, 'KafkaWriteTopics', ['kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData']);
    if (write.isEmpty) return write;
    // Idempotent producers need this cluster-level right as well.
    const idempotent = { sid: 'KafkaWriteTopicsIdempotent', actions: ['kafka-cluster:WriteDataIdempotently'], resources: [this.clusterArn] };
    return Grant.combine(write, Grant.addToPrincipal(grantee, [idempotent]));
  }

  grantManageTopics(grantee: IGrantable, topics: readonly string[]): Grant {
    return this.grantOnTopics(grantee, topics, 'KafkaManageTopics', [
      'kafka-cluster:CreateTopic',
      'kafka-cluster:DescribeTopic',
      'kafka-cluster:AlterTopic',
      'kafka-cluster:DescribeTopicDynamicConfiguration',
      'kafka-cluster:AlterTopicDynamicConfiguration',
    ]);
  }

  grantDescribeTopics(grantee: IGrantable, topics: readonly string[]): Grant {
    return this.grantOnTopics(grantee, topics, 'KafkaDescribeTopics', ['kafka-cluster:DescribeTopic', 'kafka-cluster:DescribeTopicDynamicConfiguration']);
  }

  private grantOnTopics(grantee: IGrantable, topics: readonly string[], sid: string, actions: string[]): Grant {
    if (topics.length === 0) throw new Error(`${this.clusterName}: grant ${sid} names no topics`);
    const unique = [...new Set(topics)].sort();
    unique.forEach((t) => this.topicArn(t)); // validates every name
    if (this.authentication !== 'iam') {
      return Grant.none(`${this.clusterName} authenticates with ${this.authentication}: Kafka ACLs, not IAM, decide topic access`);
    }
    // Beyond MAX_LISTED_TOPICS the listing would pass IAM's 10,240-character cap on a
    // role's inline policies; the grant then covers this cluster's topics and no other's.
    const resources = unique.length > MAX_LISTED_TOPICS ? [`${Fn.replace(this.clusterArn, ':cluster/', ':topic/')}/*`] : unique.map((t) => this.topicArn(t));
    return Grant.addToPrincipal(grantee, [{ sid, actions, resources }]);
  }
}

/**
 * A cluster made here: IAM only, its brokers behind a security group of ours that
 * admits each client on the IAM listener.
 */
export abstract class ManagedKafkaCluster extends KafkaClusterBase {
  abstract readonly securityGroup: SecurityGroup;
  readonly authentication: KafkaAuthentication = 'iam';

  get bootstrapBrokers(): string {
    return this.bootstrapBrokersIam;
  }

  protected allowClient(client: SecurityGroup): void {
    this.securityGroup.allowFrom(client, KAFKA_IAM_PORT, KAFKA_AUTHENTICATIONS.iam.listener);
  }
}
