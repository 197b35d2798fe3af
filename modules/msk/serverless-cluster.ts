import { Construct } from 'constructs';
import { MskServerlessCluster } from '@cdktf/provider-aws/lib/msk-serverless-cluster';
import type { INetwork } from '../network/network';
import { SecurityGroup } from '../network/security-group';
import { ManagedKafkaCluster } from './kafka-cluster';

export interface ServerlessClusterProps {
  readonly clusterName: string;
  readonly network: INetwork;
  /** Make Terraform refuse to destroy or replace the cluster. @default true */
  readonly protect?: boolean;
}

/**
 * MSK Serverless: IAM auth and TLS are built in, data at rest is encrypted by the
 * service, and capacity follows traffic. Replication (3) and retention limits are
 * the service's own.
 */
export class ServerlessCluster extends ManagedKafkaCluster {
  readonly clusterName: string;
  readonly clusterArn: string;
  readonly bootstrapBrokersIam: string;
  /** MSK Serverless publishes no per-broker metrics. */
  readonly brokerCount = undefined;
  readonly securityGroup: SecurityGroup;
  readonly resource: MskServerlessCluster;

  constructor(scope: Construct, id: string, props: ServerlessClusterProps) {
    super(scope, id);
    this.clusterName = props.clusterName;
    this.securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      vpcId: props.network.vpcId,
      name: `${props.clusterName}-brokers`,
      description: `MSK Serverless ${props.clusterName}; IAM listener open to registered clients only`,
    });
    this.resource = new MskServerlessCluster(this, 'Resource', {
      clusterName: props.clusterName,
      vpcConfig: [{ subnetIds: props.network.privateSubnetIds, securityGroupIds: [this.securityGroup.securityGroupId] }],
      clientAuthentication: { sasl: { iam: { enabled: true } } },
      lifecycle: { preventDestroy: props.protect ?? true },
    });
    this.clusterArn = this.resource.arn;
    this.bootstrapBrokersIam = this.resource.bootstrapBrokersSaslIam;
  }
}
