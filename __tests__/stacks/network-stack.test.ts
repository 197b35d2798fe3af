import { onlyResource, ref, resourcesOf, roleStatements, synthEnvironment } from '../helpers/synth';

describe('network stack', () => {
  const { network, analytics } = synthEnvironment();

  it('makes private subnets in 2 zones with no internet path', () => {
    const subnets = resourcesOf(network, 'aws_subnet');
    expect(subnets).toHaveLength(2);
    for (const s of subnets) expect(s.map_public_ip_on_launch).toBe(false);
    expect(resourcesOf(network, 'aws_internet_gateway')).toEqual([]);
    expect(resourcesOf(network, 'aws_nat_gateway')).toEqual([]);
    expect(resourcesOf(network, 'aws_route')).toEqual([]);
    expect(onlyResource(network, 'aws_route_table').route).toBeUndefined();
  });

  it('enables DNS so interface endpoints resolve the public API names', () => {
    expect(onlyResource(network, 'aws_vpc')).toMatchObject({ enable_dns_hostnames: true, enable_dns_support: true, cidr_block: '10.40.0.0/16' });
  });

  it('reaches S3 through a gateway endpoint and Glue and Athena through private-DNS interface endpoints', () => {
    const endpoints = resourcesOf(network, 'aws_vpc_endpoint');
    const byService = Object.fromEntries(endpoints.map((e) => [e.service_name, e]));
    expect(Object.keys(byService).sort()).toEqual(['com.amazonaws.us-east-1.athena', 'com.amazonaws.us-east-1.glue', 'com.amazonaws.us-east-1.s3']);
    expect(byService['com.amazonaws.us-east-1.s3'].vpc_endpoint_type).toBe('Gateway');
    const endpointGroup = resourcesOf(network, 'aws_security_group').find((g) => g.name_prefix === 'dev-msk-athena-endpoints-');
    for (const svc of ['glue', 'athena']) {
      expect(byService[`com.amazonaws.us-east-1.${svc}`]).toMatchObject({
        vpc_endpoint_type: 'Interface',
        private_dns_enabled: true,
        security_group_ids: [ref(endpointGroup.address)],
      });
    }
  });

  it('admits HTTPS to the endpoints only from registered client groups', () => {
    expect(resourcesOf(network, 'aws_vpc_security_group_ingress_rule')).toEqual([]);
    const rules = resourcesOf(analytics, 'aws_vpc_security_group_ingress_rule').filter((r) => r.from_port === 443);
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({
      ip_protocol: 'tcp',
      to_port: 443,
      referenced_security_group_id: expect.stringContaining('aws_security_group.Connector_SecurityGroup'),
    });
    expect(rules[0].cidr_ipv4).toBeUndefined();
  });

  it('leaves the default security group without rules', () => {
    const group = onlyResource(network, 'aws_default_security_group');
    expect(group.ingress).toBeUndefined();
    expect(group.egress).toBeUndefined();
  });

  it('spreads over 3 zones and adds one NAT gateway when asked', () => {
    const { network: n, streaming } = synthEnvironment({ network: { availabilityZones: 3, natGateway: true } });
    expect(resourcesOf(n, 'aws_subnet').filter((s) => s.tags.Name.includes('private'))).toHaveLength(3);
    expect(resourcesOf(n, 'aws_nat_gateway')).toHaveLength(1);
    expect(onlyResource(n, 'aws_route')).toMatchObject({ destination_cidr_block: '0.0.0.0/0', nat_gateway_id: expect.stringContaining('aws_nat_gateway') });
    expect(resourcesOf(n, 'aws_subnet').map((s) => s.availability_zone)).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1a']);
    // One broker per zone, unless msk.brokerCount says otherwise.
    expect(onlyResource(streaming, 'aws_msk_cluster').number_of_broker_nodes).toBe(3);
  });

  it('uses an existing VPC and its subnets by id', () => {
    const { network: n, streaming } = synthEnvironment({
      network: { existing: { vpcId: 'vpc-0abc', subnetIds: ['subnet-01', 'subnet-02'], routeTableIds: ['rtb-01'] } },
    });
    expect(resourcesOf(n, 'aws_vpc')).toEqual([]);
    expect(resourcesOf(n, 'aws_subnet')).toEqual([]);
    expect(resourcesOf(n, 'aws_vpc_endpoint').find((e) => e.vpc_endpoint_type === 'Gateway').route_table_ids).toEqual(['rtb-01']);
    expect(onlyResource(streaming, 'aws_msk_cluster').broker_node_group_info.client_subnets).toEqual(['subnet-01', 'subnet-02']);
  });
});

describe('network zones and flow logs', () => {
  it('names the zones instead of looking them up, so a new AWS zone never changes the plan', () => {
    const { network } = synthEnvironment({ region: 'eu-west-1', network: { zoneNames: ['eu-west-1b', 'eu-west-1c'] } });
    expect(network.data?.aws_availability_zones).toBeUndefined();
    expect(resourcesOf(network, 'aws_subnet').map((s) => s.availability_zone)).toEqual(['eu-west-1b', 'eu-west-1c']);
    expect(resourcesOf(synthEnvironment().network, 'aws_subnet').map((s) => s.availability_zone)).toEqual(['us-east-1a', 'us-east-1b']);
  });

  it('refuses zones of another region or of the wrong count', () => {
    expect(() => synthEnvironment({ network: { zoneNames: ['eu-west-1a', 'us-east-1b', 'us-east-1c'] } })).toThrow(
      /network\.zoneNames: lists 3 zones for availabilityZones 2; list exactly 2\n.*network\.zoneNames\[0\]: "eu-west-1a" is not in region us-east-1; use a zone of us-east-1, such as us-east-1a/,
    );
  });

  it('logs rejected traffic to an encrypted log group through a role only flow logs can assume', () => {
    const { network } = synthEnvironment();
    const flow = onlyResource(network, 'aws_flow_log');
    const logs = onlyResource(network, 'aws_cloudwatch_log_group');
    expect(flow).toMatchObject({ traffic_type: 'REJECT', log_destination_type: 'cloud-watch-logs', log_destination: ref(logs.address, 'arn') });
    expect(logs.kms_key_id).toBe(ref(onlyResource(network, 'aws_kms_key').address, 'arn'));
    expect(roleStatements(network, 'dev-msk-athena-flow-logs').map((s: { sid: string }) => s.sid)).toEqual(['WriteFlowLogs', 'FindLogGroup']);
  });
});
