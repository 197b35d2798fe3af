import type { Construct } from 'constructs';
import { DataAwsKmsKey } from '@cdktf/provider-aws/lib/data-aws-kms-key';
import { DataAwsMskBootstrapBrokers } from '@cdktf/provider-aws/lib/data-aws-msk-bootstrap-brokers';
import { DataAwsSecretsmanagerSecret } from '@cdktf/provider-aws/lib/data-aws-secretsmanager-secret';
import { DataAwsVpc } from '@cdktf/provider-aws/lib/data-aws-vpc';
import { Grant, type IGrantable, type PolicyStatement } from '../iam/grants';
import type { INetwork } from '../network/network';
import { SecurityGroup, type ISecurityGroup } from '../network/security-group';
import { AwsContext } from '../shared/aws-context';
import { requireWholeNumber } from '../shared/validate';
import { KAFKA_AUTHENTICATIONS, type KafkaAuthentication } from '../../core/aws-facts';
import { KafkaClusterBase, type IKafkaCluster } from './kafka-cluster';

/** An MSK cluster made elsewhere, and how clients here reach it. */
export interface KafkaClusterAttributes {
  /** `arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>`, provisioned or serverless. */
  readonly clusterArn: string;
  readonly authentication: KafkaAuthentication;
  /** The cluster's VPC (the brokers' subnets). */
  readonly network: INetwork;
  /**
   * scram: the AmazonMSK_ secret; tls: the secret with the keystore, truststore and key passwords.
   * @default none; required for scram and tls
   */
  readonly secretArn?: string;
  /**
   * tls: s3://bucket/folder/ holding kafka.client.keystore.jks and kafka.client.truststore.jks.
   * @default none; required for tls
   */
  readonly certificatesS3Reference?: string;
  /**
   * The brokers' security group, to add the rule that admits each client.
   * @default none: clients get egress to the VPC range, and the cluster's owner adds the ingress rule (the cluster's `ownerActions` say which)
   */
  readonly brokerSecurityGroupId?: string;
  /** @default read from the cluster (aws_msk_bootstrap_brokers) for `authentication` */
  readonly bootstrapBrokers?: string;
  /**
   * The cluster's broker count, where per-broker alarms should watch it (brokers 1..N).
   * @default unknown: the cluster is not ours, so nothing is assumed about its brokers
   */
  readonly brokerCount?: number;
}

/**
 * An MSK cluster the team already runs (made by another stack, team or tool),
 * adopted for clients here: nothing of the cluster is created or changed; the
 * client side (grants, rules, the bootstrap string) follows its authentication.
 */
export class ExistingCluster extends KafkaClusterBase {
  /** Adopts the cluster `attrs` describe. */
  static fromClusterAttributes(scope: Construct, id: string, attrs: KafkaClusterAttributes): IKafkaCluster {
    return new ExistingCluster(scope, id, attrs);
  }

  readonly clusterName: string;
  readonly clusterArn: string;
  readonly authentication: KafkaAuthentication;
  private readonly brokersString: string;
  readonly secretArn?: string;
  readonly certificatesS3Reference?: string;
  readonly brokerCount?: number;
  private readonly brokers?: ISecurityGroup;
  private readonly network: INetwork;
  private vpcCidr?: string;
  private secretKeyArn?: string;

  private constructor(scope: Construct, id: string, props: KafkaClusterAttributes) {
    super(scope, id);
    const name = /:cluster\/([^/]+)\//.exec(props.clusterArn)?.[1];
    if (!name)
      throw new Error(`ExistingCluster ${this.node.path}: clusterArn must be an MSK cluster ARN (...:cluster/<name>/<uuid>), got "${props.clusterArn}"`);
    if (props.authentication !== 'iam' && !props.secretArn)
      throw new Error(`ExistingCluster ${this.node.path}: secretArn is required for ${props.authentication}`);
    if (props.authentication === 'tls' && !props.certificatesS3Reference)
      throw new Error(`ExistingCluster ${this.node.path}: certificatesS3Reference is required for tls`);
    if (props.brokerCount !== undefined) requireWholeNumber(this, 'brokerCount', props.brokerCount, { min: 1 });
    this.clusterName = name;
    this.clusterArn = props.clusterArn;
    this.authentication = props.authentication;
    this.secretArn = props.secretArn;
    this.certificatesS3Reference = props.certificatesS3Reference;
    this.network = props.network;
    this.brokerCount = props.brokerCount;
    if (props.bootstrapBrokers) {
      this.brokersString = props.bootstrapBrokers;
    } else {
      const brokers = new DataAwsMskBootstrapBrokers(this, 'BootstrapBrokers', { clusterArn: props.clusterArn });
      this.brokersString = { iam: brokers.bootstrapBrokersSaslIam, scram: brokers.bootstrapBrokersSaslScram, tls: brokers.bootstrapBrokersTls }[
        props.authentication
      ];
    }
    if (props.brokerSecurityGroupId) {
      this.brokers = SecurityGroup.fromSecurityGroupAttributes(this, 'BrokerSecurityGroup', {
        securityGroupId: props.brokerSecurityGroupId,
        name: `${name}-brokers`,
      });
    }
  }

  /** Without the brokers' group, every client is admitted by the cluster's owner. */
  get ownerAdmitsClients(): boolean {
    return this.brokers === undefined;
  }

  get bootstrapBrokers(): string {
    return this.brokersString;
  }

  get bootstrapBrokersIam(): string {
    if (this.authentication !== 'iam') throw new Error(`ExistingCluster ${this.node.path}: the cluster authenticates with ${this.authentication}, not IAM`);
    return this.brokersString;
  }

  get port(): number {
    return KAFKA_AUTHENTICATIONS[this.authentication].port;
  }

  protected allowClient(client: SecurityGroup): void {
    const why = KAFKA_AUTHENTICATIONS[this.authentication].listener;
    if (this.brokers) {
      this.brokers.allowFrom(client, this.port, why);
      return;
    }
    // The brokers' addresses are somewhere in their VPC; the owner's ingress rule names our group.
    this.vpcCidr ??= new DataAwsVpc(this, 'Vpc', { id: this.network.vpcId }).cidrBlock;
    client.allowToCidr(this.vpcCidr, this.port, `${why}, to the cluster's VPC (its owner admits this group)`);
    this.pendingOwnerActions.push(
      `aws ec2 authorize-security-group-ingress --group-id <the brokers' security group> --ip-permissions ` +
        `IpProtocol=tcp,FromPort=${this.port},ToPort=${this.port},UserIdGroupPairs=[{GroupId=${client.securityGroupId},Description=${client.name}}]`,
    );
  }

  protected grantConnect(grantee: IGrantable): Grant {
    if (this.authentication === 'iam') return super.grantConnect(grantee);
    const statements: PolicyStatement[] = [
      { sid: 'KafkaConnectSecret', actions: ['secretsmanager:GetSecretValue'], resources: [this.secretArn!] },
      // The secret's own key, and only through Secrets Manager.
      {
        sid: 'KafkaConnectSecretKey',
        actions: ['kms:Decrypt'],
        resources: [this.secretKey()],
        conditions: [{ test: 'StringEquals', variable: 'kms:ViaService', values: [`secretsmanager.${AwsContext.regionOf(this)}.amazonaws.com`] }],
      },
    ];
    if (this.authentication === 'tls') {
      // The connector lists the folder and downloads what is in it.
      const [, bucket, folder] = /^s3:\/\/([^/]+)\/([^/]+)\/?$/.exec(this.certificatesS3Reference!)!;
      const bucketArn = `arn:${AwsContext.of(this).partition}:s3:::${bucket}`;
      const inFolder = { test: 'StringLike', variable: 's3:prefix', values: [`${folder}`, `${folder}/*`] };
      statements.push(
        { sid: 'KafkaConnectCertificatesList', actions: ['s3:ListBucket'], resources: [bucketArn], conditions: [inFolder] },
        { sid: 'KafkaConnectCertificates', actions: ['s3:GetObject'], resources: [`${bucketArn}/${folder}/*`] },
      );
    }
    return Grant.addToPrincipal(grantee, statements);
  }

  /** ARN of the secret's KMS key, looked up once however many clients read the secret. */
  private secretKey(): string {
    if (!this.secretKeyArn) {
      const secret = new DataAwsSecretsmanagerSecret(this, 'KafkaConnectSecret', { arn: this.secretArn });
      this.secretKeyArn = new DataAwsKmsKey(this, 'KafkaConnectSecretKey', { keyId: secret.kmsKeyId }).arn;
    }
    return this.secretKeyArn;
  }
}
