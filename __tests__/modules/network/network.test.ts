import { EncryptionKey } from '../../../modules/kms/encryption-key';
import { Network } from '../../../modules/network/network';
import { SecurityGroup } from '../../../modules/network/security-group';
import { bareStack, resourcesOf, synthJson } from '../construct-stack';

describe('Network', () => {
  it('has private subnets in the named zones, no route out but the endpoints, and an empty default group', () => {
    const stack = bareStack();
    const network = new Network(stack, 'Network', { name: 'net', vpcCidr: '10.9.0.0/16' });
    expect(network.availabilityZoneCount).toBe(2);
    const json = synthJson(stack);
    expect(resourcesOf(json, 'aws_vpc')[0]).toMatchObject({ cidr_block: '10.9.0.0/16', enable_dns_support: true, enable_dns_hostnames: true });
    const subnets = resourcesOf(json, 'aws_subnet');
    expect(subnets.map((s) => s.availability_zone)).toEqual(['eu-west-1a', 'eu-west-1b']);
    expect(subnets.every((s) => s.map_public_ip_on_launch !== true)).toBe(true);
    expect(resourcesOf(json, 'aws_route')).toEqual([]);
    expect(resourcesOf(json, 'aws_internet_gateway')).toEqual([]);
    expect(resourcesOf(json, 'aws_nat_gateway')).toEqual([]);
    expect(resourcesOf(json, 'aws_default_security_group')[0].ingress).toBeUndefined();
    expect(
      resourcesOf(json, 'aws_vpc_endpoint')
        .map((e) => e.service_name)
        .sort(),
    ).toEqual(['com.amazonaws.eu-west-1.athena', 'com.amazonaws.eu-west-1.glue', 'com.amazonaws.eu-west-1.s3']);
    expect(resourcesOf(json, 'aws_flow_log')).toEqual([]);
  });

  it('adds one NAT gateway and flow logs only when asked', () => {
    const stack = bareStack();
    const key = new EncryptionKey(stack, 'Key', { alias: 'k', description: 'd', allowCloudWatchLogs: true });
    new Network(stack, 'Network', {
      name: 'net',
      natGateway: true,
      flowLogs: { key, retentionDays: 30 },
      availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
    });
    const json = synthJson(stack);
    expect(resourcesOf(json, 'aws_subnet')).toHaveLength(4);
    expect(resourcesOf(json, 'aws_nat_gateway')).toHaveLength(1);
    expect(resourcesOf(json, 'aws_route')).toEqual([expect.objectContaining({ destination_cidr_block: '0.0.0.0/0' })]);
    expect(resourcesOf(json, 'aws_flow_log')).toHaveLength(1);
  });

  it('adopts an existing VPC, with or without endpoints of its own', () => {
    const stack = bareStack();
    const adopted = Network.fromNetworkAttributes(stack, 'Adopted', {
      name: 'old',
      vpcId: 'vpc-0a',
      subnetIds: ['subnet-01', 'subnet-02', 'subnet-03'],
      routeTableIds: ['rtb-01'],
      createEndpoints: true,
      secretsManagerEndpoint: true,
    });
    const bare = Network.fromNetworkAttributes(stack, 'Bare', {
      name: 'other',
      vpcId: 'vpc-0b',
      subnetIds: ['subnet-04', 'subnet-05'],
      routeTableIds: [],
      createEndpoints: false,
    });
    expect(adopted.privateSubnetIds).toEqual(['subnet-01', 'subnet-02', 'subnet-03']);
    expect(adopted.availabilityZoneCount).toBe(3);
    const client = new SecurityGroup(stack, 'Client', { vpcId: 'vpc-0b', name: 'client', description: 'a client of the AWS APIs' });
    bare.allowAwsApis(client); // the VPC's owner provides the path: no rule of ours
    const json = synthJson(stack);
    expect(resourcesOf(json, 'aws_vpc')).toEqual([]);
    expect(
      resourcesOf(json, 'aws_vpc_endpoint')
        .map((e) => e.service_name.split('.').pop())
        .sort(),
    ).toEqual(['athena', 'glue', 's3', 'secretsmanager']);
    expect(resourcesOf(json, 'aws_vpc_security_group_egress_rule')).toEqual([]);
  });

  it("names the region's first zones by letter when none are named, as many as availabilityZoneCount", () => {
    const zonesOf = (props: Partial<ConstructorParameters<typeof Network>[2]>) => {
      const stack = bareStack();
      new Network(stack, 'N', { name: 'n', ...props });
      return resourcesOf(synthJson(stack), 'aws_subnet').map((s) => s.availability_zone);
    };
    expect(zonesOf({})).toEqual(['eu-west-1a', 'eu-west-1b']);
    expect(zonesOf({ availabilityZoneCount: 3 })).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
    expect(zonesOf({ availabilityZones: ['eu-west-1b', 'eu-west-1c'], availabilityZoneCount: 2 })).toEqual(['eu-west-1b', 'eu-west-1c']);
    expect(() => zonesOf({ availabilityZones: ['eu-west-1b', 'eu-west-1c'], availabilityZoneCount: 3 })).toThrow(
      'Network test/N: availabilityZoneCount is 3 but availabilityZones names 2 zones',
    );
  });

  it('refuses 1 zone (MSK spreads brokers over 2 or 3) and an adopted VPC with 1 subnet', () => {
    expect(() => new Network(bareStack(), 'N', { name: 'n', availabilityZones: ['us-east-1a'] })).toThrow(
      'Network test/N: availabilityZones must name 2 or 3 zones (MSK spreads brokers over 2 or 3), got 1',
    );
    const oneSubnet = { name: 'n', vpcId: 'vpc-1', subnetIds: ['subnet-1'], routeTableIds: [], createEndpoints: false };
    expect(() => Network.fromNetworkAttributes(bareStack(), 'N', oneSubnet)).toThrow(
      'Network.fromNetworkAttributes test/N: subnetIds must list 2 or 3 subnets, got 1',
    );
  });
});
