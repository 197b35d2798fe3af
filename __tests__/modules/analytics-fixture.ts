import { join } from 'node:path';
import type { TerraformStack } from 'cdktf';
import { readSchemaFolder } from '../../core/tables/schema-folder';
import { AthenaMskConnector } from '../../modules/connector/athena-msk-connector';
import { ProvisionedCluster } from '../../modules/msk/provisioned-cluster';
import { SchemaCatalog } from '../../modules/registry/schema-catalog';
import { FIXTURE, ROOT } from '../helpers/synth';
import { bareStack, foundations } from './construct-stack';

/** The connector over a provisioned cluster and the test tables, for the Athena constructs' tests. */
export function connectorStack(): { stack: TerraformStack; connector: AthenaMskConnector; schemas: SchemaCatalog } & ReturnType<typeof foundations> {
  const stack = bareStack();
  const base = foundations(stack);
  const cluster = new ProvisionedCluster(stack, 'Kafka', { clusterName: 'kafka', network: base.network, logsKey: base.key });
  const schemas = new SchemaCatalog(stack, 'Schemas', { registries: readSchemaFolder(join(FIXTURE, 'schemas'), ROOT) });
  const connector = new AthenaMskConnector(stack, 'Connector', {
    functionName: 'test-connector',
    semanticVersion: '2026.33.1',
    cluster,
    schemas,
    network: base.network,
    encryptionKey: base.key,
    logsKey: base.key,
    spillBucketPrefix: 'test-spill',
  });
  return { stack, connector, schemas, ...base };
}
