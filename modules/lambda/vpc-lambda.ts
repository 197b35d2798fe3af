import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { lambdaLogGroupName } from '../../core/aws-facts';
import { LAMBDA_MAX_TIMEOUT_SECONDS } from '../../core/limits';
import { Grant, type IGrantable, type PolicyStatement } from '../iam/grants';
import { grantVpcNetworkInterfaces } from '../iam/lambda-permissions';
import { ServiceRole } from '../iam/service-role';
import type { EncryptionKey } from '../kms/encryption-key';
import type { INetwork } from '../network/network';
import { SecurityGroup } from '../network/security-group';
import { DEFAULT_LOG_RETENTION_DAYS } from '../shared/log-retention';
import { requireWholeNumber } from '../shared/validate';

export interface VpcLambdaProps {
  readonly functionName: string;
  /** What the function does; describes its role. */
  readonly description: string;
  /** @default `Lambda <functionName>` */
  readonly securityGroupDescription?: string;
  readonly network: INetwork;
  /** Key for the log group. */
  readonly logsKey: EncryptionKey;
  /** @default DEFAULT_LOG_RETENTION_DAYS */
  readonly logRetentionDays?: number;
  /** Seconds, up to Lambda's 900. @default the subclass's */
  readonly timeoutSeconds?: number;
}

/** A security group with a role behind it: what a Kafka cluster admits as a client. */
export interface INetworkClient extends IGrantable {
  readonly securityGroup: SecurityGroup;
}

/**
 * What every Lambda function in the private subnets needs around its code, made
 * the same way for our bundled functions and the connector that the Serverless
 * Application Repository deploys: a KMS-encrypted log group with retention, a
 * role that may write only to it and attach network interfaces, and a security
 * group with no rules until something admits the function as a client.
 *
 * The function itself is the subclass's, started only after `prerequisites`:
 * its log group and what the grants above are carried by.
 */
export abstract class VpcLambda extends Construct implements INetworkClient {
  readonly role: ServiceRole;
  readonly securityGroup: SecurityGroup;
  readonly logGroup: CloudwatchLogGroup;
  /** Validated seconds the function may run. */
  readonly timeoutSeconds: number;
  /** A function must never start without its log group or its permissions. */
  protected readonly prerequisites: ITerraformDependable[];

  protected constructor(scope: Construct, id: string, props: VpcLambdaProps, defaults: { timeoutSeconds: number }) {
    super(scope, id);
    this.timeoutSeconds = requireWholeNumber(this, 'timeoutSeconds', props.timeoutSeconds ?? defaults.timeoutSeconds, {
      min: 1,
      max: LAMBDA_MAX_TIMEOUT_SECONDS,
    });
    this.logGroup = new CloudwatchLogGroup(this, 'Logs', {
      name: lambdaLogGroupName(props.functionName),
      retentionInDays: props.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS,
      kmsKeyId: props.logsKey.keyArn,
    });
    // No aws:SourceArn condition: Lambda assumes an execution role for the function
    // itself, not on behalf of another resource, and does not send the key.
    this.role = new ServiceRole(this, 'Role', { service: 'lambda.amazonaws.com', roleName: `${props.functionName}-role`, description: props.description });
    const writeLogs = Grant.addToPrincipal(this.role, [
      { sid: 'WriteLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [`${this.logGroup.arn}:*`] },
    ]);
    const runtime = Grant.combine(writeLogs, grantVpcNetworkInterfaces(this.role));
    this.securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      vpcId: props.network.vpcId,
      name: props.functionName,
      description: props.securityGroupDescription ?? `Lambda ${props.functionName}`,
    });
    this.prerequisites = [this.logGroup, ...runtime.dependables];
  }

  addToPolicy(statement: PolicyStatement): ITerraformDependable {
    return this.role.addToPolicy(statement);
  }
}
