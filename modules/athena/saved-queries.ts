import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { TableDefinition } from '../registry/schema-folder';
import { InputError, type Problem } from '../shared/problems';

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
    description: `First rows of topic ${table.topic}; reads the whole retained topic`,
    sql: `SELECT * FROM ${quote(catalog)}.${quote(table.registry)}.${quote(table.table)} LIMIT 10`,
  };
}

/** What a saved query may name, filled in per environment. */
const PLACEHOLDERS = ['catalog', 'database'] as const;

export interface QueryNames {
  /** The environment's data catalog. */
  readonly catalog: string;
  /** Put before the folder name to make the environment's database name. */
  readonly databasePrefix: string;
}

/**
 * Hand-written queries: `queries/<folder>/<name>.sql`, first line a `-- description`
 * comment; `{{catalog}}` stands for the data catalog's name and `{{database}}` for
 * the database of the folder (a schemas/ folder name with the environment's
 * prefix). Throws an InputError naming every empty file and unknown placeholder.
 */
export function readQueryFolder(dir: string, names: QueryNames, rootDir = dir): SavedQuery[] {
  if (!existsSync(dir)) return [];
  const problems: Problem[] = [];
  const queries = readdirSync(dir)
    .sort()
    .filter((folder) => statSync(join(dir, folder)).isDirectory())
    .flatMap((folder) =>
      readdirSync(join(dir, folder))
        .filter((f) => f.endsWith('.sql'))
        .sort()
        .map((file) => {
          const path = relative(rootDir, join(dir, folder, file));
          const text = readFileSync(join(dir, folder, file), 'utf8');
          const [first, ...rest] = text.split('\n');
          const name = file.slice(0, -'.sql'.length);
          const described = first.startsWith('--');
          const body = (described ? rest.join('\n') : text).trim();
          if (!body) problems.push({ file: path, field: '', problem: 'holds no SQL', fix: 'write a query after the -- description line, or delete the file' });
          for (const [, placeholder] of body.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)) {
            if (!(PLACEHOLDERS as readonly string[]).includes(placeholder)) {
              problems.push({ file: path, field: '', problem: `unknown placeholder {{${placeholder}}}`, fix: 'use {{catalog}} or {{database}}' });
            }
          }
          const database = `${names.databasePrefix}${folder}`;
          return {
            id: `${folder}-${name}`,
            name: `${database}.${name}`,
            database,
            description: described ? first.replace(/^--\s*/, '').trim() : name,
            sql: body.replace(/\{\{\s*catalog\s*\}\}/g, names.catalog).replace(/\{\{\s*database\s*\}\}/g, database),
          };
        }),
    );
  if (problems.length > 0) throw new InputError(problems);
  return queries;
}
