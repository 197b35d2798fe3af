import { MskDataCatalog } from '../../../modules/athena/msk-data-catalog';
import { PolicyDocument } from '../../../modules/iam/policy-document';
import { connectorStack } from '../analytics-fixture';
import { policyStatements, reference, resourcesOf, synthJson } from '../construct-stack';

describe('MskDataCatalog', () => {
  it('registers the connector as a Lambda catalog, and grants reading it', () => {
    const { stack, connector } = connectorStack();
    const catalog = new MskDataCatalog(stack, 'Catalog', { catalogName: 'msk', connector });
    const doc = new PolicyDocument(stack, 'Reader');
    catalog.grantRead(doc);
    const json = synthJson(stack);
    expect(resourcesOf(json, 'aws_athena_data_catalog')).toEqual([
      expect.objectContaining({ name: 'msk', type: 'LAMBDA', parameters: { function: reference(stack, connector.functionArn) } }),
    ]);
    expect(reference(stack, connector.functionArn)).toMatch(
      /^arn:\$\{data\.aws_partition\.[^}]+\}:lambda:eu-west-1:\$\{data\.aws_caller_identity\.[^}]+\}:function:test-connector$/,
    );
    const [read] = policyStatements(json, reference(stack, doc.json));
    expect(read).toMatchObject({
      sid: 'ReadCatalog',
      actions: ['athena:GetDataCatalog', 'athena:ListDatabases', 'athena:GetDatabase', 'athena:ListTableMetadata', 'athena:GetTableMetadata'],
    });
    expect(read.resources).toEqual([expect.stringMatching(/^\$\{aws_athena_data_catalog\.[^.]+\.arn\}$/)]);
  });

  it('refuses a catalog name Athena refuses', () => {
    const { stack, connector } = connectorStack();
    expect(() => new MskDataCatalog(stack, 'Catalog', { catalogName: 'MSK Catalog', connector })).toThrow(
      'MskDataCatalog test/Catalog: catalogName must be 1-127 of a-z, 0-9, _ and -, got "MSK Catalog"',
    );
  });
});
