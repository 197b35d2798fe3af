import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readQueryFolder, sampleQuery, savedQueries } from '../../../core/queries/saved-queries';
import { InputError } from '../../../core/problems';
import { readSchemaFolder } from '../../../core/tables/schema-folder';
import { FIXTURE, ROOT } from '../../helpers/synth';

const registries = readSchemaFolder(join(FIXTURE, 'schemas'), ROOT);

function queryFolder(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'msk-athena-queries-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, 'queries', path, '..'), { recursive: true });
    writeFileSync(join(root, 'queries', path), text);
  }
  return root;
}

describe('saved queries', () => {
  it('reads each file once and fills in every environment its own catalog and database', () => {
    const { queries, warnings } = readQueryFolder(join(FIXTURE, 'queries'), ROOT, registries);
    expect(warnings).toEqual([]);
    expect(queries.map((q) => q.file)).toEqual(['__tests__/fixtures/project/queries/customer/orders_items.sql']);
    const [dev] = savedQueries(queries, { catalog: 'msk', databasePrefix: 'dev_' });
    const [prod] = savedQueries(queries, { catalog: 'msk_prod', databasePrefix: '' });
    expect(dev).toMatchObject({
      id: 'customer-orders_items',
      name: 'dev_customer.orders_items',
      database: 'dev_customer',
      description: 'One row per ordered item: parses the items JSON string of each order',
    });
    expect(dev.sql).toContain('FROM "msk"."dev_customer"."orders"');
    expect(prod.sql).toContain('FROM "msk_prod"."customer"."orders"');
    expect(dev.sql).not.toContain('{{');
  });

  it('takes the file name as description when the first line is no comment, and accepts spaces inside placeholders', () => {
    const root = queryFolder({ 'customer/top.sql': 'SELECT * FROM "{{ catalog }}"."{{database}}"."orders"' });
    const [q] = savedQueries(readQueryFolder(join(root, 'queries'), root, registries).queries, { catalog: 'c', databasePrefix: '' });
    expect(q).toMatchObject({ description: 'top', sql: 'SELECT * FROM "c"."customer"."orders"' });
  });

  it('warns of a folder that no schemas/ folder matches, and reports every problem of every file at once', () => {
    const root = queryFolder({
      'billing/daily.sql': '-- d\nSELECT 1',
      'customer/empty.sql': '-- nothing yet\n',
      'customer/bad.sql': 'SELECT {{table}}, {{db}}',
    });
    expect(() => readQueryFolder(join(root, 'queries'), root, registries)).toThrow(InputError);
    try {
      readQueryFolder(join(root, 'queries'), root, registries);
    } catch (err) {
      expect((err as InputError).problems.map((p) => `${p.file}: ${p.problem}`)).toEqual([
        'queries/customer/bad.sql: unknown placeholder {{table}}',
        'queries/customer/bad.sql: unknown placeholder {{db}}',
        'queries/customer/empty.sql: holds no SQL',
      ]);
    }
    const ok = queryFolder({ 'billing/daily.sql': '-- d\nSELECT 1' });
    expect(readQueryFolder(join(ok, 'queries'), ok, registries).warnings.map((w) => `${w.file}: ${w.problem}`)).toEqual([
      "queries/billing: no schemas/billing folder: {{database}} and the console's database would name a database that does not exist",
    ]);
  });

  it('gives each table a sample query whose id no file may take', () => {
    const orders = registries[0].tables[0];
    expect(sampleQuery('msk', orders)).toMatchObject({ id: 'customer-orders-sample', sql: 'SELECT * FROM "msk"."customer"."orders" LIMIT 10' });
    const root = queryFolder({ 'customer/orders-sample.sql': 'SELECT 1' });
    expect(() => readQueryFolder(join(root, 'queries'), root, registries)).toThrow(/would replace the sample query of table customer\.orders/);
  });

  it('reads no folder as no queries', () => {
    expect(readQueryFolder(join(tmpdir(), 'no-such-folder-msk-athena'), ROOT, registries)).toEqual({ queries: [], warnings: [] });
  });
});
