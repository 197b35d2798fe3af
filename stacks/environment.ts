import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/schema';
import { savedQueries, type QueryFile } from '../core/queries/saved-queries';
import { declaredTopics } from '../config/declared-topics';
import { functionNames } from '../config/function-names';
import { inDatabases, type RegistryDefinition } from '../core/tables/schema-folder';
import { AnalyticsStack } from './analytics-stack';
import { MonitoringStack } from './monitoring-stack';
import { NetworkStack } from './network-stack';
import { StreamingStack } from './streaming-stack';

/** What the schemas/ and queries/ folders hold, read once for all environments. */
export interface EnvironmentInputs {
  readonly registries: readonly RegistryDefinition[];
  /** Saved queries with `{{catalog}}` still in them; each environment fills in its catalog. */
  readonly queries: readonly QueryFile[];
}

/**
 * Reads nothing and writes nothing: checks what only the combination of an
 * environment's config and the schemas can tell, so main can fail before the
 * App creates its output folder.
 */
export function checkEnvironmentInputs(config: EnvironmentConfig, inputs: Pick<EnvironmentInputs, 'registries'>, configLabel?: string): void {
  declaredTopics(config, inputs.registries, configLabel);
}

export interface Environment {
  readonly network: NetworkStack;
  readonly streaming: StreamingStack;
  readonly analytics: AnalyticsStack;
  readonly monitoring: MonitoringStack;
}

/** One environment: network, then Kafka, then Athena on top, then what watches them, as `<env>-network|streaming|analytics|monitoring`. */
export function buildEnvironment(scope: Construct, config: EnvironmentConfig, inputs: EnvironmentInputs): Environment {
  // The environment's names for the registries: the analytics stack creates them,
  // the producer looks Avro and Protobuf schema versions up in them.
  const registries = inDatabases(inputs.registries, config.connector.databasePrefix);
  const network = new NetworkStack(scope, config);
  const streaming = new StreamingStack(scope, config, { network: network.network, registries });
  const analytics = new AnalyticsStack(scope, config, {
    network: network.network,
    cluster: streaming.cluster,
    registries,
    queries: savedQueries(inputs.queries, { catalog: config.connector.catalogName, databasePrefix: config.connector.databasePrefix }),
  });
  const monitoring = new MonitoringStack(scope, config, {
    cluster: streaming.cluster,
    connector: analytics.connector,
    workgroup: analytics.workgroup,
    // By the names the streaming stack gives them (not its state): the alarms and the dashboard
    // then need nothing of that stack, and a new function's alarm exists before its first run.
    functions: [
      ...(streaming.topicManager
        ? [
            { label: 'topics', functionName: functionNames(config).topics },
            { label: 'topics-plan', functionName: functionNames(config)['topics-plan'] },
          ]
        : []),
      ...(streaming.producer ? [{ label: 'producer', functionName: functionNames(config).producer }] : []),
    ],
  });
  return { network, streaming, analytics, monitoring };
}
