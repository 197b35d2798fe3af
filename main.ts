import { join, relative } from 'node:path';
import { skipCreationStacks, synthesize } from './app';
import { PROJECT_ROOT } from './core/project-root';
import { formatProblem, InputError } from './core/problems';

/*
 * `npm run synth` / `cdktf synth`: writes cdktf.out for dev plus every
 * config/<env>.json (or MSK_ATHENA_ENVIRONMENTS=dev,prod). MSK_ATHENA_SCHEMAS
 * points at another schema folder, e.g. to check a branch's.
 * MSK_ATHENA_REMOTE_STATE=required refuses environments without an S3 state
 * bucket (the workflows set it). On bad input each problem is printed on its
 * own line, nothing is written, and the exit code is 1.
 */
skipCreationStacks();
try {
  const result = synthesize({
    rootDir: PROJECT_ROOT,
    outdir: process.env.CDKTF_OUTDIR,
    schemaDir: process.env.MSK_ATHENA_SCHEMAS,
    environments: process.env.MSK_ATHENA_ENVIRONMENTS?.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    requireRemoteState: process.env.MSK_ATHENA_REMOTE_STATE === 'required',
    onWarning: (w) => console.error(`warning: ${formatProblem(w)}`),
  });
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const outdir = relative(process.cwd(), result.app.outdir) || '.';
  const removed = result.staleStacks.length
    ? `; ${relative(process.cwd(), join(result.app.outdir, 'stacks')) || 'stacks'} also holds ${result.staleStacks.join(', ')} from earlier runs (not synthesized now, not deployed by cdktf; delete them at will)`
    : '';
  console.log(
    `synth: ${plural(result.environments.length, 'environment')} (${result.environments.join(', ')}), ${plural(result.stacks.length, 'stack')}, ${plural(result.tables, 'table')} written to ${outdir}${removed}`,
  );
} catch (err) {
  if (!(err instanceof InputError)) throw err;
  console.error(err.message);
  process.exitCode = 1;
}
