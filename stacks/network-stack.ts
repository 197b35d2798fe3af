import type { Construct } from 'constructs';
import { resourceNames } from '../config/resource-names';
import type { EnvironmentConfig } from '../config/schema';
import { Network, type INetwork } from '../modules/network/network';
import { EnvironmentStack } from './environment-stack';

/** The VPC: private subnets in 2-3 zones reaching AWS only through endpoints; or an existing VPC. */
export class NetworkStack extends EnvironmentStack {
  readonly network: INetwork;

  constructor(scope: Construct, config: EnvironmentConfig) {
    super(scope, 'network', config);
    const name = resourceNames(config.name).prefix;
    const { existing } = config.network;
    this.network = existing
      ? Network.fromNetworkAttributes(this, 'Network', {
          name,
          ...existing,
          secretsManagerEndpoint: ['scram', 'tls'].includes(config.msk.existing?.authentication ?? 'iam'),
        })
      : new Network(this, 'Network', {
          name,
          vpcCidr: config.network.vpcCidr,
          availabilityZones: config.network.zoneNames,
          availabilityZoneCount: config.network.availabilityZones,
          flowLogs: { key: this.logsKey, retentionDays: config.logRetentionDays },
          natGateway: config.network.natGateway,
        });
  }
}
