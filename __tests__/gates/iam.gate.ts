import { dataOf } from '../helpers/synth';
import { everyResource, found, type NamedStack } from '../helpers/all-stacks';

/**
 * Actions allowed on Resource "*", each because IAM offers no narrower resource
 * for it. Anything else on "*" fails this test.
 */
const UNSCOPABLE: Record<string, string> = {
  'glue:ListRegistries': 'lists registries account-wide; IAM accepts only "*"',
  'ec2:CreateNetworkInterface': 'Lambda attaches VPC interfaces whose ids do not exist yet (AWSLambdaVPCAccessExecutionRole uses "*")',
  'ec2:DescribeNetworkInterfaces': 'Describe calls have no resource-level permissions',
  'ec2:DescribeSubnets': 'Describe calls have no resource-level permissions',
  'ec2:DeleteNetworkInterface': 'Lambda deletes the interfaces it created, by ids unknown in advance',
  'ec2:AssignPrivateIpAddresses': 'same interfaces as above',
  'ec2:UnassignPrivateIpAddresses': 'same interfaces as above',
  'logs:DescribeLogGroups': 'VPC flow logs look up their destination with it; IAM offers no narrower resource',
};

export function iamGate(stacks: readonly NamedStack[]): void {
  describe('IAM gate', () => {
    const documents = stacks.flatMap((s) => dataOf(s.json, 'aws_iam_policy_document').map((d) => ({ ...d, stack: s.name })));
    const statements = documents.flatMap((d) => (d.statement ?? []).map((st: object) => ({ ...st, document: `${d.stack} ${d.address}` })));
    const allows = statements.filter((s) => (s.effect ?? 'Allow') === 'Allow');

    it('finds the policies to check', () => {
      expect(allows.length).toBeGreaterThan(40);
    });

    it('has no Allow statement with a wildcard action', () => {
      const wild = found(allows, 'Allow statements')
        .filter((s) => s.actions.some((a: string) => a.includes('*')))
        .map((s) => `${s.document} ${s.sid}`);
      expect(wild).toEqual([]);
    });

    it('uses Resource "*" only for actions IAM cannot scope', () => {
      // In a KMS key policy, Resource "*" means that key and nothing else.
      const keyPolicies = new Set(stacks.flatMap((s) => everyResource([s], 'aws_kms_key').map((k) => `${s.name} ${k.policy.slice(2, -'.json}'.length)}`)));
      expect(keyPolicies.size).toBeGreaterThan(4);
      const offenders = found(allows, 'Allow statements')
        .filter((s) => !keyPolicies.has(s.document))
        .filter((s) => (s.resources ?? []).includes('*'))
        .flatMap((s) => s.actions.filter((a: string) => !(a in UNSCOPABLE)).map((a: string) => `${s.document} ${s.sid} ${a}`));
      expect(offenders).toEqual([]);
      // Identity policies must name resources; trust policies name principals instead.
      expect(allows.filter((s) => !s.principals && (!s.resources || s.resources.length === 0)).map((s) => s.document)).toEqual([]);
    });

    it('lets each role be assumed by exactly one service', () => {
      const roles = everyResource(stacks, 'aws_iam_role');
      expect(roles.length).toBeGreaterThanOrEqual(3 * 4);
      for (const role of roles) {
        const address = /^\$\{(data\.aws_iam_policy_document\.[^.]+)\.json\}$/.exec(role.assume_role_policy)?.[1];
        const trust = documents.find((d) => d.stack === role.stack && d.address === address);
        expect({
          role: role.name,
          statements: trust?.statement.map((s: { actions: string[]; principals: { type: string; identifiers: string[] }[] }) => ({
            actions: s.actions,
            principals: s.principals,
          })),
        }).toEqual({
          role: role.name,
          statements: [
            { actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: [expect.stringMatching(/^[a-z0-9-]+\.amazonaws\.com$/)] }] },
          ],
        });
      }
    });

    it('guards every trust of a service that acts for other resources against the confused deputy', () => {
      // Lambda assumes an execution role for the function itself and sends no source keys.
      const roles = everyResource(stacks, 'aws_iam_role');
      const trusts = roles.map((role) => {
        const address = /^\$\{(data\.aws_iam_policy_document\.[^.]+)\.json\}$/.exec(role.assume_role_policy)?.[1];
        const trust = documents.find((d) => d.stack === role.stack && d.address === address)!;
        return {
          role: role.name,
          service: trust.statement[0].principals[0].identifiers[0],
          conditions: (trust.statement[0].condition ?? []).map((c: { variable: string }) => c.variable).sort(),
        };
      });
      const others = trusts.filter((t) => t.service !== 'lambda.amazonaws.com');
      expect(others.length).toBeGreaterThanOrEqual(4);
      for (const t of others) expect(t).toEqual({ ...t, conditions: ['aws:SourceAccount', 'aws:SourceArn'] });
    });

    it('attaches no managed policies, so every permission is visible in the plan', () => {
      expect(everyResource(stacks, 'aws_iam_role_policy_attachment')).toEqual([]);
      for (const role of found(everyResource(stacks, 'aws_iam_role'), 'roles'))
        expect({ role: role.name, managed: role.managed_policy_arns }).toEqual({ role: role.name, managed: undefined });
    });
  });
}
