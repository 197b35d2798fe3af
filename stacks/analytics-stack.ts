import { Lazy, TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import { resourceNames } from '../config/resource-names';
import type { EnvironmentConfig } from '../config/schema';
import { MskDataCatalog } from '../modules/athena/msk-data-catalog';
import { QueryAccess } from '../modules/athena/query-access';
import { sampleQuery, type SavedQuery } from '../core/queries/saved-queries';
import { AnalyticsWorkgroup } from '../modules/athena/workgroup';
import { AthenaMskConnector } from '../modules/connector/athena-msk-connector';
import { EncryptionKey } from '../modules/kms/encryption-key';
import type { IKafkaCluster } from '../modules/msk/kafka-cluster';
import type { INetwork } from '../modules/network/network';
import { SchemaCatalog } from '../modules/registry/schema-catalog';
import type { RegistryDefinition } from '../core/tables/schema-folder';
import { EnvironmentStack } from './environment-stack';

export interface AnalyticsStackProps {
  readonly network: INetwork;
  readonly cluster: IKafkaCluster;
  /** The tables, read and validated from schemas/. */
  readonly registries: readonly RegistryDefinition[];
  /** Hand-written saved queries, read from queries/. */
  readonly queries: readonly SavedQuery[];
}

/**
 * Athena over Kafka: table schemas in Glue, the MSK connector that reads topics
 * with them, the data catalog that registers it, and the workgroup analysts use.
 */
export class AnalyticsStack extends EnvironmentStack {
  readonly schemas: SchemaCatalog;
  readonly connector: AthenaMskConnector;
  readonly catalog: MskDataCatalog;
  readonly workgroup: AnalyticsWorkgroup;

  constructor(scope: Construct, config: EnvironmentConfig, props: AnalyticsStackProps) {
    super(scope, 'analytics', config);
    const prefix = resourceNames(config.name).prefix;

    this.schemas = new SchemaCatalog(this, 'Schemas', { registries: props.registries });

    const key = new EncryptionKey(this, 'DataKey', {
      alias: `${prefix}-analytics`,
      description: 'Encrypts Athena results and connector spill',
      protect: config.protectData,
    });

    this.workgroup = new AnalyticsWorkgroup(this, 'Workgroup', {
      workgroupName: config.athena.workgroupName,
      encryptionKey: key,
      resultsBucketPrefix: `${prefix}-results`,
      bytesScannedCutoffMb: config.athena.bytesScannedCutoffMb,
      resultsExpirationDays: config.athena.resultsExpirationDays,
      protect: config.protectData,
    });

    this.connector = new AthenaMskConnector(this, 'Connector', {
      functionName: config.connector.functionName,
      semanticVersion: config.connector.semanticVersion,
      cluster: props.cluster,
      schemas: this.schemas,
      network: props.network,
      encryptionKey: key,
      spillBucketPrefix: `${prefix}-spill`,
      spillPrefix: config.connector.spillPrefix,
      memoryMb: config.connector.memoryMb,
      timeoutSeconds: config.connector.timeoutSeconds,
      logRetentionDays: config.logRetentionDays,
      protect: config.protectData,
      logsKey: this.logsKey,
    });
    this.workgroup.grantQueryStatus(this.connector.role);

    this.catalog = new MskDataCatalog(this, 'Catalog', {
      catalogName: config.connector.catalogName,
      connector: this.connector,
    });

    const access = new QueryAccess(this, 'QueryAccess', {
      policyName: `${prefix}-query`,
      workgroup: this.workgroup,
      catalog: this.catalog,
      connector: this.connector,
    });

    const catalogName = config.connector.catalogName;
    const samples = this.schemas.tables.map((t) => sampleQuery(catalogName, t));
    for (const q of [...samples, ...props.queries]) this.workgroup.addNamedQuery(q.id, q);

    if (props.cluster.ownerAdmitsClients) {
      const { cluster } = props;
      new TerraformOutput(this, 'connector_security_group_id', {
        value: this.connector.securityGroup.securityGroupId,
        description: "The connector's security group: the adopted cluster's brokers must admit it",
      });
      new TerraformOutput(this, 'cluster_owner_action', {
        // Read at synthesis: every client added to the cluster by then is listed.
        value: Lazy.stringValue({ produce: () => cluster.ownerActions.join('\n') }),
        description: "What the cluster's owner must run once: the connector reaches no broker until then",
      });
    }
    new TerraformOutput(this, 'connector_function_arn', { value: this.connector.functionArn, description: 'ARN of the Athena MSK connector Lambda' });
    new TerraformOutput(this, 'catalog_name', { value: this.catalog.catalogName, description: 'Athena data catalog of the Kafka topics' });
    new TerraformOutput(this, 'workgroup', { value: this.workgroup.workgroupName, description: 'Athena workgroup to run queries in' });
    new TerraformOutput(this, 'query_policy_arn', { value: access.policyArn, description: 'Managed policy to attach to roles that run queries' });
    new TerraformOutput(this, 'region', { value: config.region, description: 'Region of the workgroup and catalog' });
    new TerraformOutput(this, 'results_bucket', { value: this.workgroup.resultsBucket.bucketName, description: 'Bucket holding query results' });
    new TerraformOutput(this, 'example_query', {
      value: samples[0].sql,
      description: 'A query to try first (reads the whole retained topic)',
    });
  }
}
