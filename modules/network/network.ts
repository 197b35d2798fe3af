import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { AwsContext } from '../shared/aws-context';
import { defaultZoneNames } from '../../core/aws-facts';
import { FlowLogs, type FlowLogsProps } from './flow-logs';
import { ServiceEndpoints } from './service-endpoints';
import type { SecurityGroup } from './security-group';

/** What the other modules need from a network, new or imported. */
export interface INetwork {
  readonly vpcId: string;
  /** One private subnet per Availability Zone, in zone order. */
  readonly privateSubnetIds: string[];
  /** Known at synthesis, so broker layouts can be checked. */
  readonly availabilityZoneCount: number;
  /** Lets `client` reach S3, Glue and Athena (through endpoints, or the VPC's own path when none were made). */
  allowAwsApis(client: SecurityGroup): void;
}

export interface NetworkProps {
  /** Prefix of resource names, e.g. `dev-msk-athena`. */
  readonly name: string;
  /** @default '10.40.0.0/16' */
  readonly vpcCidr?: string;
  /**
   * Zones of the private subnets, one subnet each; MSK needs 2 or 3. Named, not
   * looked up, so the plan never changes when AWS opens a zone, and so a zone
   * MSK does not serve can be avoided.
   * @default the first availabilityZoneCount zones of the stack provider's region by letter (defaultZoneNames)
   */
  readonly availabilityZones?: string[];
  /** How many zones, when availabilityZones names none (or as many as it names). @default 2 */
  readonly availabilityZoneCount?: number;
  /** Send rejected-traffic flow logs to a log group encrypted with `key` (see FlowLogs). @default no flow logs */
  readonly flowLogs?: Pick<FlowLogsProps, 'key' | 'retentionDays'>;
  /**
   * Adds a public subnet, an internet gateway and one NAT gateway. Off by default:
   * everything here reaches AWS through VPC endpoints, and NAT costs money and
   * opens a path out.
   * @default false
   */
  readonly natGateway?: boolean;
}

/** A VPC made elsewhere, and what to add to it. */
export interface NetworkAttributes {
  /** Prefix of the names of what is added (the endpoints), e.g. `dev-msk-athena`. */
  readonly name: string;
  readonly vpcId: string;
  /** Its private subnets, one per Availability Zone (2 or 3). */
  readonly subnetIds: string[];
  /** Route tables of those subnets, for the S3 gateway endpoint. */
  readonly routeTableIds: string[];
  /** Create the S3, Glue and Athena endpoints. False when the VPC has them already. */
  readonly createEndpoints: boolean;
  /** Add a Secrets Manager endpoint (a connector signing in with SCRAM or mutual TLS). @default false */
  readonly secretsManagerEndpoint?: boolean;
}

class ImportedNetwork extends Construct implements INetwork {
  readonly vpcId: string;
  readonly privateSubnetIds: string[];
  readonly availabilityZoneCount: number;
  private readonly endpoints?: ServiceEndpoints;

  constructor(scope: Construct, id: string, props: NetworkAttributes) {
    super(scope, id);
    if (props.subnetIds.length < 2 || props.subnetIds.length > 3) {
      throw new Error(`Network.fromNetworkAttributes ${this.node.path}: subnetIds must list 2 or 3 subnets, got ${props.subnetIds.length}`);
    }
    this.vpcId = props.vpcId;
    this.privateSubnetIds = [...props.subnetIds];
    this.availabilityZoneCount = props.subnetIds.length;
    if (props.createEndpoints) {
      this.endpoints = new ServiceEndpoints(this, 'Endpoints', { ...props, subnetIds: this.privateSubnetIds, secretsManager: props.secretsManagerEndpoint });
    }
  }

  allowAwsApis(client: SecurityGroup): void {
    // Without endpoints of ours the VPC's owner provides the path (NAT or their endpoints).
    this.endpoints?.allowClient(client);
  }
}

/**
 * A VPC with private subnets only, in 2 or 3 zones, whose sole paths out are VPC
 * endpoints for S3, Glue and Athena; optionally one NAT gateway.
 */
export class Network extends Construct implements INetwork {
  /** Uses an existing VPC and its private subnets (one per zone), adding the endpoints asked for. */
  static fromNetworkAttributes(scope: Construct, id: string, attrs: NetworkAttributes): INetwork {
    return new ImportedNetwork(scope, id, attrs);
  }

  readonly vpcId: string;
  readonly privateSubnetIds: string[];
  readonly availabilityZoneCount: number;
  readonly endpoints: ServiceEndpoints;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const region = AwsContext.regionOf(this);
    const zoneNames = props.availabilityZones ?? defaultZoneNames(region, props.availabilityZoneCount ?? 2);
    const zones = zoneNames.length;
    if (zones !== 2 && zones !== 3) {
      throw new Error(`Network ${this.node.path}: availabilityZones must name 2 or 3 zones (MSK spreads brokers over 2 or 3), got ${zones}`);
    }
    if (props.availabilityZoneCount !== undefined && props.availabilityZoneCount !== zones) {
      throw new Error(`Network ${this.node.path}: availabilityZoneCount is ${props.availabilityZoneCount} but availabilityZones names ${zones} zones`);
    }
    const cidr = props.vpcCidr ?? '10.40.0.0/16';
    this.availabilityZoneCount = zones;

    const vpc = new Vpc(this, 'Resource', {
      cidrBlock: cidr,
      enableDnsHostnames: true, // both required for the interface endpoints' private DNS
      enableDnsSupport: true,
      tags: { Name: props.name },
    });
    this.vpcId = vpc.id;
    if (props.flowLogs) new FlowLogs(this, 'FlowLogs', { name: props.name, vpcId: vpc.id, ...props.flowLogs });
    // The default group allows all traffic between its members; nothing should use it.
    new DefaultSecurityGroup(this, 'DefaultSecurityGroup', { vpcId: vpc.id, tags: { Name: `${props.name}-default-unused` } });

    const privateRoutes = new RouteTable(this, 'PrivateRoutes', { vpcId: vpc.id, tags: { Name: `${props.name}-private` } });
    this.privateSubnetIds = [];
    for (let i = 0; i < zones; i++) {
      const subnet = new Subnet(this, `Private${i + 1}`, {
        vpcId: vpc.id,
        // /20s from the start of the range; public subnets (NAT) take the top.
        cidrBlock: Fn.cidrsubnet(cidr, 4, i),
        availabilityZone: zoneNames[i],
        mapPublicIpOnLaunch: false,
        tags: { Name: `${props.name}-private-${i + 1}` },
      });
      new RouteTableAssociation(this, `Private${i + 1}Routes`, { subnetId: subnet.id, routeTableId: privateRoutes.id });
      this.privateSubnetIds.push(subnet.id);
    }

    if (props.natGateway) {
      const igw = new InternetGateway(this, 'InternetGateway', { vpcId: vpc.id, tags: { Name: props.name } });
      const publicSubnet = new Subnet(this, 'Public1', {
        vpcId: vpc.id,
        cidrBlock: Fn.cidrsubnet(cidr, 4, 15),
        availabilityZone: zoneNames[0],
        mapPublicIpOnLaunch: false,
        tags: { Name: `${props.name}-public-1` },
      });
      const publicRoutes = new RouteTable(this, 'PublicRoutes', {
        vpcId: vpc.id,
        route: [{ cidrBlock: '0.0.0.0/0', gatewayId: igw.id }],
        tags: { Name: `${props.name}-public` },
      });
      new RouteTableAssociation(this, 'Public1Routes', { subnetId: publicSubnet.id, routeTableId: publicRoutes.id });
      const eip = new Eip(this, 'NatAddress', { domain: 'vpc', tags: { Name: `${props.name}-nat` } });
      const nat = new NatGateway(this, 'Nat', { subnetId: publicSubnet.id, allocationId: eip.id, tags: { Name: props.name }, dependsOn: [igw] });
      new Route(this, 'PrivateDefaultRoute', { routeTableId: privateRoutes.id, destinationCidrBlock: '0.0.0.0/0', natGatewayId: nat.id });
    }

    this.endpoints = new ServiceEndpoints(this, 'Endpoints', {
      name: props.name,
      vpcId: vpc.id,
      subnetIds: this.privateSubnetIds,
      routeTableIds: [privateRoutes.id],
    });
  }

  allowAwsApis(client: SecurityGroup): void {
    this.endpoints.allowClient(client);
  }
}
