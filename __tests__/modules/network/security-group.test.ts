import { SecurityGroup } from '../../../modules/network/security-group';
import { bareStack, resourcesOf, synthJson } from '../construct-stack';

describe('SecurityGroup', () => {
  it('starts with no rules, under a name prefix, replaced before it is destroyed', () => {
    const stack = bareStack();
    new SecurityGroup(stack, 'Group', { vpcId: 'vpc-1', name: 'app', description: 'the app' });
    const json = synthJson(stack);
    expect(resourcesOf(json, 'aws_security_group')).toEqual([
      expect.objectContaining({
        name_prefix: 'app-',
        description: 'the app',
        vpc_id: 'vpc-1',
        revoke_rules_on_delete: true,
        lifecycle: { create_before_destroy: true },
      }),
    ]);
    expect(resourcesOf(json, 'aws_security_group')[0].ingress).toBeUndefined();
    expect(resourcesOf(json, 'aws_vpc_security_group_ingress_rule')).toEqual([]);
    expect(resourcesOf(json, 'aws_vpc_security_group_egress_rule')).toEqual([]);
  });

  it('admits a client with a matching pair of rules on one port, each naming the other group', () => {
    const stack = bareStack();
    const server = new SecurityGroup(stack, 'Server', { vpcId: 'vpc-1', name: 'server', description: 'the server' });
    const client = new SecurityGroup(stack, 'Client', { vpcId: 'vpc-1', name: 'client', description: 'the client' });
    server.allowFrom(client, 9098, 'Kafka over TLS with IAM');
    const json = synthJson(stack);
    const [ingress] = resourcesOf(json, 'aws_vpc_security_group_ingress_rule');
    const [egress] = resourcesOf(json, 'aws_vpc_security_group_egress_rule');
    expect(ingress).toMatchObject({ ip_protocol: 'tcp', from_port: 9098, to_port: 9098, referenced_security_group_id: expect.stringContaining('Client') });
    expect(ingress.security_group_id).toContain('Server');
    expect(egress).toMatchObject({ ip_protocol: 'tcp', from_port: 9098, to_port: 9098, referenced_security_group_id: expect.stringContaining('Server') });
    expect(ingress.description).toContain('client');
    expect(client.rules).toHaveLength(2);
  });

  it('sends to a prefix list or a CIDR on one port only', () => {
    const stack = bareStack();
    const group = new SecurityGroup(stack, 'Group', { vpcId: 'vpc-1', name: 'app', description: 'the app' });
    group.allowToPrefixList('pl-123', 443, 'S3 over HTTPS');
    group.allowToCidr('10.0.0.0/16', 9096, 'Kafka in the VPC');
    const rules = resourcesOf(synthJson(stack), 'aws_vpc_security_group_egress_rule');
    expect(rules.map((r) => [r.prefix_list_id ?? r.cidr_ipv4, r.from_port, r.to_port]).sort()).toEqual([
      ['10.0.0.0/16', 9096, 9096],
      ['pl-123', 443, 443],
    ]);
  });
});
