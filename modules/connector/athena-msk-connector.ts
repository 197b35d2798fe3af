import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { ServerlessapplicationrepositoryCloudformationStack } from '@cdktf/provider-aws/lib/serverlessapplicationrepository-cloudformation-stack';
import type { IGrantable } from '../iam/grants';
import { ServiceRole } from '../iam/service-role';
import { grantVpcNetworkInterfaces } from '../iam/lambda-permissions';
import type { EncryptionKey } from '../kms/encryption-key';
import type { IKafkaCluster } from '../msk/kafka-cluster';
import type { INetwork } from '../network/network';
import { SecurityGroup } from '../network/security-group';
import type { SchemaCatalog } from '../registry/schema-catalog';
import {
  CONNECTOR_FUNCTION_NAME_PATTERN,
  KAFKA_AUTHENTICATIONS,
  MSK_CONNECTOR_APPLICATION_ID,
  MSK_CONNECTOR_CAPABILITIES,
} from '../shared/constants';
import { AwsContext } from '../shared/aws-context';
import { SecureBucket } from '../storage/secure-bucket';
import { requireWholeNumber } from '../shared/validate';

/**
 * The name of a secret from its ARN (the last 7 characters are Secrets Manager's
 * suffix): the connector passes SecretNamePrefix to GetSecretValue as the id.
 */
export function secretName(secretArn: string): string {
  return secretArn.split(':secret:')[1].replace(/-[A-Za-z0-9]{6}$/, '');
}

export interface AthenaMskConnectorProps {
  /** Lambda function name; the connector template accepts `^[a-z0-9-_]{1,64}$`. */
  readonly functionName: string;
  /** Published connector version (`aws serverlessrepo list-application-versions`). */
  readonly semanticVersion: string;
  readonly cluster: IKafkaCluster;
  readonly schemas: SchemaCatalog;
  readonly network: INetwork;
  /** Key for the spill bucket. */
  readonly encryptionKey: EncryptionKey;
  /** Start of the spill bucket's generated name. */
  readonly spillBucketPrefix: string;
  /** @default 'athena-spill' */
  readonly spillPrefix?: string;
  /** @default 3008 (the connector's own default) */
  readonly memoryMb?: number;
  /** Seconds; long scans of big topics need the maximum. @default 900 */
  readonly timeoutSeconds?: number;
  /** @default 14 */
  readonly logRetentionDays?: number;
  /** Region the stack deploys to, for the function ARN. */
  readonly region: string;
  /** See SecureBucket.protect. @default true */
  readonly protect?: boolean;
  /** Key for the connector's log group. */
  readonly logsKey: EncryptionKey;
}

/**
 * The Athena MSK connector, deployed from the Serverless Application Repository
 * with our own least-privilege role and security group, in the private subnets,
 * spilling to an encrypted bucket whose spill objects expire after a day.
 */
export class AthenaMskConnector extends Construct {
  readonly functionName: string;
  /** Built from the name: the connector's template has no outputs. */
  readonly functionArn: string;
  readonly role: ServiceRole;
  readonly securityGroup: SecurityGroup;
  readonly spillBucket: SecureBucket;
  readonly resource: ServerlessapplicationrepositoryCloudformationStack;
  private readonly spillPrefix: string;

  constructor(scope: Construct, id: string, props: AthenaMskConnectorProps) {
    super(scope, id);
    if (!CONNECTOR_FUNCTION_NAME_PATTERN.test(props.functionName)) {
      throw new Error(`AthenaMskConnector ${this.node.path}: functionName must match ${CONNECTOR_FUNCTION_NAME_PATTERN}, got "${props.functionName}"`);
    }
    const timeout = requireWholeNumber(this, 'timeoutSeconds', props.timeoutSeconds ?? 900, { min: 1, max: 900 });
    const memory = requireWholeNumber(this, 'memoryMb', props.memoryMb ?? 3008, { min: 128, max: 10240 });
    const spillPrefix = props.spillPrefix ?? 'athena-spill';
    const topics = props.schemas.topics;
    this.functionName = props.functionName;

    this.spillBucket = new SecureBucket(this, 'SpillBucket', {
      namePrefix: props.spillBucketPrefix,
      encryptionKey: props.encryptionKey,
      // Spill only lives for the query that wrote it.
      expirations: [{ id: 'expire-spill', prefix: spillPrefix, days: 1 }],
      protect: props.protect,
    });

    const logs = new CloudwatchLogGroup(this, 'Logs', {
      name: `/aws/lambda/${props.functionName}`,
      retentionInDays: props.logRetentionDays ?? 14,
      kmsKeyId: props.logsKey.arn,
    });

    this.role = new ServiceRole(this, 'Role', {
      service: 'lambda.amazonaws.com',
      roleName: `${props.functionName}-role`,
      description: 'Athena MSK connector: reads the declared topics, the schema registries and its spill prefix',
    });
    this.role.addToPolicy({ sid: 'WriteLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [`${logs.arn}:*`] });
    grantVpcNetworkInterfaces(this.role);
    props.cluster.grantConnect(this.role, 'KafkaConnect');
    props.cluster.grantReadTopics(this.role, topics, 'KafkaReadTopics');
    props.schemas.grantDiscovery(this.role, 'Glue');
    this.spillBucket.grantReadWrite(this.role, spillPrefix, 'Spill');

    this.securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      vpcId: props.network.vpcId,
      name: props.functionName,
      description: 'Athena MSK connector Lambda: out to the brokers and the AWS API endpoints only',
    });
    props.cluster.allowClient(this.securityGroup);
    props.network.allowAwsApis(this.securityGroup);

    this.resource = new ServerlessapplicationrepositoryCloudformationStack(this, 'Resource', {
      name: props.functionName,
      applicationId: MSK_CONNECTOR_APPLICATION_ID,
      semanticVersion: props.semanticVersion,
      capabilities: [...MSK_CONNECTOR_CAPABILITIES],
      parameters: {
        AuthType: KAFKA_AUTHENTICATIONS[props.cluster.authentication].connectorAuthType,
        KafkaEndpoint: props.cluster.bootstrapBrokers,
        // Only the parameters of the cluster's authentication (the template takes both for every mode).
        ...(props.cluster.secretArn ? { SecretNamePrefix: secretName(props.cluster.secretArn) } : {}),
        ...(props.cluster.certificatesS3Reference ? { CertificatesS3Reference: props.cluster.certificatesS3Reference } : {}),
        LambdaFunctionName: props.functionName,
        LambdaRoleARN: this.role.arn,
        SpillBucket: this.spillBucket.bucketName,
        SpillPrefix: spillPrefix,
        DisableSpillEncryption: 'false',
        LambdaMemory: String(memory),
        LambdaTimeout: String(timeout),
        SecurityGroupIds: this.securityGroup.securityGroupId,
        SubnetIds: Fn.join(',', props.network.privateSubnetIds),
      },
      // The function must never start without its log group or its permissions.
      dependsOn: [logs, this.role.policy],
    });

    const aws = AwsContext.of(this);
    this.functionArn = `arn:${aws.partition}:lambda:${props.region}:${aws.accountId}:function:${props.functionName}`;
    this.spillPrefix = spillPrefix;
  }

  /**
   * What a querying principal needs of the connector: Athena invokes it, and
   * reads what it spilled, with the caller's rights.
   */
  grantQuery(grantee: IGrantable, sid: string): void {
    grantee.addToPolicy({ sid: `${sid}Invoke`, actions: ['lambda:InvokeFunction'], resources: [this.functionArn] });
    this.spillBucket.grantRead(grantee, this.spillPrefix, `${sid}Spill`);
  }
}
