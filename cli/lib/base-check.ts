import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { counted, formatProblem, type Problem } from '../../core/problems';
import { judgeTableChange } from '../../core/tables/compatibility/table-change';

/*
 * `schemas:check --base REF` and `plan --base-ref REF`: every table file of the
 * schema folder against its text at a git commit (`git show REF:path`), the
 * version Glue holds once that commit is deployed.
 */

/**
 * The comparison could not be made: no git, no such commit. One line that reads
 * after the option that named the ref (`--base REF names no commit ...`).
 */
export class BaseRefError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BaseRefError';
  }
}

export interface BaseComparison {
  readonly ref: string;
  /** Changes Glue refuses (Avro, Protobuf under BACKWARD): apply would fail. */
  readonly refused: readonly Problem[];
  /** Changes Glue takes that alter how records already on the topics read. */
  readonly warnings: readonly Problem[];
  /** Table files (relative to the project root) that did not exist at the ref. */
  readonly added: readonly string[];
  /** Table files that existed at the ref and are gone. */
  readonly removed: readonly string[];
  /** Table files whose text differs from the ref's. */
  readonly changed: readonly string[];
}

const TABLE_FILE = /^[^/]+\/[^/]+\.(json|avsc|proto)$/;
const posix = (p: string) => p.split(sep).join('/');

function git(cwd: string, args: readonly string[]): { ok: boolean; stdout: string; stderr: string } {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new BaseRefError(`needs git, which could not be run (${(r.error as NodeJS.ErrnoException).code ?? r.error.message})`);
  return { ok: r.status === 0, stdout: r.stdout, stderr: r.stderr };
}

/** `<registry>/<file>` of every table file in the folder now. */
function currentFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .filter((entry) => statSync(join(dir, entry)).isDirectory())
    .flatMap((registry) =>
      readdirSync(join(dir, registry))
        .sort()
        .map((f) => `${registry}/${f}`),
    )
    .filter((f) => TABLE_FILE.test(f));
}

/** A table's name and format from `<registry>/<table>.<ext>`. */
const tableOf = (f: string) => f.replace(/\.(json|avsc|proto)$/, '');
const FORMAT: Readonly<Record<string, string>> = { json: 'a JSON or CSV document', avsc: 'Avro', proto: 'Protobuf' };

/**
 * Compares the schema folder `dir` with its state at git `ref`. Files are named
 * relative to `root` in what it returns. Throws BaseRefError when the folder is
 * not in a git work tree or the ref names no commit.
 */
export function compareWithBase(dir: string, root: string, ref: string): BaseComparison {
  const real = existsSync(dir) ? realpathSync(dir) : dir;
  const top = git(existsSync(dir) ? real : root, ['rev-parse', '--show-toplevel']);
  if (!top.ok) throw new BaseRefError(`needs git history, and ${relative(root, dir) || '.'} is not in a git work tree`);
  const toplevel = realpathSync(top.stdout.trim());
  if (!git(toplevel, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).ok) {
    throw new BaseRefError(`${ref} names no commit, branch or tag here (fetch it first, e.g. git fetch origin ${ref})`);
  }
  const prefix = posix(relative(toplevel, real));
  const inRepo = (f: string) => (prefix ? `${prefix}/${f}` : f);
  const listed = git(toplevel, ['ls-tree', '-r', '--name-only', '-z', ref, '--', prefix || '.']);
  const before = listed.stdout
    .split('\0')
    .filter(Boolean)
    .map((p) => (prefix ? p.slice(prefix.length + 1) : p))
    .filter((f) => TABLE_FILE.test(f));
  const now = currentFiles(real);
  const shown = (f: string) => posix(relative(root, join(dir, f)));

  const refused: Problem[] = [];
  const warnings: Problem[] = [];
  const changed: string[] = [];
  for (const f of now.filter((f) => before.includes(f))) {
    const old = git(toplevel, ['show', `${ref}:${inRepo(f)}`]);
    const text = readFileSync(join(real, f), 'utf8');
    if (!old.ok || old.stdout === text) continue;
    changed.push(shown(f));
    const verdicts = judgeTableChange(shown(f), old.stdout, text);
    refused.push(...verdicts.refused);
    warnings.push(...verdicts.warnings);
  }
  const added = now.filter((f) => !before.includes(f));
  const removed = before.filter((f) => !now.includes(f));
  for (const f of added) {
    const was = removed.find((r) => tableOf(r) === tableOf(f));
    if (!was) continue;
    warnings.push({
      file: shown(f),
      field: '',
      problem: `replaces ${shown(was)}: the table changes from ${FORMAT[was.split('.').pop()!]} to ${FORMAT[f.split('.').pop()!]}, and a Glue schema's data format cannot change, so Terraform replaces the schema and its versions`,
      fix: 'make sure producers write the new format before this is deployed',
    });
  }
  return { ref, refused, warnings, added: added.map(shown), removed: removed.map(shown), changed };
}

/** The base comparison as lines: refusals and warnings on stderr, the rest on stdout. */
export function reportComparison(c: BaseComparison): { out: string[]; err: string[] } {
  const out = [
    ...c.added.map((f) => `new since ${c.ref}: ${f}`),
    ...c.removed.map((f) => `gone since ${c.ref}: ${f} (Terraform destroys its Glue schema and every version)`),
  ];
  const err = [...c.warnings.map((w) => `warning: ${formatProblem(w)}`), ...c.refused.map(formatProblem)];
  const tally = `${counted(c.changed.length, 'file')} changed, ${c.added.length} new, ${c.removed.length} gone`;
  if (c.refused.length > 0) err.push(`${counted(c.refused.length, 'change')} Glue would refuse since ${c.ref} (${tally}); fix them before merging.`);
  else out.push(`ok: compared with ${c.ref}: ${tally}; nothing Glue would refuse`);
  return { out, err };
}
