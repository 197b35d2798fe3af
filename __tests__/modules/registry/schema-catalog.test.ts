import { join } from 'node:path';
import { readSchemaFolder } from '../../../core/tables/schema-folder';
import { PolicyDocument } from '../../../modules/iam/policy-document';
import { SchemaCatalog } from '../../../modules/registry/schema-catalog';
import { FIXTURE, ROOT } from '../../helpers/synth';
import { bareStack, policyStatements, reference, resourcesOf, synthJson } from '../construct-stack';

const registries = readSchemaFolder(join(FIXTURE, 'schemas'), ROOT);

describe('SchemaCatalog', () => {
  it('makes one registry per schemas/ folder, addressed by the folder so a prefix does not move it', () => {
    const stack = bareStack();
    const catalog = new SchemaCatalog(stack, 'Schemas', { registries: registries.map((r) => ({ ...r, name: `dev_${r.name}` })) });
    expect(catalog.topics).toEqual([...new Set(registries.flatMap((r) => r.tables.map((t) => t.topic)))].sort());
    const json = synthJson(stack);
    const glue = resourcesOf(json, 'aws_glue_registry');
    expect(glue.map((r) => r.registry_name).sort()).toEqual(registries.map((r) => `dev_${r.name}`).sort());
    expect(glue.every((r) => registries.some((d) => r.address.includes(`Registry-${d.folder}`)))).toBe(true);
  });

  it('grants discovery: ListRegistries on "*" (IAM scopes it no further), reads on its own registries only', () => {
    const stack = bareStack();
    const catalog = new SchemaCatalog(stack, 'Schemas', { registries });
    const doc = new PolicyDocument(stack, 'Connector');
    catalog.grantDiscovery(doc);
    const statements = policyStatements(synthJson(stack), reference(stack, doc.json));
    expect(statements.filter((s) => s.resources.includes('*'))).toEqual([
      expect.objectContaining({ sid: 'GlueListRegistries', actions: ['glue:ListRegistries'] }),
    ]);
    expect(statements.length).toBe(1 + 2 * registries.length); // a registry and a schemas statement each
  });

  it('refuses an empty schemas/ folder', () => {
    expect(() => new SchemaCatalog(bareStack(), 'S', { registries: [] })).toThrow('SchemaCatalog test/S: registries must hold at least one registry, got none');
  });
});
