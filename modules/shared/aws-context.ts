import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';

/**
 * Account, partition and region of a stack, for ARNs no resource attribute
 * gives. One set of data sources per stack, however many constructs ask.
 */
export class AwsContext extends Construct {
  static of(scope: Construct): AwsContext {
    const stack = TerraformStack.of(scope);
    return (stack.node.tryFindChild(ID) as AwsContext | undefined) ?? new AwsContext(stack, ID);
  }

  readonly accountId: string;
  readonly partition: string;
  readonly region: string;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    this.accountId = new DataAwsCallerIdentity(this, 'Account').accountId;
    this.partition = new DataAwsPartition(this, 'Partition').partition;
    this.region = new DataAwsRegion(this, 'Region').region;
  }
}

const ID = 'AwsContext';
