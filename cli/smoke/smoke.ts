import { paginateListDatabases, paginateListTableMetadata, type AthenaClient } from '@aws-sdk/client-athena';
import type { RegistryDefinition } from '../../core/tables/schema-folder';
import { describeError } from '../lib/athena/errors';
import { runQuery } from '../lib/athena/query-runner';

export interface SmokeCheck {
  readonly check: string;
  readonly target: string;
  readonly ok: boolean;
  readonly detail: string;
}

/** Every name over every page. */
async function namesOf<P>(pages: AsyncIterable<P>, names: (page: P) => (string | undefined)[]): Promise<string[]> {
  const all: string[] = [];
  for await (const page of pages) all.push(...names(page).map((n) => n ?? ''));
  return all;
}

/**
 * After a deploy: the catalog's databases and tables match schemas/, and every
 * table answers a count and a small sample. One row per check.
 */
export async function runSmoke(
  client: AthenaClient,
  target: { catalog: string; workgroup: string; registries: readonly RegistryDefinition[] },
): Promise<SmokeCheck[]> {
  const checks: SmokeCheck[] = [];
  const { catalog, workgroup } = target;
  let databases: string[];
  try {
    databases = await namesOf(paginateListDatabases({ client }, { CatalogName: catalog }), (p) => (p.DatabaseList ?? []).map((d) => d.Name));
  } catch (err) {
    return [{ check: 'catalog', target: catalog, ok: false, detail: describeError(err) }];
  }
  checks.push({ check: 'catalog', target: catalog, ok: true, detail: `${databases.length} databases` });

  for (const registry of target.registries) {
    const present = databases.includes(registry.name);
    checks.push({
      check: 'database',
      target: registry.name,
      ok: present,
      detail: present ? 'found' : 'missing: is the registry marked {AthenaFederationMSK} and readable by the connector?',
    });
    if (!present) continue;
    let tables: string[];
    try {
      tables = await namesOf(paginateListTableMetadata({ client }, { CatalogName: catalog, DatabaseName: registry.name }), (p) =>
        (p.TableMetadataList ?? []).map((t) => t.Name),
      );
    } catch (err) {
      checks.push({ check: 'tables', target: registry.name, ok: false, detail: describeError(err) });
      continue;
    }
    for (const table of registry.tables) {
      const name = `${registry.name}.${table.table}`;
      if (!tables.includes(table.table)) {
        checks.push({ check: 'table', target: name, ok: false, detail: 'missing from the catalog' });
        continue;
      }
      const fqn = `"${catalog}"."${registry.name}"."${table.table}"`;
      for (const [check, sql] of [
        ['count', `SELECT count(*) AS records FROM ${fqn}`],
        ['sample', `SELECT * FROM ${fqn} LIMIT 5`],
      ] as const) {
        try {
          const r = await runQuery(client, { sql, workgroup, catalog, database: registry.name, maxRows: 5 });
          if (check === 'count') {
            const ok = r.rows.length === 1;
            checks.push({ check, target: name, ok, detail: ok ? `${r.rows[0][0]} records` : `${r.rows.length} rows; expected one` });
          } else {
            // Every field of the schema must come back as a column.
            const columns = new Set(r.columns.map((c) => c.toLowerCase()));
            const missing = table.columns.map((c) => c.name).filter((name) => !columns.has(name.toLowerCase()));
            const detail = `${r.rows.length} rows, ${r.columns.length} columns`;
            checks.push({ check, target: name, ok: missing.length === 0, detail: missing.length === 0 ? detail : `${detail}; missing ${missing.join(', ')}` });
          }
        } catch (err) {
          checks.push({ check, target: name, ok: false, detail: describeError(err) });
        }
      }
    }
  }
  return checks;
}
