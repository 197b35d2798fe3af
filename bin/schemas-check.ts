/**
 * `npm run schemas:check [-- dir]`: validates every table schema against the
 * Athena MSK connector's rules, printing one line per problem (exit 1) and per
 * warning (valid, but probably not meant).
 */
import { join, resolve } from 'node:path';
import { checkSchemaFolder } from '../core/tables/schema-folder';
import { formatProblem } from '../core/problems';
import { cliMain, UsageError } from './cli';

const USAGE = `usage: npm run schemas:check [-- DIR]
  DIR         the schema folder to check (default schemas/)
  -h, --help  this text`;

cliMain({ name: 'schemas:check', usage: USAGE, options: {}, allowPositionals: true } as const, ({ positionals }) => {
  if (positionals.length > 1) throw new UsageError('give at most one folder');
  const root = process.cwd();
  const dir = resolve(root, positionals[0] ?? join('schemas'));
  const { registries, problems, warnings } = checkSchemaFolder(dir, root);
  for (const w of warnings) console.error(`warning: ${formatProblem(w)}`);
  if (problems.length > 0) {
    for (const p of problems) console.error(formatProblem(p));
    console.error(`${problems.length} problem${problems.length === 1 ? '' : 's'}; fix them before synthesizing.`);
    return 1;
  }
  const tables = registries.reduce((n, r) => n + r.tables.length, 0);
  console.log(`ok: ${tables} table${tables === 1 ? '' : 's'} in ${registries.length} registr${registries.length === 1 ? 'y' : 'ies'} (${registries.map((r) => r.name).join(', ')})`);
  return 0;
});
