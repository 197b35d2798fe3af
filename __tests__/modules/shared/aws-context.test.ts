import { Testing, TerraformStack } from 'cdktf';
import { EncryptionKey } from '../../../modules/kms/encryption-key';
import { AwsContext } from '../../../modules/shared/aws-context';
import { bareStack, reference, synthJson } from '../construct-stack';

describe('AwsContext', () => {
  it('looks the partition and account up once per stack, and takes the region from its provider', () => {
    const stack = bareStack();
    expect(AwsContext.of(stack)).toBe(AwsContext.of(stack));
    const { partition, region, accountId } = AwsContext.of(stack);
    expect(region).toBe('eu-west-1');
    expect(reference(stack, partition)).toMatch(/^\$\{data\.aws_partition\.[^.]+\.partition\}$/);
    expect(reference(stack, accountId)).toMatch(/^\$\{data\.aws_caller_identity\.[^.]+\.account_id\}$/);
    const json = synthJson(stack);
    expect(Object.keys(json.data)).toEqual(expect.arrayContaining(['aws_partition', 'aws_caller_identity']));
  });

  it('refuses a stack whose AWS provider names no region (ARNs need it at synth)', () => {
    const bare = new TerraformStack(Testing.app(), 'bare');
    expect(() => new EncryptionKey(bare, 'Key', { alias: 'k', description: 'd' })).toThrow('bare: stack "bare" needs an AWS provider with a region');
  });
});
