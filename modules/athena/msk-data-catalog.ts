import { Construct } from 'constructs';
import { AthenaDataCatalog } from '@cdktf/provider-aws/lib/athena-data-catalog';
import type { AthenaMskConnector } from '../connector/athena-msk-connector';
import { Grant, type IGrantable } from '../iam/grants';
import { CATALOG_NAME } from '../../core/limits';

export interface MskDataCatalogProps {
  /** Name analysts type in SQL: `SELECT ... FROM <catalog>.<registry>.<table>`. */
  readonly catalogName: string;
  readonly connector: AthenaMskConnector;
}

/** Registers the connector with Athena as a Lambda data catalog (the step older guides did in the console). */
export class MskDataCatalog extends Construct {
  readonly catalogName: string;
  readonly catalogArn: string;

  constructor(scope: Construct, id: string, props: MskDataCatalogProps) {
    super(scope, id);
    if (!CATALOG_NAME.pattern.test(props.catalogName)) {
      throw new Error(`MskDataCatalog ${this.node.path}: catalogName must be ${CATALOG_NAME.rule}, got "${props.catalogName}"`);
    }
    const catalog = new AthenaDataCatalog(this, 'Resource', {
      name: props.catalogName,
      type: 'LAMBDA',
      description: `Kafka topics of MSK through the Athena MSK connector (${props.connector.functionName})`,
      parameters: { function: props.connector.functionArn },
      // The ARN is built from the name, so Terraform cannot see that the function comes from the SAR stack.
      dependsOn: [props.connector.resource],
    });
    this.catalogName = catalog.name;
    this.catalogArn = catalog.arn;
  }

  /** Lets `grantee` see the catalog's databases and tables (the Glue registries and schemas, through the connector). */
  grantRead(grantee: IGrantable): Grant {
    return Grant.addToPrincipal(grantee, [
      {
        sid: 'ReadCatalog',
        actions: ['athena:GetDataCatalog', 'athena:ListDatabases', 'athena:GetDatabase', 'athena:ListTableMetadata', 'athena:GetTableMetadata'],
        resources: [this.catalogArn],
      },
    ]);
  }
}
