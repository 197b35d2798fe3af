import { MskDataCatalog } from '../../../modules/athena/msk-data-catalog';
import { QueryAccess } from '../../../modules/athena/query-access';
import { AnalyticsWorkgroup } from '../../../modules/athena/workgroup';
import { connectorStack } from '../analytics-fixture';
import { policyStatements, reference, resourcesOf, synthJson } from '../construct-stack';

describe('QueryAccess', () => {
  it('is one managed policy to run queries in the workgroup, read the catalog, invoke the connector and read its spill', () => {
    const { stack, connector, key } = connectorStack();
    const workgroup = new AnalyticsWorkgroup(stack, 'Workgroup', { workgroupName: 'analysts', encryptionKey: key, resultsBucketPrefix: 'results' });
    const catalog = new MskDataCatalog(stack, 'Catalog', { catalogName: 'msk', connector });
    new QueryAccess(stack, 'Access', { policyName: 'analysts-query', workgroup, catalog, connector });
    const json = synthJson(stack);
    const [policy] = resourcesOf(json, 'aws_iam_policy');
    expect(policy.name).toBe('analysts-query');
    expect(policy.description).toMatch(/^Query the \$\{aws_athena_data_catalog\.[^}]+\} catalog in workgroup \$\{aws_athena_workgroup\.[^}]+\}$/);
    const statements = policyStatements(json, policy.policy);
    const sids = statements.map((s) => s.sid);
    expect(sids).toEqual(expect.arrayContaining(['ConnectorInvoke', 'ConnectorSpillObjects']));
    expect(sids.some((s) => s.startsWith('RunQueries'))).toBe(true);
    expect(sids.some((s) => s.startsWith('ReadCatalog'))).toBe(true);
    expect(statements.find((s) => s.sid === 'ConnectorInvoke')).toMatchObject({
      actions: ['lambda:InvokeFunction'],
      resources: [reference(stack, connector.functionArn)],
    });
    expect(statements.find((s) => s.sid === 'ConnectorSpillObjects').actions).toEqual(['s3:GetObject']);
  });
});
