import { Construct } from 'constructs';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { HTTPS_PORT } from '../../core/aws-facts';
import { AwsContext } from '../shared/aws-context';
import { SecurityGroup } from './security-group';

export interface ServiceEndpointsProps {
  readonly name: string;
  readonly vpcId: string;
  readonly subnetIds: string[];
  /** Route tables of the private subnets, for the S3 gateway endpoint. */
  readonly routeTableIds: string[];
  /**
   * Secrets Manager too: a connector signing in with SCRAM or mutual TLS reads its
   * secret at query time. @default false
   */
  readonly secretsManager?: boolean;
}

const INTERFACE_ENDPOINTS: Record<string, string> = { glue: 'Glue', athena: 'Athena', secretsmanager: 'SecretsManager' };

/**
 * Private paths to the AWS APIs the Athena MSK connector calls, so a VPC with no
 * internet route still works: S3 (gateway endpoint, for spill), Glue (schema
 * registry) and Athena (query state, which lets LIMIT and cancellation stop the
 * connector early).
 */
export class ServiceEndpoints extends Construct {
  readonly securityGroup: SecurityGroup;
  /** Managed prefix list of S3 in this region; egress rules for spill name it. */
  readonly s3PrefixListId: string;

  constructor(scope: Construct, id: string, props: ServiceEndpointsProps) {
    super(scope, id);
    const region = AwsContext.regionOf(this);
    this.securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      vpcId: props.vpcId,
      name: `${props.name}-endpoints`,
      description: 'Interface endpoints for Glue and Athena; HTTPS from registered clients only',
    });
    const s3 = new VpcEndpoint(this, 'S3', {
      vpcId: props.vpcId,
      serviceName: `com.amazonaws.${region}.s3`,
      vpcEndpointType: 'Gateway',
      routeTableIds: props.routeTableIds,
      tags: { Name: `${props.name}-s3` },
    });
    this.s3PrefixListId = s3.prefixListId;
    for (const service of ['glue', 'athena', ...(props.secretsManager ? ['secretsmanager'] : [])]) {
      new VpcEndpoint(this, INTERFACE_ENDPOINTS[service], {
        vpcId: props.vpcId,
        serviceName: `com.amazonaws.${region}.${service}`,
        vpcEndpointType: 'Interface',
        privateDnsEnabled: true,
        subnetIds: props.subnetIds,
        securityGroupIds: [this.securityGroup.securityGroupId],
        tags: { Name: `${props.name}-${service}` },
      });
    }
  }

  /** Lets `client` call S3, Glue and Athena over HTTPS through these endpoints. */
  allowClient(client: SecurityGroup): void {
    this.securityGroup.allowFrom(client, HTTPS_PORT, 'AWS APIs (Glue, Athena, Secrets Manager) over HTTPS');
    client.allowToPrefixList(this.s3PrefixListId, HTTPS_PORT, 'S3 over HTTPS through the gateway endpoint');
  }
}
