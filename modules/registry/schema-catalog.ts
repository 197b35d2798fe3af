import { Construct } from 'constructs';
import { Grant, withSidPrefix, type IGrantable } from '../iam/grants';
import type { RegistryDefinition, TableDefinition } from '../../core/tables/schema-folder';
import { SchemaRegistry } from './schema-registry';

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

  /** Registry discovery plus read access to every registry and schema here (statements `Glue*`). */
  grantDiscovery(grantee: IGrantable): Grant {
    const glue = withSidPrefix(grantee, 'Glue');
    // glue:ListRegistries is not resource-scoped in IAM: it only accepts "*".
    const list = Grant.addToPrincipal(glue, [{ sid: 'ListRegistries', actions: ['glue:ListRegistries'], resources: ['*'] }]);
    return Grant.combine(list, ...this.registries.map((r) => r.grantRead(glue)));
  }
}
