import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { ServerlessapplicationrepositoryCloudformationStack } from '@cdktf/provider-aws/lib/serverlessapplicationrepository-cloudformation-stack';
import { Grant, withSidPrefix, type IGrantable } from '../iam/grants';
import type { EncryptionKey } from '../kms/encryption-key';
import { VpcLambda, type VpcLambdaProps } from '../lambda/vpc-lambda';
import type { IKafkaCluster } from '../msk/kafka-cluster';
import type { SchemaCatalog } from '../registry/schema-catalog';
import { KAFKA_AUTHENTICATIONS, MSK_CONNECTOR_APPLICATION_ID, MSK_CONNECTOR_CAPABILITIES, MSK_CONNECTOR_DEFAULT_MEMORY_MB } from '../../core/aws-facts';
import { CONNECTOR_FUNCTION_NAME, LAMBDA_MAX_MEMORY_MB, LAMBDA_MAX_TIMEOUT_SECONDS, LAMBDA_MIN_MEMORY_MB } from '../../core/limits';
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

export interface AthenaMskConnectorProps extends Omit<VpcLambdaProps, 'description' | 'securityGroupDescription'> {
  /** Lambda function name; the connector template accepts 1-64 of a-z, 0-9, - and _. */
  readonly functionName: string;
  /** Published connector version (`aws serverlessrepo list-application-versions`). */
  readonly semanticVersion: string;
  readonly cluster: IKafkaCluster;
  readonly schemas: SchemaCatalog;
  /** Key for the spill bucket. */
  readonly encryptionKey: EncryptionKey;
  /** Start of the spill bucket's generated name. */
  readonly spillBucketPrefix: string;
  /** @default 'athena-spill' */
  readonly spillPrefix?: string;
  /** @default MSK_CONNECTOR_DEFAULT_MEMORY_MB (the connector template's own, 3008) */
  readonly memoryMb?: number;
  /** Seconds; long scans of big topics need the maximum. @default 900 */
  readonly timeoutSeconds?: number;
  /** See SecureBucket.protect. @default true */
  readonly protect?: boolean;
}

/**
 * The Athena MSK connector, deployed from the Serverless Application Repository
 * with our own least-privilege role and security group, in the private subnets,
 * spilling to an encrypted bucket whose spill objects expire after a day.
 */
export class AthenaMskConnector extends VpcLambda {
  readonly functionName: string;
  /** Built from the name: the connector's template has no outputs. */
  readonly functionArn: string;
  readonly spillBucket: SecureBucket;
  readonly resource: ServerlessapplicationrepositoryCloudformationStack;
  private readonly spillPrefix: string;

  constructor(scope: Construct, id: string, props: AthenaMskConnectorProps) {
    super(
      scope,
      id,
      {
        ...props,
        description: 'Athena MSK connector: reads the declared topics, the schema registries and its spill prefix',
        securityGroupDescription: 'Athena MSK connector Lambda: out to the brokers and the AWS API endpoints only',
      },
      { timeoutSeconds: LAMBDA_MAX_TIMEOUT_SECONDS },
    );
    if (!CONNECTOR_FUNCTION_NAME.pattern.test(props.functionName)) {
      throw new Error(`AthenaMskConnector ${this.node.path}: functionName must be ${CONNECTOR_FUNCTION_NAME.rule}, got "${props.functionName}"`);
    }
    const memory = requireWholeNumber(this, 'memoryMb', props.memoryMb ?? MSK_CONNECTOR_DEFAULT_MEMORY_MB, {
      min: LAMBDA_MIN_MEMORY_MB,
      max: LAMBDA_MAX_MEMORY_MB,
    });
    const spillPrefix = props.spillPrefix ?? 'athena-spill';
    const topics = props.schemas.topics;
    this.functionName = props.functionName;

    this.spillBucket = new SecureBucket(this, 'SpillBucket', {
      namePrefix: props.spillBucketPrefix,
      grantLabel: 'Spill',
      encryptionKey: props.encryptionKey,
      // Spill only lives for the query that wrote it.
      expirations: [{ id: 'expire-spill', prefix: spillPrefix, days: 1 }],
      protect: props.protect,
    });

    // What the connector reads at query time; the stack starts only once these apply.
    const reads = Grant.combine(
      props.cluster.addClient(this),
      props.cluster.grantReadTopics(this.role, topics),
      props.schemas.grantDiscovery(this.role),
      this.spillBucket.grantReadWrite(this.role, spillPrefix),
    );
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
        LambdaRoleARN: this.role.roleArn,
        SpillBucket: this.spillBucket.bucketName,
        SpillPrefix: spillPrefix,
        DisableSpillEncryption: 'false',
        LambdaMemory: String(memory),
        LambdaTimeout: String(this.timeoutSeconds),
        SecurityGroupIds: this.securityGroup.securityGroupId,
        SubnetIds: Fn.join(',', props.network.privateSubnetIds),
      },
      dependsOn: [...new Set([...this.prerequisites, ...reads.dependables])],
    });

    const aws = AwsContext.of(this);
    this.functionArn = `arn:${aws.partition}:lambda:${aws.region}:${aws.accountId}:function:${props.functionName}`;
    this.spillPrefix = spillPrefix;
  }

  /**
   * What a querying principal needs of the connector: Athena invokes it, and
   * reads what it spilled, with the caller's rights.
   */
  grantQuery(grantee: IGrantable): Grant {
    const connector = withSidPrefix(grantee, 'Connector');
    const invoke = Grant.addToPrincipal(connector, [{ sid: 'Invoke', actions: ['lambda:InvokeFunction'], resources: [this.functionArn] }]);
    return Grant.combine(invoke, this.spillBucket.grantRead(connector, this.spillPrefix));
  }
}
