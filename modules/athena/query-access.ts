import { Construct } from 'constructs';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import type { AthenaMskConnector } from '../connector/athena-msk-connector';
import { PolicyDocument } from '../iam/policy-document';
import type { MskDataCatalog } from './msk-data-catalog';
import type { AnalyticsWorkgroup } from './workgroup';

export interface QueryAccessProps {
  readonly policyName: string;
  readonly workgroup: AnalyticsWorkgroup;
  readonly catalog: MskDataCatalog;
  readonly connector: AthenaMskConnector;
}

/**
 * A managed policy with everything a person or pipeline needs to query the MSK
 * catalog in the workgroup (the query CLI, smoke tests, the console): attach it
 * to analysts' roles instead of writing their permissions by hand.
 */
export class QueryAccess extends Construct {
  readonly policyArn: string;

  constructor(scope: Construct, id: string, props: QueryAccessProps) {
    super(scope, id);
    const doc = new PolicyDocument(this, 'Permissions');
    props.workgroup.grantRunQueries(doc);
    props.catalog.grantRead(doc);
    props.connector.grantQuery(doc);
    const policy = new IamPolicy(this, 'Resource', {
      name: props.policyName,
      description: `Query the ${props.catalog.catalogName} catalog in workgroup ${props.workgroup.workgroupName}`,
      policy: doc.json,
    });
    this.policyArn = policy.arn;
  }
}
