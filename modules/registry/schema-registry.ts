import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { GlueRegistry } from '@cdktf/provider-aws/lib/glue-registry';
import { GlueSchema } from '@cdktf/provider-aws/lib/glue-schema';
import { Grant, type IGrantable } from '../iam/grants';
import { ATHENA_FEDERATION_MARKER } from '../../core/aws-facts';
import { glueDataFormat, type RegistryDefinition, type TableDefinition } from '../../core/tables/schema-folder';

/** `sensor_data` -> `SensorData`: IAM statement ids allow letters and digits only. */
const sidPart = (name: string) =>
  name
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');

export interface SchemaRegistryProps {
  /** One folder of schemas/: its name and its tables. */
  readonly definition: RegistryDefinition;
  /** Sentence for humans, after the marker. @default names the source folder */
  readonly description?: string;
}

/**
 * A Glue Schema Registry the Athena MSK connector discovers (its description
 * carries the marker), holding one schema per table. Registry name = Athena
 * database, schema name = table.
 */
export class SchemaRegistry extends Construct {
  readonly registryName: string;
  readonly registryArn: string;
  readonly tables: readonly TableDefinition[];

  constructor(scope: Construct, id: string, props: SchemaRegistryProps) {
    super(scope, id);
    const { definition } = props;
    if (definition.tables.length === 0) {
      throw new Error(`SchemaRegistry ${this.node.path}: definition.tables must hold at least one table, got none for "${definition.name}"`);
    }
    this.registryName = definition.name;
    this.tables = definition.tables;
    const registry = new GlueRegistry(this, 'Resource', {
      registryName: definition.name,
      description: `${ATHENA_FEDERATION_MARKER} ${
        props.description ?? `Kafka topics of the "${definition.name}" database for Athena, from schemas/${definition.folder}/.`
      }`,
    });
    this.registryArn = registry.arn;
    for (const table of definition.tables) {
      new GlueSchema(this, `Table-${table.table}`, {
        schemaName: table.table,
        registryArn: registry.arn,
        dataFormat: glueDataFormat(table),
        // A JSON document describes a topic for the connector, not a producer
        // contract: Glue's compatibility checks would refuse ordinary edits of it.
        // Avro and Protobuf schemas ARE the producers' contract: BACKWARD makes
        // Glue refuse a version that could not read the records already on the
        // topic (the connector decodes each record with its writer's version).
        compatibility: table.format === 'avro' || table.format === 'protobuf' ? 'BACKWARD' : 'NONE',
        schemaDefinition: table.definition,
        description: `Topic ${table.topic} as ${table.format}`,
      });
    }
  }

  /** ARN pattern of every schema in this registry (`arn:...:schema/<registry>/*`). */
  get schemaArnPattern(): string {
    return `${Fn.replace(this.registryArn, ':registry/', ':schema/')}/*`;
  }

  /** The topics behind this registry's tables, sorted and without repeats. */
  get topics(): string[] {
    return [...new Set(this.tables.map((t) => t.topic))].sort();
  }

  /**
   * What the connector needs to read this registry's table definitions. Statement
   * ids carry the registry's name (`SensorDataRegistry` for `sensor_data`), so one
   * grantee can read several registries.
   */
  grantRead(grantee: IGrantable): Grant {
    const sid = sidPart(this.registryName);
    return Grant.addToPrincipal(grantee, [
      { sid: `${sid}Registry`, actions: ['glue:GetRegistry', 'glue:ListSchemas'], resources: [this.registryArn] },
      {
        sid: `${sid}Schemas`,
        // Glue authorizes schema reads against both the registry and the schema.
        // Schemas are named by pattern, not one by one: IAM caps a role's inline
        // policies at 10,240 characters, which a listing would pass at about 60
        // tables. The pattern still stops at this registry.
        actions: ['glue:GetSchema', 'glue:GetSchemaVersion'],
        resources: [this.registryArn, this.schemaArnPattern],
      },
    ]);
  }
}
