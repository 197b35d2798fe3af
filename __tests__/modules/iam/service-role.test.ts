import { ServiceRole } from '../../../modules/iam/service-role';
import { bareStack, policyStatements, resourcesOf, roleStatements, synthJson } from '../construct-stack';

describe('ServiceRole', () => {
  it('is assumable by one service, and gathers its grants in one inline policy named like it', () => {
    const stack = bareStack();
    const role = new ServiceRole(stack, 'Role', { service: 'lambda.amazonaws.com', roleName: 'worker-role', description: 'does work' });
    role.addToPolicy({ sid: 'ReadThing', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/k'] });
    const json = synthJson(stack);
    const [iamRole] = resourcesOf(json, 'aws_iam_role');
    expect(iamRole).toMatchObject({ name: 'worker-role', description: 'does work' });
    expect(policyStatements(json, iamRole.assume_role_policy)).toEqual([
      { sid: 'AssumedByService', actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }] },
    ]);
    expect(resourcesOf(json, 'aws_iam_role_policy')).toEqual([expect.objectContaining({ name: 'worker-role', role: `\${${iamRole.address}.id}` })]);
    expect(roleStatements(json, 'worker-role')).toEqual([{ sid: 'ReadThing', effect: 'Allow', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/k'] }]);
  });

  it('guards against the confused deputy where the service names the resource it acts for', () => {
    const stack = bareStack();
    new ServiceRole(stack, 'Role', {
      service: 'vpc-flow-logs.amazonaws.com',
      roleName: 'flow',
      description: 'd',
      sourceArnLike: 'arn:aws:ec2:*:*:vpc-flow-log/*',
    });
    const json = synthJson(stack);
    const [trust] = policyStatements(json, resourcesOf(json, 'aws_iam_role')[0].assume_role_policy);
    expect(trust.condition).toEqual([
      { test: 'StringEquals', variable: 'aws:SourceAccount', values: [expect.stringMatching(/^\$\{data\.aws_caller_identity\..+\.account_id\}$/)] },
      { test: 'ArnLike', variable: 'aws:SourceArn', values: ['arn:aws:ec2:*:*:vpc-flow-log/*'] },
    ]);
  });

  it('refuses anything but one service principal', () => {
    expect(() => new ServiceRole(bareStack(), 'R', { service: '*', roleName: 'r', description: 'd' })).toThrow(
      'ServiceRole test/R: service must be a service principal such as lambda.amazonaws.com, got "*"',
    );
  });
});
