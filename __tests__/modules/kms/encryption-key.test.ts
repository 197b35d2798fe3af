import { EncryptionKey } from '../../../modules/kms/encryption-key';
import { bareStack, policyStatements, resourcesOf, synthJson } from '../construct-stack';

describe('EncryptionKey', () => {
  it('rotates yearly, keeps a 30-day window, protects itself and has an alias', () => {
    const stack = bareStack();
    new EncryptionKey(stack, 'Key', { alias: 'data', description: 'data at rest' });
    const json = synthJson(stack);
    const [key] = resourcesOf(json, 'aws_kms_key');
    expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30, lifecycle: { prevent_destroy: true } });
    expect(resourcesOf(json, 'aws_kms_alias')).toEqual([expect.objectContaining({ name: 'alias/data', target_key_id: `\${${key.address}.key_id}` })]);
    // Without CloudWatch Logs only the account administers the key.
    expect(policyStatements(json, key.policy).map((s) => s.sid)).toEqual(['AccountAdministersAndDelegates']);
  });

  it("lets CloudWatch Logs of its region encrypt and read with the key, for this account's log groups only", () => {
    const stack = bareStack();
    new EncryptionKey(stack, 'Key', { alias: 'logs', description: 'logs', allowCloudWatchLogs: true });
    const json = synthJson(stack);
    const [key] = resourcesOf(json, 'aws_kms_key');
    const logs = policyStatements(json, key.policy).find((s) => s.sid === 'CloudWatchLogsEncryptsLogGroups');
    expect(logs.principals).toEqual([{ type: 'Service', identifiers: ['logs.eu-west-1.amazonaws.com'] }]);
    expect(logs.actions).toEqual(expect.arrayContaining(['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey']));
    expect(logs.actions).not.toContain('kms:*');
    expect(logs.condition).toEqual([
      {
        test: 'ArnLike',
        variable: 'kms:EncryptionContext:aws:logs:arn',
        values: [expect.stringMatching(/^arn:\$\{.+\}:logs:eu-west-1:\$\{.+\}:log-group:\*$/)],
      },
    ]);
  });

  it('lets Terraform destroy the key when protect is false', () => {
    const stack = bareStack();
    new EncryptionKey(stack, 'Key', { alias: 'scratch', description: 'scratch', protect: false });
    expect(resourcesOf(synthJson(stack), 'aws_kms_key')[0].lifecycle).toEqual({ prevent_destroy: false });
  });

  it('refuses a deletion window outside KMS limits', () => {
    expect(() => new EncryptionKey(bareStack(), 'Key', { alias: 'k', description: 'd', deletionWindowDays: 3 })).toThrow(
      'EncryptionKey test/Key: deletionWindowDays must be a whole number from 7 to 30, got 3',
    );
  });
});
