import { join } from 'node:path';
import { PolicyDocument } from '../../../modules/iam/policy-document';
import { SchemaRegistry } from '../../../modules/registry/schema-registry';
import { glueDataFormat, readSchemaFolder } from '../../../core/tables/schema-folder';
import { FIXTURE, REGISTRY_FORMATS, ROOT } from '../../helpers/synth';
import { bareStack, policyStatements, reference, resourcesOf, synthJson } from '../construct-stack';

const [customer] = readSchemaFolder(join(FIXTURE, 'schemas'), ROOT);
const registryFormats = readSchemaFolder(REGISTRY_FORMATS, ROOT);

describe('SchemaRegistry', () => {
  it("carries the connector's marker and holds one schema per table, named like it, in the table's format", () => {
    const stack = bareStack();
    new SchemaRegistry(stack, 'Registry', { definition: customer });
    const json = synthJson(stack);
    const [registry] = resourcesOf(json, 'aws_glue_registry');
    expect(registry.registry_name).toBe('customer');
    expect(registry.description.startsWith('{AthenaFederationMSK} ')).toBe(true);
    const schemas = resourcesOf(json, 'aws_glue_schema');
    expect(schemas.map((s) => s.schema_name)).toEqual(customer.tables.map((t) => t.table));
    for (const s of schemas) {
      expect(s).toMatchObject({ registry_arn: `\${${registry.address}.arn}`, data_format: 'JSON', compatibility: 'NONE' });
      expect(JSON.parse(s.schema_definition).topicName).toBeDefined();
    }
  });

  it('keeps Avro and Protobuf definitions as written, with backward compatibility', () => {
    const stack = bareStack();
    for (const [i, definition] of registryFormats.entries()) new SchemaRegistry(stack, `Registry${i}`, { definition });
    const schemas = resourcesOf(synthJson(stack), 'aws_glue_schema');
    const tables = registryFormats.flatMap((r) => r.tables);
    expect(schemas.map((s) => [s.data_format, s.compatibility]).sort()).toEqual(tables.map((t) => [glueDataFormat(t), 'BACKWARD']).sort());
    for (const t of tables) expect(schemas.find((s) => s.schema_name === t.table).schema_definition).toBe(t.definition);
  });

  it('grants reading the registry and exactly its schemas', () => {
    const stack = bareStack();
    const registry = new SchemaRegistry(stack, 'Registry', { definition: customer });
    const doc = new PolicyDocument(stack, 'Reader');
    registry.grantRead(doc);
    const statements = policyStatements(synthJson(stack), reference(stack, doc.json));
    // The registry and its schemas (a pattern ending at this registry), nothing else.
    const registryArn = expect.stringMatching(/^\$\{aws_glue_registry\.[^.]+\.arn\}$/);
    expect(statements).toEqual([
      { sid: 'CustomerRegistry', effect: 'Allow', actions: ['glue:GetRegistry', 'glue:ListSchemas'], resources: [registryArn] },
      {
        sid: 'CustomerSchemas',
        effect: 'Allow',
        actions: ['glue:GetSchema', 'glue:GetSchemaVersion'],
        resources: [registryArn, expect.stringMatching(/:schema\/"\)\}\/\*$/)],
      },
    ]);
  });

  it('refuses a folder without tables', () => {
    expect(() => new SchemaRegistry(bareStack(), 'R', { definition: { ...customer, tables: [] } })).toThrow(
      'SchemaRegistry test/R: definition.tables must hold at least one table, got none for "customer"',
    );
  });
});
