import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';

/**
 * Account, partition and region of a stack, for ARNs no resource attribute
 * gives. One set of data sources per stack, however many constructs ask. The
 * region is the stack's provider region, known at synth: one source for every
 * ARN, and no data source attribute that differs between provider versions.
 */
export class AwsContext extends Construct {
  static of(scope: Construct): AwsContext {
    const stack = TerraformStack.of(scope);
    return (stack.node.tryFindChild(ID) as AwsContext | undefined) ?? new AwsContext(stack, ID);
  }

  /**
   * The region of `scope`'s stack, from its AWS provider: for names and zones that
   * need no account or partition (and so no data sources in the stack).
   */
  static regionOf(scope: Construct): string {
    const stack = TerraformStack.of(scope);
    const provider = stack.node.children.find((c): c is AwsProvider => c instanceof AwsProvider);
    if (!provider?.region) throw new Error(`${scope.node.path}: stack "${stack.node.id}" needs an AWS provider with a region`);
    return provider.region;
  }

  readonly accountId: string;
  readonly partition: string;
  readonly region: string;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    this.accountId = new DataAwsCallerIdentity(this, 'Account').accountId;
    this.partition = new DataAwsPartition(this, 'Partition').partition;
    this.region = AwsContext.regionOf(scope);
  }
}

const ID = 'AwsContext';
