import { Construct } from 'constructs';
import type { IGrantable } from '../iam/grants';
import type { RegistryDefinition, TableDefinition } from '../../core/tables/schema-folder';
import { SchemaRegistry } from './schema-registry';

/** `sensor_data` -> `SensorData`: IAM statement ids allow letters and digits only. */
const sidPart = (name: string) => name.split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');

export interface SchemaCatalogProps {
  /** The validated contents of schemas/ (see readSchemaFolder). */
  readonly registries: readonly RegistryDefinition[];
}

/**
 * Every registry under schemas/: a new file there becomes a Glue schema with no
 * other change. The folder is read and validated (readSchemaFolder) before the
 * app starts, so a bad file stops synthesis before anything is written.
 */
export class SchemaCatalog extends Construct {
  readonly registries: readonly SchemaRegistry[];

  constructor(scope: Construct, id: string, props: SchemaCatalogProps) {
    super(scope, id);
    if (props.registries.length === 0) throw new Error(`SchemaCatalog ${this.node.path}: registries must hold at least one registry, got none`);
    this.registries = props.registries.map(
      // Named after the folder, so the Terraform address does not move with the prefix.
      (definition) => new SchemaRegistry(this, `Registry-${definition.folder}`, { definition }),
    );
  }

  get tables(): TableDefinition[] {
    return this.registries.flatMap((r) => [...r.tables]);
  }

  /** Every topic a table reads, sorted and without repeats. */
  get topics(): string[] {
    return [...new Set(this.registries.flatMap((r) => r.topics))].sort();
  }

  /** Registry discovery plus read access to every registry and schema here. */
  grantDiscovery(grantee: IGrantable, sid: string): void {
    // glue:ListRegistries is not resource-scoped in IAM: it only accepts "*".
    grantee.addToPolicy({ sid: `${sid}ListRegistries`, actions: ['glue:ListRegistries'], resources: ['*'] });
    for (const r of this.registries) r.grantRead(grantee, `${sid}${sidPart(r.registryName)}`);
  }
}
