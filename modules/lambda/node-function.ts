import { AssetType, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { ServiceRole } from '../iam/service-role';
import type { EncryptionKey } from '../kms/encryption-key';
import { grantVpcNetworkInterfaces } from '../iam/lambda-permissions';
import type { INetwork } from '../network/network';
import { SecurityGroup } from '../network/security-group';
import { NODE_RUNTIME } from '../shared/constants';
import { bundleFunction, type BundleOptions } from './bundle';
import { requireWholeNumber } from '../shared/validate';

export interface NodeFunctionProps extends BundleOptions {
  readonly functionName: string;
  readonly description: string;
  readonly network: INetwork;
  readonly environment?: Record<string, string>;
  /** @default 60 */
  readonly timeoutSeconds?: number;
  /** @default 256 */
  readonly memoryMb?: number;
  /**
   * Reserves (and caps) concurrent runs. Off by default: any reservation fails in
   * an account whose concurrency quota is the new-account default of 10 (Lambda
   * keeps 10 unreserved). Turn it on to cap what a runaway schedule can cost, or
   * to guarantee capacity in a busy account. @default no reservation
   */
  readonly reservedConcurrency?: number;
  /** @default 14 */
  readonly logRetentionDays?: number;
  /** Key for the log group. */
  readonly logsKey: EncryptionKey;
}

/**
 * A TypeScript Lambda function bundled at synth into a reproducible zip, running
 * on Node.js 22 (arm64) in the private subnets with its own security group (no
 * rules until something registers it as a client), its own role and a log group
 * with retention.
 */
export class NodeFunction extends Construct {
  readonly functionName: string;
  readonly arn: string;
  readonly role: ServiceRole;
  readonly securityGroup: SecurityGroup;
  readonly resource: LambdaFunction;
  /** base64 SHA-256 of the code zip. */
  readonly codeHash: string;

  constructor(scope: Construct, id: string, props: NodeFunctionProps) {
    super(scope, id);
    const timeout = requireWholeNumber(this, 'timeoutSeconds', props.timeoutSeconds ?? 60, { min: 1, max: 900 });
    const bundle = bundleFunction(props);
    const asset = new TerraformAsset(this, 'Code', { path: bundle.zipPath, type: AssetType.FILE });
    this.codeHash = bundle.sha256;

    const logs = new CloudwatchLogGroup(this, 'Logs', { name: `/aws/lambda/${props.functionName}`, retentionInDays: props.logRetentionDays ?? 14, kmsKeyId: props.logsKey.arn });
    // No aws:SourceArn condition: Lambda assumes an execution role for the function
    // itself, not on behalf of another resource, and does not send the key.
    this.role = new ServiceRole(this, 'Role', { service: 'lambda.amazonaws.com', roleName: `${props.functionName}-role`, description: props.description });
    this.role.addToPolicy({ sid: 'WriteLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [`${logs.arn}:*`] });
    grantVpcNetworkInterfaces(this.role);
    this.securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      vpcId: props.network.vpcId,
      name: props.functionName,
      description: `Lambda ${props.functionName}`,
    });

    this.resource = new LambdaFunction(this, 'Resource', {
      functionName: props.functionName,
      description: props.description,
      runtime: NODE_RUNTIME,
      architectures: ['arm64'],
      handler: 'index.handler',
      filename: asset.path,
      sourceCodeHash: bundle.sha256,
      role: this.role.arn,
      timeout,
      memorySize: props.memoryMb ?? 256,
      reservedConcurrentExecutions: props.reservedConcurrency,
      environment: props.environment ? { variables: props.environment } : undefined,
      vpcConfig: { subnetIds: props.network.privateSubnetIds, securityGroupIds: [this.securityGroup.securityGroupId] },
      loggingConfig: { logFormat: 'Text', logGroup: logs.name },
      dependsOn: [logs, this.role.policy],
    });
    this.functionName = this.resource.functionName;
    this.arn = this.resource.arn;
  }
}
