import type { Construct } from 'constructs';
import { DataAwsKmsKey } from '@cdktf/provider-aws/lib/data-aws-kms-key';
import { DataAwsMskBootstrapBrokers } from '@cdktf/provider-aws/lib/data-aws-msk-bootstrap-brokers';
import { DataAwsSecretsmanagerSecret } from '@cdktf/provider-aws/lib/data-aws-secretsmanager-secret';
import { DataAwsVpc } from '@cdktf/provider-aws/lib/data-aws-vpc';
import type { IGrantable } from '../iam/grants';
import type { INetwork } from '../network/network';
import { SecurityGroup, type ISecurityGroup } from '../network/security-group';
import { AwsContext } from '../shared/aws-context';
import { KAFKA_AUTHENTICATIONS, type KafkaAuthentication } from '../../core/aws-facts';
import { KafkaClusterBase } from './kafka-cluster';

export interface ExistingClusterProps {
  /** `arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>`, provisioned or serverless. */
  readonly clusterArn: string;
  readonly authentication: KafkaAuthentication;
  /** The cluster's VPC (the brokers' subnets). */
  readonly network: INetwork;
  /** scram: the AmazonMSK_ secret; tls: the secret with the keystore, truststore and key passwords. */
  readonly secretArn?: string;
  /** tls: s3://bucket/folder/ holding kafka.client.keystore.jks and kafka.client.truststore.jks. */
  readonly certificatesS3Reference?: string;
  /**
   * The brokers' security group, to add the rule that admits each client.
   * @default none: clients get egress to the VPC range, and the cluster owner adds the ingress rule (see ownerAction)
   */
  readonly brokerSecurityGroupId?: string;
  /** @default read from the cluster (aws_msk_bootstrap_brokers) for `authentication` */
  readonly bootstrapBrokers?: string;
}

/**
 * An MSK cluster the team already runs (made by another stack, team or tool),
 * adopted for clients here: nothing of the cluster is created or changed; the
 * client side (grants, rules, the bootstrap string) follows its authentication.
 */
export class ExistingCluster extends KafkaClusterBase {
  readonly clusterName: string;
  readonly clusterArn: string;
  readonly authentication: KafkaAuthentication;
  private readonly brokersString: string;
  readonly secretArn?: string;
  readonly certificatesS3Reference?: string;
  /** Set when the brokers' group is not ours to change: what its owner must allow, per client. */
  readonly ownerActions: string[] = [];
  private readonly brokers?: ISecurityGroup;
  private readonly network: INetwork;
  private vpcCidr?: string;

  constructor(scope: Construct, id: string, props: ExistingClusterProps) {
    super(scope, id);
    const name = /:cluster\/([^/]+)\//.exec(props.clusterArn)?.[1];
    if (!name) throw new Error(`ExistingCluster ${this.node.path}: clusterArn must be an MSK cluster ARN (...:cluster/<name>/<uuid>), got "${props.clusterArn}"`);
    if (props.authentication !== 'iam' && !props.secretArn) throw new Error(`ExistingCluster ${this.node.path}: secretArn is required for ${props.authentication}`);
    if (props.authentication === 'tls' && !props.certificatesS3Reference) throw new Error(`ExistingCluster ${this.node.path}: certificatesS3Reference is required for tls`);
    this.clusterName = name;
    this.clusterArn = props.clusterArn;
    this.authentication = props.authentication;
    this.secretArn = props.secretArn;
    this.certificatesS3Reference = props.certificatesS3Reference;
    this.network = props.network;
    if (props.bootstrapBrokers) {
      this.brokersString = props.bootstrapBrokers;
    } else {
      const brokers = new DataAwsMskBootstrapBrokers(this, 'BootstrapBrokers', { clusterArn: props.clusterArn });
      this.brokersString = { iam: brokers.bootstrapBrokersSaslIam, scram: brokers.bootstrapBrokersSaslScram, tls: brokers.bootstrapBrokersTls }[props.authentication];
    }
    if (props.brokerSecurityGroupId) this.brokers = SecurityGroup.fromSecurityGroupId(props.brokerSecurityGroupId, `${name}-brokers`);
  }

  /** There is no security group of ours: the brokers' group belongs to the cluster's owner. */
  get securityGroup(): SecurityGroup {
    throw new Error(`ExistingCluster ${this.node.path}: the brokers' security group is not managed here`);
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
    this.ownerActions.push(
      `aws ec2 authorize-security-group-ingress --group-id <the brokers' security group> --ip-permissions IpProtocol=tcp,FromPort=${this.port},ToPort=${this.port},UserIdGroupPairs=[{GroupId=${client.securityGroupId},Description=${client.name}}]`,
    );
  }

  protected grantConnect(grantee: IGrantable, sid: string): void {
    if (this.authentication === 'iam') {
      super.grantConnect(grantee, sid);
      return;
    }
    grantee.addToPolicy({ sid: `${sid}Secret`, actions: ['secretsmanager:GetSecretValue'], resources: [this.secretArn!] });
    // The secret's own key, and only through Secrets Manager.
    const secret = new DataAwsSecretsmanagerSecret(this, `${sid}Secret`, { arn: this.secretArn });
    const key = new DataAwsKmsKey(this, `${sid}SecretKey`, { keyId: secret.kmsKeyId });
    grantee.addToPolicy({
      sid: `${sid}SecretKey`,
      actions: ['kms:Decrypt'],
      resources: [key.arn],
      conditions: [{ test: 'StringEquals', variable: 'kms:ViaService', values: [`secretsmanager.${AwsContext.of(this).region}.amazonaws.com`] }],
    });
    if (this.authentication === 'tls') {
      // The connector lists the folder and downloads what is in it.
      const [, bucket, folder] = /^s3:\/\/([^/]+)\/([^/]+)\/?$/.exec(this.certificatesS3Reference!)!;
      const bucketArn = `arn:${AwsContext.of(this).partition}:s3:::${bucket}`;
      grantee.addToPolicy({ sid: `${sid}CertificatesList`, actions: ['s3:ListBucket'], resources: [bucketArn], conditions: [{ test: 'StringLike', variable: 's3:prefix', values: [`${folder}`, `${folder}/*`] }] });
      grantee.addToPolicy({ sid: `${sid}Certificates`, actions: ['s3:GetObject'], resources: [`${bucketArn}/${folder}/*`] });
    }
  }

  grantReadTopics(grantee: IGrantable, topics: readonly string[], sid: string): void {
    // scram and tls clients are authorized by Kafka ACLs, not IAM.
    if (this.authentication === 'iam') super.grantReadTopics(grantee, topics, sid);
  }
}
