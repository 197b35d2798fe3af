import { AssetType, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { NODE_RUNTIME } from '../../core/aws-facts';
import { bundleFunction, type BundleOptions } from './bundle';
import { VpcLambda, type VpcLambdaProps } from './vpc-lambda';

export interface NodeFunctionProps extends BundleOptions, VpcLambdaProps {
  /** Environment variables of the function. @default none */
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
}

/**
 * A TypeScript Lambda function bundled at synth into a reproducible zip, running
 * on Node.js 22 (arm64) in the private subnets with its own security group (no
 * rules until something registers it as a client), its own role and a log group
 * with retention.
 */
export class NodeFunction extends VpcLambda {
  readonly functionName: string;
  readonly functionArn: string;
  readonly resource: LambdaFunction;
  /** base64 SHA-256 of the code zip. */
  readonly codeHash: string;

  constructor(scope: Construct, id: string, props: NodeFunctionProps) {
    super(scope, id, props, { timeoutSeconds: 60 });
    const bundle = bundleFunction(props);
    const asset = new TerraformAsset(this, 'Code', { path: bundle.zipPath, type: AssetType.FILE });
    this.codeHash = bundle.sha256;

    this.resource = new LambdaFunction(this, 'Resource', {
      functionName: props.functionName,
      description: props.description,
      runtime: NODE_RUNTIME,
      architectures: ['arm64'],
      handler: 'index.handler',
      filename: asset.path,
      sourceCodeHash: bundle.sha256,
      role: this.role.roleArn,
      timeout: this.timeoutSeconds,
      memorySize: props.memoryMb ?? 256,
      reservedConcurrentExecutions: props.reservedConcurrency,
      environment: props.environment ? { variables: props.environment } : undefined,
      vpcConfig: { subnetIds: props.network.privateSubnetIds, securityGroupIds: [this.securityGroup.securityGroupId] },
      loggingConfig: { logFormat: 'Text', logGroup: this.logGroup.name },
      dependsOn: this.prerequisites,
    });
    this.functionName = this.resource.functionName;
    this.functionArn = this.resource.arn;
  }
}
