import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthesize } from '../app';
import { RecordChecker } from '../core/records/record-check';
import { checkSchemaFolder, type DocumentTable } from '../core/tables/schema-folder';
import { generatorFor } from '../functions/producer/generators';
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

  it('give the sample producer records whose every JSON and CSV column reads a value, sample hints included', () => {
    const tables = checkSchemaFolder(join(ROOT, 'schemas'), ROOT).registries.flatMap((r) => r.tables);
    const documents = tables.filter((t): t is DocumentTable => t.format === 'json' || t.format === 'csv');
    for (const table of documents) {
      const generate = generatorFor(table);
      const checker = new RecordChecker(table.table, table.document);
      for (let i = 0; i < 200; i++) checker.add(String(generate(new Date(Date.UTC(2026, 0, 1) + i * 60_000)).value));
      const misread = checker.report.fields.filter((f) => f.nulls + f.wrong > 0).map((f) => f.field);
      expect({ table: table.table, misread }).toEqual({ table: table.table, misread: [] });
    }
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
      // Sample hints are the producer's: Glue gets the connector's part of each file only.
      const hinted = Object.values(json.resource.aws_glue_schema as Record<string, { schema_name: string; data_format: string; schema_definition: string }>)
        .filter((s) => s.data_format !== 'PROTOBUF')
        .filter((s) => {
          const definition = JSON.parse(s.schema_definition);
          return (definition.message?.fields ?? definition.fields).some((f: object) => 'sample' in f);
        });
      expect(hinted.map((s) => s.schema_name)).toEqual([]);
    }
  });
});
