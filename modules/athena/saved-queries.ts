import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { TableDefinition } from '../registry/schema-folder';

export interface SavedQuery {
  readonly id: string;
  readonly name: string;
  readonly database: string;
  readonly description: string;
  readonly sql: string;
}

const quote = (identifier: string) => `"${identifier}"`;

/** A readable sample per table. Note: LIMIT is not pushed down, the topic is still read whole. */
export function sampleQuery(catalog: string, table: TableDefinition): SavedQuery {
  return {
    id: `${table.registry}-${table.table}-sample`,
    name: `${table.registry}.${table.table}: sample`,
    database: table.registry,
    description: `First rows of topic ${table.document.topicName}; reads the whole retained topic`,
    sql: `SELECT * FROM ${quote(catalog)}.${quote(table.registry)}.${quote(table.table)} LIMIT 10`,
  };
}

/**
 * Hand-written queries: `queries/<database>/<name>.sql`, first line a `-- description`
 * comment, `{{catalog}}` standing for the data catalog's name.
 */
export function readQueryFolder(dir: string, catalog: string): SavedQuery[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .filter((db) => statSync(join(dir, db)).isDirectory())
    .flatMap((database) =>
      readdirSync(join(dir, database))
        .filter((f) => f.endsWith('.sql'))
        .sort()
        .map((file) => {
          const text = readFileSync(join(dir, database, file), 'utf8');
          const [first, ...rest] = text.split('\n');
          const name = file.slice(0, -'.sql'.length);
          const described = first.startsWith('--');
          return {
            id: `${database}-${name}`,
            name: `${database}.${name}`,
            database,
            description: described ? first.replace(/^--\s*/, '').trim() : name,
            sql: (described ? rest.join('\n') : text).replaceAll('{{catalog}}', catalog).trim(),
          };
        }),
    );
}
