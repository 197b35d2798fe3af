import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fieldPath, InputError, jsonSyntaxProblem, zodProblems, type Problem } from '../shared/problems';
import { simpleDateFormatWarnings } from './simple-date-format';
import { crossFieldIssues, tableSchemaDocument, type TableSchemaDocument } from './table-schema';

/** Registry (Athena database) and table names: lower case avoids the connector's slow case-insensitive lookup. */
const NAME = /^[a-z0-9_]{1,255}$/;

export interface TableDefinition {
  readonly registry: string;
  readonly table: string;
  /** Path relative to the project root, for messages. */
  readonly file: string;
  readonly document: TableSchemaDocument;
  /** The schema definition handed to Glue: the file's JSON, compacted. */
  readonly definition: string;
}

export interface RegistryDefinition {
  /** The Glue registry and Athena database name (see inDatabases). */
  readonly name: string;
  /** The schemas/ folder it comes from. */
  readonly folder: string;
  readonly tables: readonly TableDefinition[];
}

export interface SchemaFolderReport {
  readonly registries: readonly RegistryDefinition[];
  readonly problems: readonly Problem[];
  /** Valid but probably not meant: a formatHint such as YYYY-MM-dd. */
  readonly warnings: readonly Problem[];
}

function formatHintWarnings(file: string, document: TableSchemaDocument): Problem[] {
  return document.message.fields.flatMap((f, i) =>
    f.formatHint
      ? simpleDateFormatWarnings(f.formatHint).map((w) => {
          const [problem, fix] = w.split(' | ');
          return { file, field: `message.fields[${i}].formatHint`, problem: `"${f.formatHint}" ${problem}`, fix };
        })
      : [],
  );
}

const UNKNOWN_KEY_FIX = 'remove it; the connector reads topicName, message.dataFormat, message.fields and name, mapping, type, formatHint per field';

const sorted = (dir: string) => readdirSync(dir).sort();

function readTable(path: string, file: string, registry: string, table: string, problems: Problem[]): TableDefinition | undefined {
  const before = problems.length;
  if (!NAME.test(table)) {
    problems.push({ file, field: '', problem: `table name "${table}" is not lower-case letters, digits and _`, fix: `rename the file, e.g. ${table.toLowerCase().replace(/[^a-z0-9_]/g, '_')}.json` });
  }
  let raw: unknown;
  const text = readFileSync(path, 'utf8');
  try {
    raw = JSON.parse(text);
  } catch (err) {
    problems.push({ file, field: '', problem: jsonSyntaxProblem(text, err), fix: 'fix the syntax' });
    return undefined;
  }
  const parsed = tableSchemaDocument.safeParse(raw);
  if (!parsed.success) problems.push(...zodProblems(file, parsed.error, UNKNOWN_KEY_FIX));
  for (const issue of crossFieldIssues(raw)) {
    const [problem, fix] = issue.message.split(' | ');
    problems.push({ file, field: fieldPath(issue.path), problem, fix });
  }
  if (!parsed.success || problems.length > before) return undefined;
  return { registry, table, file, document: parsed.data, definition: JSON.stringify(raw) };
}

/**
 * Reads `<dir>/<registry>/<table>.json`: one Glue registry per folder, one schema per
 * file. Collects every problem in every file; never throws for bad input.
 */
export function checkSchemaFolder(dir: string, rootDir: string): SchemaFolderReport {
  const problems: Problem[] = [];
  const registries: RegistryDefinition[] = [];
  const rel = (p: string) => relative(rootDir, p) || '.';

  let entries: string[];
  try {
    entries = sorted(dir);
  } catch {
    return { registries, warnings: [], problems: [{ file: rel(dir), field: '', problem: 'does not exist', fix: 'create schemas/<registry>/<table>.json' }] };
  }
  for (const entry of entries) {
    const path = join(dir, entry);
    if (!statSync(path).isDirectory()) {
      if (entry.endsWith('.json')) {
        problems.push({ file: rel(path), field: '', problem: 'is not inside a registry folder', fix: `move it to ${rel(dir)}/<registry>/${entry}` });
      }
      continue; // READMEs and the like may sit beside the registries.
    }
    if (!NAME.test(entry)) {
      problems.push({ file: rel(path), field: '', problem: `registry name "${entry}" is not lower-case letters, digits and _`, fix: `rename the folder, e.g. ${entry.toLowerCase().replace(/[^a-z0-9_]/g, '_')}` });
    }
    const tables: TableDefinition[] = [];
    const files = sorted(path).filter((f) => f.endsWith('.json'));
    if (files.length === 0) {
      problems.push({ file: rel(path), field: '', problem: 'holds no table files', fix: 'add <table>.json or remove the folder' });
    }
    for (const f of files) {
      const t = readTable(join(path, f), rel(join(path, f)), entry, f.slice(0, -'.json'.length), problems);
      if (t) tables.push(t);
    }
    registries.push({ name: entry, folder: entry, tables });
  }
  if (registries.length === 0 && problems.length === 0) {
    problems.push({ file: rel(dir), field: '', problem: 'holds no registry folders', fix: 'add <registry>/<table>.json' });
  }
  const warnings = registries.flatMap((r) => r.tables.flatMap((t) => formatHintWarnings(t.file, t.document)));
  return { registries, problems, warnings };
}

/**
 * The registries as one environment names them: `prefix` + folder name, which is
 * the Glue registry and the Athena database. Glue names registries per account
 * and region, so environments sharing an account need distinct prefixes.
 */
export function inDatabases(registries: readonly RegistryDefinition[], prefix: string): RegistryDefinition[] {
  if (!prefix) return [...registries];
  return registries.map((r) => ({ name: `${prefix}${r.folder}`, folder: r.folder, tables: r.tables.map((t) => ({ ...t, registry: `${prefix}${r.folder}` })) }));
}

/** The registries of a schema folder; throws an InputError listing every problem. */
export function readSchemaFolder(dir: string, rootDir: string): RegistryDefinition[] {
  const report = checkSchemaFolder(dir, rootDir);
  if (report.problems.length > 0) {
    throw new InputError(report.problems, `${report.problems.length} problem${report.problems.length === 1 ? '' : 's'} in ${relative(rootDir, dir) || '.'}, nothing was synthesized:`);
  }
  return [...report.registries];
}
