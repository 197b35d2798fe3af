import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/schema';
import { AnalyticsStack } from './analytics-stack';
import { NetworkStack } from './network-stack';
import { StreamingStack } from './streaming-stack';

export interface EnvironmentPaths {
  readonly rootDir: string;
  readonly schemaDir: string;
  readonly queryDir: string;
}

export interface Environment {
  readonly network: NetworkStack;
  readonly streaming: StreamingStack;
  readonly analytics: AnalyticsStack;
}

/** One environment: network, then Kafka, then Athena on top, as `<env>-network|streaming|analytics`. */
export function buildEnvironment(scope: Construct, config: EnvironmentConfig, paths: EnvironmentPaths): Environment {
  const network = new NetworkStack(scope, config);
  const streaming = new StreamingStack(scope, config, { network: network.network });
  const analytics = new AnalyticsStack(scope, config, {
    network: network.network,
    cluster: streaming.cluster,
    ...paths,
  });
  return { network, streaming, analytics };
}
