import { join } from 'node:path';
import { NodeFunction } from '../../../modules/lambda/node-function';
import { ROOT } from '../../helpers/synth';
import { bareStack, foundations, resourcesOf, roleStatements, synthJson } from '../construct-stack';

const entry = join(ROOT, 'functions', 'topics', 'handler.ts');

describe('NodeFunction (and the VpcLambda scaffolding it shares with the connector)', () => {
  it('runs bundled code on Node.js 24 (nodejs24.x) arm64 in the private subnets, with its own group, role and encrypted log group', () => {
    const stack = bareStack();
    const { key, network } = foundations(stack);
    const fn = new NodeFunction(stack, 'Fn', { functionName: 'worker', description: 'does work', entry, network, logsKey: key, environment: { MODE: 'test' } });
    const json = synthJson(stack);
    const [lambda] = resourcesOf(json, 'aws_lambda_function');
    const [logs] = resourcesOf(json, 'aws_cloudwatch_log_group');
    const [group] = resourcesOf(json, 'aws_security_group');
    expect(lambda).toMatchObject({
      function_name: 'worker',
      runtime: 'nodejs24.x',
      architectures: ['arm64'],
      handler: 'index.handler',
      timeout: 60,
      memory_size: 256,
      source_code_hash: fn.codeHash,
      environment: { variables: { MODE: 'test' } },
      vpc_config: { security_group_ids: [`\${${group.address}.id}`] },
      logging_config: { log_format: 'Text', log_group: `\${${logs.address}.name}` },
    });
    expect(lambda.vpc_config.subnet_ids).toHaveLength(2);
    expect(lambda.reserved_concurrent_executions).toBeUndefined();
    // Never started before its logs and permissions exist.
    expect(lambda.depends_on).toEqual(expect.arrayContaining([logs.address, expect.stringMatching(/^aws_iam_role_policy\./)]));
    const [keyResource] = resourcesOf(json, 'aws_kms_key');
    expect(logs).toMatchObject({ name: '/aws/lambda/worker', retention_in_days: 14, kms_key_id: `\${${keyResource.address}.arn}` });
    expect(group).toMatchObject({ name_prefix: 'worker-', description: 'Lambda worker' });
    expect(resourcesOf(json, 'aws_vpc_security_group_ingress_rule').filter((r) => r.security_group_id === `\${${group.address}.id}`)).toEqual([]);
    expect(roleStatements(json, 'worker-role').map((s) => s.sid)).toEqual(['WriteLogs', 'VpcNetworkInterfaces']);
    expect(roleStatements(json, 'worker-role')[0].resources).toEqual([`\${${logs.address}.arn}:*`]);
  });

  it("takes a timeout up to Lambda's 900 seconds and nothing beyond", () => {
    const stack = bareStack();
    const { key, network } = foundations(stack);
    expect(() => new NodeFunction(stack, 'Fn', { functionName: 'slow', description: 'd', entry, network, logsKey: key, timeoutSeconds: 901 })).toThrow(
      'NodeFunction test/Fn: timeoutSeconds must be a whole number from 1 to 900, got 901',
    );
  });
});
