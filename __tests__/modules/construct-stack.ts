import { DefaultTokenResolver, StringConcat, Testing, Tokenization, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { EncryptionKey } from '../../modules/kms/encryption-key';
import { Network } from '../../modules/network/network';
import type { Json } from '../helpers/synth';

/**
 * A bare stack for one construct's test: an AWS provider with a region (ARNs
 * need it at synth) and nothing else until the test adds it.
 */
export function bareStack(id = 'test'): TerraformStack {
  const stack = new TerraformStack(Testing.app(), id);
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  return stack;
}

/** What most constructs are built on: a key for logs and data, and a private network. */
export function foundations(stack: TerraformStack): { key: EncryptionKey; network: Network } {
  const key = new EncryptionKey(stack, 'Key', { alias: 'test', description: 'test key', allowCloudWatchLogs: true });
  const network = new Network(stack, 'Network', { name: 'test' });
  return { key, network };
}

/** The stack's Terraform JSON, as `cdktf synth` writes it. */
export function synthJson(stack: TerraformStack): Json {
  return JSON.parse(Testing.synth(stack));
}

/** A construct attribute as the synthesized JSON spells it, e.g. `${data.aws_partition.X.partition}`. */
export function reference(stack: TerraformStack, attribute: string): string {
  return Tokenization.resolve(attribute, { scope: stack, preparing: false, resolver: new DefaultTokenResolver(new StringConcat()) });
}

export { policyStatements, resourcesOf, roleStatements } from '../helpers/synth';
