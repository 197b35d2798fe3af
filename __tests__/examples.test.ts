import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthesize } from '../app';
import { checkSchemaFolder } from '../core/tables/schema-folder';
import { ROOT } from './helpers/synth';

/*
 * The project's own schemas/, queries/ and config/ are the user's: whatever
 * valid tables they hold, these tests only ask that they validate and
 * synthesize. Every other test runs on __tests__/fixtures/project.
 */
describe("the project's own tables, queries and environments", () => {
  it('validate with no problem', () => {
    expect(checkSchemaFolder(join(ROOT, 'schemas'), ROOT).problems).toEqual([]);
  });

  it('synthesize every environment, with one Glue schema per table file', () => {
    const outdir = join(mkdtempSync(join(tmpdir(), 'msk-athena-examples-')), 'out');
    synthesize({ rootDir: ROOT, outdir });
    const files = readdirSync(join(ROOT, 'schemas'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) => readdirSync(join(ROOT, 'schemas', d.name)).filter((f) => /\.(json|avsc|proto)$/.test(f)));
    for (const stack of readdirSync(join(outdir, 'stacks')).filter((s) => s.endsWith('-analytics'))) {
      const json = JSON.parse(readFileSync(join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
      expect({ stack, schemas: Object.keys(json.resource.aws_glue_schema).length }).toEqual({ stack, schemas: files.length });
    }
  });
});
