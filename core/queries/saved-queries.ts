import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DATABASE_OBJECT_NAME } from '../limits';
import { InputError, type Problem } from '../problems';
import type { RegistryDefinition, TableDefinition } from '../tables/schema-folder';

/** A named query as Athena stores it in the workgroup. */
export interface SavedQuery {
  /** Unique per environment; names the Terraform resource. */
  readonly id: string;
  readonly name: string;
  readonly database: string;
  readonly description: string;
  readonly sql: string;
}

/**
 * `queries/<folder>/<name>.sql`, read and checked once for every environment;
 * `{{catalog}}` and `{{database}}` are still in `sql`.
 */
export interface QueryFile {
  /** A schemas/ folder name: the database before the environment's prefix. */
  readonly folder: string;
  readonly name: string;
  /** Path relative to the project root, for messages. */
  readonly file: string;
  readonly description: string;
  readonly sql: string;
}

/** What a saved query may name, filled in per environment. */
const PLACEHOLDERS = ['catalog', 'database'] as const;
const PLACEHOLDER = /\{\{\s*([^}]*?)\s*\}\}/g;

export interface QueryNames {
  /** The environment's data catalog. */
  readonly catalog: string;
  /** Put before the folder name to make the environment's database name. */
  readonly databasePrefix: string;
}

const quote = (identifier: string) => `"${identifier}"`;
const sampleId = (table: Pick<TableDefinition, 'registry' | 'table'>) => `${table.registry}-${table.table}-sample`;

/** A readable sample per table. Note: LIMIT is not pushed down, the topic is still read whole. */
export function sampleQuery(catalog: string, table: TableDefinition): SavedQuery {
  return {
    id: sampleId(table),
    name: `${table.registry}.${table.table}: sample`,
    database: table.registry,
    description: `First rows of topic ${table.topic}; reads the whole retained topic`,
    sql: `SELECT * FROM ${quote(catalog)}.${quote(table.registry)}.${quote(table.table)} LIMIT 10`,
  };
}

export interface QueryFolderReport {
  readonly queries: readonly QueryFile[];
  /** Valid but probably a mistake: a folder no schemas/ folder matches. */
  readonly warnings: readonly Problem[];
}

/**
 * Hand-written queries: `queries/<folder>/<name>.sql`, first line a `-- description`
 * comment; `{{catalog}}` stands for the data catalog's name and `{{database}}` for
 * the database of the folder (a schemas/ folder name with the environment's
 * prefix). Throws an InputError naming every empty file, unknown placeholder,
 * folder that is no database name, and query that would take another's place.
 * Without `registries` (the schemas could not be read) only each file's own
 * problems are checked.
 */
export function readQueryFolder(dir: string, rootDir: string, registries?: readonly RegistryDefinition[]): QueryFolderReport {
  if (!existsSync(dir)) return { queries: [], warnings: [] };
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const folders = readdirSync(dir)
    .sort()
    .filter((folder) => statSync(join(dir, folder)).isDirectory());
  const queries = folders.flatMap((folder) => {
    const files = readdirSync(join(dir, folder))
      .filter((f) => f.endsWith('.sql'))
      .sort();
    const at = relative(rootDir, join(dir, folder));
    if (files.length > 0 && !DATABASE_OBJECT_NAME.pattern.test(folder)) {
      problems.push({
        file: at,
        field: '',
        problem: `"${folder}" is not a database name, and the folder names the queries' database`,
        fix: `name the folder after its schemas/ folder: ${DATABASE_OBJECT_NAME.rule}`,
      });
    } else if (registries && files.length > 0 && !registries.some((r) => r.name === folder)) {
      warnings.push({
        file: at,
        field: '',
        problem: `no schemas/${folder} folder: {{database}} and the console's database would name a database that does not exist`,
        fix: `use one of ${registries.map((r) => r.name).join(', ') || '(none yet)'}`,
      });
    }
    return files.map((f) => readQueryFile(join(dir, folder, f), relative(rootDir, join(dir, folder, f)), folder, problems));
  });
  if (registries) problems.push(...collisions(queries, registries));
  if (problems.length > 0) throw new InputError(problems);
  return { queries, warnings };
}

function readQueryFile(path: string, file: string, folder: string, problems: Problem[]): QueryFile {
  const text = readFileSync(path, 'utf8');
  const [first, ...rest] = text.split('\n');
  const name = file.slice(file.lastIndexOf('/') + 1, -'.sql'.length);
  const described = first.startsWith('--');
  const sql = (described ? rest.join('\n') : text).trim();
  if (!sql) problems.push({ file, field: '', problem: 'holds no SQL', fix: 'write a query after the -- description line, or delete the file' });
  for (const [, placeholder] of sql.matchAll(PLACEHOLDER)) {
    if (!(PLACEHOLDERS as readonly string[]).includes(placeholder)) {
      problems.push({ file, field: '', problem: `unknown placeholder {{${placeholder}}}`, fix: 'use {{catalog}} or {{database}}' });
    }
  }
  return { folder, name, file, description: described ? first.replace(/^--\s*/, '').trim() : name, sql };
}

/**
 * Two saved queries with one id would be one Terraform resource: `a-b/c.sql`
 * and `a/b-c.sql`, or `<table>-sample.sql` beside the sample query of table
 * `<table>`.
 */
function collisions(queries: readonly QueryFile[], registries: readonly RegistryDefinition[]): Problem[] {
  const taken = new Map<string, string>(
    registries.flatMap((r) => r.tables.map((t): [string, string] => [sampleId(t), `the sample query of table ${t.registry}.${t.table}`])),
  );
  return queries.flatMap((q) => {
    const id = queryId(q);
    const other = taken.get(id);
    taken.set(id, other ?? q.file);
    return other ? [{ file: q.file, field: '', problem: `would replace ${other} (both are saved as "${id}")`, fix: 'rename the file' }] : [];
  });
}

const queryId = (q: Pick<QueryFile, 'folder' | 'name'>) => `${q.folder}-${q.name}`;

/** The environment's saved queries: placeholders filled in with its catalog and database names. */
export function savedQueries(files: readonly QueryFile[], names: QueryNames): SavedQuery[] {
  return files.map((q) => {
    const database = `${names.databasePrefix}${q.folder}`;
    const values: Record<(typeof PLACEHOLDERS)[number], string> = { catalog: names.catalog, database };
    return {
      id: queryId(q),
      name: `${database}.${q.name}`,
      database,
      description: q.description,
      sql: q.sql.replace(PLACEHOLDER, (_m, p: keyof typeof values) => values[p]),
    };
  });
}
