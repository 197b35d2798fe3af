import { EncryptionKey } from '../../../modules/kms/encryption-key';
import { FlowLogs } from '../../../modules/network/flow-logs';
import { bareStack, resourcesOf, roleStatements, synthJson } from '../construct-stack';

describe('FlowLogs', () => {
  it('logs rejected traffic to an encrypted log group through a role that may write only there', () => {
    const stack = bareStack();
    const key = new EncryptionKey(stack, 'Key', { alias: 'k', description: 'd', allowCloudWatchLogs: true });
    new FlowLogs(stack, 'FlowLogs', { name: 'net', vpcId: 'vpc-1', key, retentionDays: 90 });
    const json = synthJson(stack);
    const [group] = resourcesOf(json, 'aws_cloudwatch_log_group');
    expect(group).toMatchObject({ retention_in_days: 90, kms_key_id: expect.stringContaining('aws_kms_key') });
    const [flow] = resourcesOf(json, 'aws_flow_log');
    expect(flow).toMatchObject({ traffic_type: 'REJECT', vpc_id: 'vpc-1', log_destination: `\${${group.address}.arn}` });
    const role = resourcesOf(json, 'aws_iam_role')[0];
    for (const s of roleStatements(json, role.name)) {
      expect(s.resources.every((r: string) => r.includes(group.address) || s.actions.every((a: string) => a === 'logs:DescribeLogGroups'))).toBe(true);
    }
  });
});
