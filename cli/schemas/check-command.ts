/**
 * `npm run schemas:check [-- DIR] [--base REF]`: validates every table schema
 * against the Athena MSK connector's rules, printing one line per problem
 * (exit 1) and per warning (valid, but probably not meant). With --base, also
 * judges each file's change since git REF as Glue would take it: a change Glue
 * refuses fails (exit 1), one that alters how older records read warns.
 */
import { join, resolve } from 'node:path';
import { formatProblem } from '../../core/problems';
import { checkSchemaFolder } from '../../core/tables/schema-folder';
import { command, UsageError } from '../lib/command';
import { BaseRefError, compareWithBase, reportComparison, type BaseComparison } from '../lib/base-check';

const USAGE = `usage: npm run schemas:check [-- DIR] [--base REF]
  DIR         the schema folder to check (default MSK_ATHENA_SCHEMAS, else schemas/)
  --base REF  also judge each file's change since the git commit, branch or tag REF as
              Glue would: Avro and Protobuf under BACKWARD (a version that cannot read
              the records already on the topic is refused: exit 1), JSON and CSV
              documents by what records already on the topic will read (warnings)
  -h, --help  this text`;

export const main = command(
  { name: 'schemas:check', usage: USAGE, options: { base: { type: 'string' } }, allowPositionals: true } as const,
  ({ positionals, values }) => {
    if (positionals.length > 1) throw new UsageError('give at most one folder');
    if (values.base !== undefined && values.base.trim() === '') throw new UsageError('--base needs a git commit, branch or tag, e.g. --base origin/main');
    const root = process.cwd();
    const dir = resolve(root, positionals[0] ?? process.env.MSK_ATHENA_SCHEMAS ?? join('schemas'));
    let comparison: BaseComparison | undefined;
    try {
      comparison = values.base === undefined ? undefined : compareWithBase(dir, root, values.base);
    } catch (err) {
      if (err instanceof BaseRefError) throw new UsageError(`--base ${err.message}`);
      throw err;
    }
    const { registries, problems, warnings } = checkSchemaFolder(dir, root);
    for (const w of warnings) console.error(`warning: ${formatProblem(w)}`);
    let status = 0;
    if (problems.length > 0) {
      for (const p of problems) console.error(formatProblem(p));
      console.error(`${problems.length} problem${problems.length === 1 ? '' : 's'}; fix them before synthesizing.`);
      status = 1;
    } else {
      const tables = registries.reduce((n, r) => n + r.tables.length, 0);
      console.log(
        `ok: ${tables} table${tables === 1 ? '' : 's'} in ${registries.length} registr${registries.length === 1 ? 'y' : 'ies'} (${registries.map((r) => r.name).join(', ')})`,
      );
    }
    if (!comparison) return status;
    const { out, err } = reportComparison(comparison);
    for (const line of out) console.log(line);
    for (const line of err) console.error(line);
    return comparison.refused.length > 0 ? 1 : status;
  },
);
