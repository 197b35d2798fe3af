import { SecurityGroup } from '../../../modules/network/security-group';
import { ServiceEndpoints } from '../../../modules/network/service-endpoints';
import { bareStack, resourcesOf, synthJson } from '../construct-stack';

describe('ServiceEndpoints', () => {
  it('puts S3 on the route tables and Glue and Athena in the subnets with private DNS, reachable on 443 from clients only', () => {
    const stack = bareStack();
    const endpoints = new ServiceEndpoints(stack, 'Endpoints', { name: 'net', vpcId: 'vpc-1', subnetIds: ['subnet-1', 'subnet-2'], routeTableIds: ['rtb-1'] });
    const client = new SecurityGroup(stack, 'Client', { vpcId: 'vpc-1', name: 'client', description: 'calls AWS APIs' });
    endpoints.allowClient(client);
    const json = synthJson(stack);
    const byService = Object.fromEntries(resourcesOf(json, 'aws_vpc_endpoint').map((e) => [e.service_name.split('.').pop(), e]));
    expect(Object.keys(byService).sort()).toEqual(['athena', 'glue', 's3']);
    expect(byService.s3).toMatchObject({ vpc_endpoint_type: 'Gateway', route_table_ids: ['rtb-1'] });
    for (const service of ['glue', 'athena']) {
      expect(byService[service]).toMatchObject({ vpc_endpoint_type: 'Interface', private_dns_enabled: true, subnet_ids: ['subnet-1', 'subnet-2'] });
    }
    const egress = resourcesOf(json, 'aws_vpc_security_group_egress_rule');
    expect(egress.map((r) => r.from_port)).toEqual([443, 443]); // to the endpoints' group and to the S3 prefix list
    expect(egress.some((r) => r.prefix_list_id)).toBe(true);
    expect(resourcesOf(json, 'aws_vpc_security_group_ingress_rule')).toEqual([expect.objectContaining({ from_port: 443, to_port: 443 })]);
  });

  it('adds Secrets Manager for clusters that sign in with a secret', () => {
    const stack = bareStack();
    new ServiceEndpoints(stack, 'Endpoints', {
      name: 'net',
      vpcId: 'vpc-1',
      subnetIds: ['subnet-1', 'subnet-2'],
      routeTableIds: ['rtb-1'],
      secretsManager: true,
    });
    expect(resourcesOf(synthJson(stack), 'aws_vpc_endpoint').map((e) => e.service_name)).toContain('com.amazonaws.eu-west-1.secretsmanager');
  });
});
