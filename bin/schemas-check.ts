/**
 * `npm run schemas:check [dir]`: validates every table schema against the Athena
 * MSK connector's rules, printing one line per problem. Exit 1 on any problem.
 */
import { join, resolve } from 'node:path';
import { checkSchemaFolder } from '../modules/registry/schema-folder';
import { formatProblem } from '../modules/shared/problems';

const root = process.cwd();
const dir = resolve(root, process.argv[2] ?? join('schemas'));
const { registries, problems } = checkSchemaFolder(dir, root);
if (problems.length > 0) {
  for (const p of problems) console.error(formatProblem(p));
  console.error(`${problems.length} problem${problems.length === 1 ? '' : 's'}; fix them before synthesizing.`);
  process.exit(1);
}
const tables = registries.reduce((n, r) => n + r.tables.length, 0);
console.log(`ok: ${tables} table${tables === 1 ? '' : 's'} in ${registries.length} registr${registries.length === 1 ? 'y' : 'ies'} (${registries.map((r) => r.name).join(', ')})`);
