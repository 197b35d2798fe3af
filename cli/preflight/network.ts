import { DescribeAvailabilityZonesCommand, DescribeSubnetsCommand, DescribeVpcEndpointsCommand, type VpcEndpoint } from '@aws-sdk/client-ec2';
import { CONNECTOR_INTERFACE_SERVICES, defaultZoneNames, MSK_UNSERVED_ZONE_IDS } from '../../core/aws-facts';
import { fail, pass, warn, type CheckResult, type PreflightContext } from './check';

const ZONES = 'zones';
const ENDPOINTS = 'endpoints';

/**
 * The subnets' zone ids against the zones MSK serves. Only a cluster this
 * environment creates needs them: an adopted cluster already has its brokers.
 */
export async function checkZones({ config, label, clients }: PreflightContext): Promise<CheckResult[]> {
  if (config.msk.existing) return [pass(ZONES, 'adopted cluster: its brokers already have their zones')];
  const unserved = MSK_UNSERVED_ZONE_IDS[config.region] ?? [];
  const { AvailabilityZones: zones = [] } = await clients.ec2.send(new DescribeAvailabilityZonesCommand({}));
  const servedNames = zones
    .filter((z) => z.ZoneType === 'availability-zone' && z.State === 'available' && !unserved.includes(z.ZoneId ?? ''))
    .map((z) => z.ZoneName!);
  const existing = config.network.existing;
  let placed: { where: string; zoneName: string; zoneId: string }[];
  if (existing) {
    const { Subnets: subnets = [] } = await clients.ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'subnet-id', Values: [...existing.subnetIds] }] }));
    const missing = existing.subnetIds.filter((id) => !subnets.some((s) => s.SubnetId === id));
    if (missing.length) {
      return [
        fail(
          ZONES,
          `${label}: network.existing.subnetIds: ${missing.join(', ')} not found in ${config.region}`,
          'list subnets of the VPC that exist in this account and region',
        ),
      ];
    }
    const elsewhere = subnets.filter((s) => s.VpcId !== existing.vpcId);
    if (elsewhere.length) {
      return [
        fail(
          ZONES,
          `${label}: network.existing.subnetIds: ${elsewhere.map((s) => `${s.SubnetId} is in ${s.VpcId}`).join(', ')}, not in ${existing.vpcId}`,
          'list subnets of network.existing.vpcId',
        ),
      ];
    }
    placed = existing.subnetIds.map((id) => {
      const s = subnets.find((x) => x.SubnetId === id)!;
      return { where: id, zoneName: s.AvailabilityZone ?? '?', zoneId: s.AvailabilityZoneId ?? '?' };
    });
  } else {
    // The zones the network stack's subnets get (Network's default when none are named).
    const names = config.network.zoneNames ?? defaultZoneNames(config.region, config.network.availabilityZones);
    placed = names.map((name) => {
      const z = zones.find((x) => x.ZoneName === name);
      return { where: name, zoneName: name, zoneId: z?.ZoneId ?? '' };
    });
    const unknown = placed.filter((p) => !p.zoneId);
    if (unknown.length) {
      return [
        fail(
          ZONES,
          `${label}: network.zoneNames: ${unknown.map((p) => p.zoneName).join(', ')} not available to this account in ${config.region}`,
          `set network.zoneNames to ${config.network.availabilityZones} of ${servedNames.join(', ')}`,
        ),
      ];
    }
  }
  const field = existing ? 'network.existing.subnetIds' : 'network.zoneNames';
  const describe = (p: (typeof placed)[number]) => (existing ? `${p.where} (${p.zoneName}, ${p.zoneId})` : `${p.zoneName} (${p.zoneId})`);
  const bad = placed.filter((p) => unserved.includes(p.zoneId));
  if (bad.length) {
    const fix = existing
      ? `use subnets in other zones; zones MSK serves here: ${servedNames.join(', ')}`
      : `set network.zoneNames to ${config.network.availabilityZones} of ${servedNames.join(', ')}`;
    return [fail(ZONES, `${label}: ${field}: ${bad.map(describe).join(', ')} in a zone MSK does not serve; creating the cluster would fail`, fix)];
  }
  if (new Set(placed.map((p) => p.zoneId)).size !== placed.length) {
    return [
      fail(
        ZONES,
        `${label}: ${field}: ${placed.map(describe).join(', ')} share a zone; MSK needs each subnet in its own zone`,
        'list subnets in distinct zones',
      ),
    ];
  }
  return [pass(ZONES, `${placed.map(describe).join(', ')}: zones MSK serves`)];
}

const serviceOf = (e: VpcEndpoint, region: string) => (e.ServiceName ?? '').replace(`com.amazonaws.${region}.`, '');

/**
 * In an existing VPC with createEndpoints, the environment adds interface
 * endpoints with private DNS for Glue and Athena (and Secrets Manager for a SCRAM
 * or TLS cluster, as the network stack does) and an S3 gateway endpoint on the
 * route tables. A second private-DNS endpoint for a service, or a second S3
 * gateway on a route table, fails at apply time.
 */
export async function checkEndpoints({ config, label, clients }: PreflightContext): Promise<CheckResult[]> {
  const existing = config.network.existing;
  if (!existing) return [pass(ENDPOINTS, 'the environment makes its own VPC and endpoints')];
  if (!existing.createEndpoints) return [pass(ENDPOINTS, `network.existing.createEndpoints is false: the VPC's own endpoints (or NAT) serve the connector`)];
  const auth = config.msk.existing?.authentication ?? 'iam';
  const services: (keyof typeof CONNECTOR_INTERFACE_SERVICES)[] = [
    'glue',
    'athena',
    ...(auth === 'scram' || auth === 'tls' ? ['secretsmanager' as const] : []),
  ];
  const { VpcEndpoints: endpoints = [] } = await clients.ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: [existing.vpcId] }] }));
  const live = endpoints.filter((e) => !['deleted', 'deleting', 'rejected', 'failed'].includes(String(e.State ?? '').toLowerCase()));
  const results: CheckResult[] = [];
  const fix = `set network.existing.createEndpoints to false in ${label} (the VPC's endpoints serve the connector), or remove the VPC's own`;
  for (const service of services) {
    const clash = live.find((e) => e.VpcEndpointType === 'Interface' && serviceOf(e, config.region) === service && e.PrivateDnsEnabled);
    if (clash) {
      results.push(
        fail(
          ENDPOINTS,
          `${existing.vpcId} already has an interface endpoint for ${CONNECTOR_INTERFACE_SERVICES[service]} (${clash.ServiceName}, ${clash.VpcEndpointId}) with private DNS; the environment would create a second one, which AWS refuses`,
          fix,
        ),
      );
    }
  }
  const gateway = live.find(
    (e) => e.VpcEndpointType === 'Gateway' && serviceOf(e, config.region) === 's3' && (e.RouteTableIds ?? []).some((r) => existing.routeTableIds.includes(r)),
  );
  if (gateway) {
    const shared = (gateway.RouteTableIds ?? []).filter((r) => existing.routeTableIds.includes(r));
    results.push(
      fail(
        ENDPOINTS,
        `${existing.vpcId}: route tables ${shared.join(', ')} already use the S3 gateway endpoint ${gateway.VpcEndpointId}; a second one on them fails`,
        fix,
      ),
    );
  }
  if (results.length === 0) {
    results.push(
      pass(
        ENDPOINTS,
        `${existing.vpcId} has no endpoint the environment would duplicate (${services.map((s) => CONNECTOR_INTERFACE_SERVICES[s]).join(', ')}, S3 gateway)`,
      ),
    );
    if (live.some((e) => e.VpcEndpointType === 'Interface' && services.includes(serviceOf(e, config.region) as never))) {
      results.push(
        warn(ENDPOINTS, `${existing.vpcId} has an endpoint for one of these services without private DNS; the environment's own will take over its DNS name`),
      );
    }
  }
  return results;
}
