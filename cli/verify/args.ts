import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { isLossKind, LOSS_KINDS, type AcceptedLoss } from '../../core/records/losses';
import { counted, InputError, jsonSyntaxProblem, type Problem } from '../../core/problems';
import { closestMatch } from '../../core/suggest';
import type { TableDefinition } from '../../core/tables/schema-folder';
import { UsageError, wholeNumber } from '../lib/command';

/* `verify --rows [N]`: an option whose value may be left out, which node's parseArgs has no type for. And verify's accepted losses. */

/** `--rows` with no number after it gets the value "all", so the option parser accepts it alone or before another option. */
export function withRowsValue(argv: readonly string[]): string[] {
  return argv.map((arg, i) => (arg === '--rows' && !/^\d+$/.test(argv[i + 1] ?? '') ? '--rows=all' : arg));
}

/** The rows per table `--rows` asks for: undefined without it, Infinity for every record read. */
export function rowLimit(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  return value === 'all' ? Infinity : wholeNumber(value, '--rows', { min: 1 });
}

/*
 * Accepted losses: `--accept registry.table.field:kind` (repeatable) for one
 * run, and `--accept-file F`, a file a team commits so CI accepts the same
 * losses each run, each with the reason it is accepted:
 *   {"accepted": [{"loss": "db.table.field:nested", "why": "..."}]}
 * Each names one kind of loss on one field of a table in schemas/; the file
 * may name tables of other topics (one file for every topic).
 */

/** `registry.table.field:kind`, the table and field checked against the project's tables. */
function acceptedLoss(text: string, source: string, tables: readonly TableDefinition[], why?: string): AcceptedLoss {
  const at = /^(.+)\.([^.:]+):([^:]*)$/.exec(text.trim());
  if (!at) throw new Error(`"${text}" is not registry.table.field:kind (e.g. ${exampleOf(tables)})`);
  const [, table, field, kind] = at;
  if (!isLossKind(kind)) {
    const near = closestMatch(kind, Object.keys(LOSS_KINDS));
    throw new Error(`"${kind}" is not a kind of loss${near ? `; did you mean ${near}?` : ''} (kinds: ${Object.keys(LOSS_KINDS).join(', ')})`);
  }
  const labels = tables.map((t) => `${t.registry}.${t.table}`);
  const t = tables.find((x) => `${x.registry}.${x.table}` === table);
  if (!t) {
    const near = closestMatch(table, labels);
    throw new Error(`"${table}" is no table in schemas/${near ? `; did you mean ${near}?` : ` (tables: ${labels.join(', ')})`}`);
  }
  const column = t.columns.find((c) => c.name.toLowerCase() === field.toLowerCase());
  if (!column) {
    const near = closestMatch(
      field,
      t.columns.map((c) => c.name),
    );
    throw new Error(`${table} has no field "${field}"${near ? `; did you mean ${near}?` : ` (fields: ${t.columns.map((c) => c.name).join(', ')})`}`);
  }
  return { table, field: column.name, kind, source, ...(why !== undefined && { why }) };
}

/** The --accept options: each must name a table that reads `topic`. */
export function acceptOptions(values: readonly string[] | undefined, topic: string, tables: readonly TableDefinition[]): AcceptedLoss[] {
  return (values ?? []).map((text) => {
    let loss: AcceptedLoss;
    try {
      loss = acceptedLoss(text, '--accept', tables);
    } catch (err) {
      throw new UsageError(`--accept: ${(err as Error).message}`);
    }
    const t = tables.find((x) => `${x.registry}.${x.table}` === loss.table)!;
    if (t.topic !== topic) throw new UsageError(`--accept: ${loss.table} reads topic ${t.topic}, not ${topic}`);
    return loss;
  });
}

/** The accepted losses of a committed file; every problem in it is listed, each with its place. */
export function acceptFile(path: string, tables: readonly TableDefinition[]): AcceptedLoss[] {
  const file = relative(process.cwd(), path) || path;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`--accept-file: cannot read ${path}`);
  }
  const problems: Problem[] = [];
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new InputError([{ file, field: '', problem: jsonSyntaxProblem(text, err), fix: 'fix the syntax' }], `${file} holds no accepted losses:`);
  }
  const list = (raw as { accepted?: unknown } | null)?.accepted;
  const shape = 'write {"accepted": [{"loss": "registry.table.field:kind", "why": "the reason"}]}';
  if (!Array.isArray(list))
    throw new InputError([{ file, field: 'accepted', problem: 'is missing or not an array', fix: shape }], `${file} holds no accepted losses:`);
  const unknownTop = Object.keys(raw as object).filter((k) => k !== 'accepted');
  for (const k of unknownTop) problems.push({ file, field: k, problem: 'unknown key', fix: 'remove it; the file holds only "accepted"' });
  const found: AcceptedLoss[] = [];
  list.forEach((entry: unknown, i) => {
    const { loss, why, ...rest } = (entry ?? {}) as { loss?: unknown; why?: unknown };
    const at = `accepted[${i}]`;
    for (const k of Object.keys(rest)) problems.push({ file, field: `${at}.${k}`, problem: 'unknown key', fix: 'an entry holds "loss" and "why"' });
    if (typeof loss !== 'string') problems.push({ file, field: `${at}.loss`, problem: 'is missing or not a string', fix: 'write "registry.table.field:kind"' });
    if (typeof why !== 'string' || why.trim() === '')
      problems.push({ file, field: `${at}.why`, problem: 'is missing or empty', fix: 'say why the team accepts this loss' });
    if (typeof loss !== 'string' || typeof why !== 'string') return;
    try {
      found.push(acceptedLoss(loss, file, tables, why.trim()));
    } catch (err) {
      problems.push({ file, field: `${at}.loss`, problem: (err as Error).message });
    }
  });
  if (problems.length > 0) throw new InputError(problems, `${counted(problems.length, 'problem')} in ${file}, nothing was read:`);
  return found;
}

function exampleOf(tables: readonly TableDefinition[]): string {
  const t = tables[0];
  return t ? `${t.registry}.${t.table}.${t.columns[0]?.name ?? 'field'}:nested` : 'registry.table.field:nested';
}
