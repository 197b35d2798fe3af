/**
 * `npm run plan -- --env dev [--base DIR] [--summary FILE]`: synthesizes one
 * environment and runs `terraform plan` in each of its stacks, in dependency
 * order, writing plan.txt and plan.json beside each stack's cdk.tf.json. With
 * --base (the cdktf.out of the base branch), stacks whose Terraform is
 * byte-identical there are not planned. The summary for reviewers goes to
 * --summary or stdout. Needs Terraform and read access to the account.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { synthesize } from '../app';
import { formatProblem } from '../core/problems';
import { cliMain, UsageError } from './cli';
import { summarize, type StackPlan } from './plan/summarize';
import { terraform, terraformError } from './terraform/run';
import { stackDigest, stacksInOrder } from './terraform/stacks';

const ROOT = join(__dirname, '..');

const USAGE = `usage: npm run plan -- --env NAME [options]
  --env NAME      environment to plan, e.g. dev
  --base DIR      cdktf.out of the base branch: stacks identical there are not planned
  --summary FILE  write the Markdown summary here (default: stdout)
  -h, --help      this text

Runs terraform init and plan in every stack of the environment, in dependency
order, with the credentials of the shell (read-only is enough). Set
MSK_ATHENA_REMOTE_STATE=required on shared runners.`;

const spec = { name: 'plan', usage: USAGE, options: { env: { type: 'string' }, base: { type: 'string' }, summary: { type: 'string' } } } as const;

/** Plans with every prevent_destroy lifted, in a copy, to say what the guard stopped. */
function unguardedPlan(stackDir: string, outdir: string, stack: string): StackPlan | undefined {
  // Same depth as cdktf.out/stacks/<stack>, so a relative local state path still resolves.
  const copy = join(outdir, 'unguarded', stack);
  rmSync(copy, { recursive: true, force: true });
  mkdirSync(copy, { recursive: true });
  cpSync(stackDir, copy, { recursive: true, filter: (src) => !src.includes(`${join(stackDir, '.terraform')}`) && !src.endsWith('plan.out') });
  const file = join(copy, 'cdk.tf.json');
  const json = JSON.parse(readFileSync(file, 'utf8'));
  for (const byName of Object.values<Record<string, { lifecycle?: { prevent_destroy?: boolean } }>>(json.resource ?? {})) {
    for (const body of Object.values(byName)) if (body.lifecycle) delete body.lifecycle.prevent_destroy;
  }
  writeFileSync(file, JSON.stringify(json));
  if (!terraform(copy, ['init', '-input=false', '-no-color']).ok) return undefined;
  if (!terraform(copy, ['plan', '-input=false', '-lock=false', '-no-color', '-out=plan.out']).ok) return undefined;
  const shown = terraform(copy, ['show', '-json', 'plan.out']);
  return shown.ok ? { stack, plan: JSON.parse(shown.stdout) } : undefined;
}

cliMain(spec, ({ values }) => {
  if (!values.env) throw new UsageError('say which environment: --env NAME');
  if (values.base && !existsSync(join(values.base, 'manifest.json'))) throw new UsageError(`--base ${values.base} holds no synthesized stacks (manifest.json)`);
  const outdir = process.env.CDKTF_OUTDIR ?? join(ROOT, 'cdktf.out');
  synthesize({
    rootDir: ROOT,
    outdir,
    environments: [values.env],
    requireRemoteState: process.env.MSK_ATHENA_REMOTE_STATE === 'required',
    onWarning: (w) => console.error(`warning: ${formatProblem(w)}`),
  });

  const planned: StackPlan[] = [];
  const blocked: StackPlan[] = [];
  const unchanged: string[] = [];
  const failed: string[] = [];
  for (const { name, dir } of stacksInOrder(outdir, values.env)) {
    if (values.base && stackDigest(values.base, name) === stackDigest(outdir, name)) {
      console.error(`${name}: identical to the base branch, not planned`);
      unchanged.push(name);
      continue;
    }
    console.error(`${name}: terraform init and plan in ${relative(process.cwd(), dir)}`);
    const init = terraform(dir, ['init', '-input=false', '-no-color']);
    if (!init.ok) {
      failed.push(`${name}: terraform init failed: ${terraformError(init)}`);
      continue;
    }
    const plan = terraform(dir, ['plan', '-input=false', '-lock=false', '-no-color', '-out=plan.out']);
    if (!plan.ok) {
      if (/prevent_destroy/.test(plan.stderr + plan.stdout)) {
        const unguarded = unguardedPlan(dir, outdir, name);
        if (unguarded) blocked.push(unguarded);
      }
      failed.push(`${name}: terraform plan failed: ${terraformError(plan)}`);
      continue;
    }
    writeFileSync(join(dir, 'plan.txt'), terraform(dir, ['show', '-no-color', 'plan.out']).stdout);
    const json = terraform(dir, ['show', '-json', 'plan.out']).stdout;
    writeFileSync(join(dir, 'plan.json'), json);
    planned.push({ stack: name, plan: JSON.parse(json) });
  }

  let markdown = summarize(planned, { unchanged, blocked });
  if (failed.length > 0) markdown += `\n### Failed\n\n${failed.map((f) => `- ${f}`).join('\n')}\n`;
  if (values.summary) writeFileSync(values.summary, markdown);
  else process.stdout.write(markdown);
  for (const f of failed) console.error(`plan: ${f}`);
  console.error(`plan: ${planned.length} planned, ${unchanged.length} unchanged, ${failed.length} failed${values.summary ? `; summary in ${values.summary}` : ''}`);
  return failed.length > 0 ? 1 : 0;
});
