/**
 * `npm run plan -- --env dev [--base DIR] [--base-ref REF] [--summary FILE]`: synthesizes one
 * environment and runs `terraform plan` in each of its stacks, in dependency
 * order, writing plan.txt and plan.json beside each stack's cdk.tf.json. With
 * --base (the cdktf.out of the base branch), stacks whose Terraform is
 * byte-identical there are not planned. With --base-ref (the base branch's git
 * commit), each schema file changed since then is judged as Glue would take it:
 * a version Glue refuses opens the summary and fails the plan, since
 * `terraform plan` cannot see it. The deployed topics function is asked, in a
 * dry run, what the apply would change in Kafka; a refused topic change opens
 * the summary and fails the plan too. The summary for reviewers goes to
 * --summary or stdout. Needs Terraform, read access to the account and
 * lambda:InvokeFunction on the read-only topics planner.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { synthesize } from '../../app';
import { AWS_PROVIDER_CONSTRAINT } from '../../core/aws-facts';
import { counted, formatProblem } from '../../core/problems';
import { credentialsProblem } from '../lib/aws/credentials';
import { command, UsageError } from '../lib/command';
import type { SchemaCheck } from './schema-verdicts';
import { notPlanned, nothingPlanned, summarize, type StackPlan } from './summarize';
import { BaseRefError, compareWithBase, reportComparison } from '../lib/base-check';
import { sameFailure, stackFailure, type StackFailure } from '../lib/terraform/failures';
import { findProviderMirror, userChoosesProviderInstallation, writeMirrorConfig } from '../lib/terraform/mirror';
import { terraform, type TerraformResult } from '../lib/terraform/run';
import { stackDigest, stacksInOrder } from '../lib/terraform/stacks';
import { askTopicsFunction, synthesizedCodeHash, synthesizedTopicsRequest, type TopicsCheck } from './topic-changes';
import { loadEnvironmentConfig } from '../../config/load';
import { functionNames } from '../../config/function-names';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { PROJECT_ROOT } from '../../core/project-root';

const ROOT = PROJECT_ROOT;

const USAGE = `usage: npm run plan -- --env NAME [options]
  --env NAME      environment to plan, e.g. dev
  --base DIR      cdktf.out of the base branch: stacks identical there are not planned
  --base-ref REF  git commit (branch, tag) of the base branch: schema changes since it are
                  judged as Glue would; a version Glue refuses opens the summary and fails
  --summary FILE  write the Markdown summary here (default: stdout)
  -h, --help      this text

Runs terraform init and plan in every stack of the environment, in dependency
order, with the credentials of the shell (read-only is enough; checked first).
Takes hashicorp/aws from a local filesystem mirror that holds a version the
stacks accept (MSK_ATHENA_PROVIDER_MIRROR, TF_CLI_CONFIG_FILE, /opt/tf-plugins,
~/.terraform.d/plugins), else from the registry. Set
MSK_ATHENA_REMOTE_STATE=required on shared runners.`;

const spec = {
  name: 'plan',
  usage: USAGE,
  options: { env: { type: 'string' }, base: { type: 'string' }, 'base-ref': { type: 'string' }, summary: { type: 'string' } },
} as const;

type Terraform = (dir: string, args: readonly string[]) => TerraformResult;

/**
 * How Terraform finds hashicorp/aws: from a local mirror holding a version the
 * stacks accept (never a relaxed one: a plan must use what apply will), unless
 * the user's own CLI configuration decides; else from the registry.
 */
function providerSource(outdir: string): { env: NodeJS.ProcessEnv; note: string } {
  if (userChoosesProviderInstallation()) return { env: {}, note: 'providers as your Terraform CLI configuration installs them' };
  const mirror = findProviderMirror(AWS_PROVIDER_CONSTRAINT);
  if (!mirror?.meetsConstraint) return { env: {}, note: `hashicorp/aws ${AWS_PROVIDER_CONSTRAINT} from the registry` };
  const file = writeMirrorConfig(join(outdir, 'terraform.rc'), mirror.path, { keepUserConfig: true });
  return { env: { TF_CLI_CONFIG_FILE: file }, note: `hashicorp/aws ${mirror.version} from the filesystem mirror ${mirror.path}` };
}

/** Plans with every prevent_destroy lifted, in a copy, to say what the guard stopped. */
function unguardedPlan(tf: Terraform, stackDir: string, outdir: string, stack: string): StackPlan | undefined {
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
  if (!tf(copy, ['init', '-input=false', '-no-color']).ok) return undefined;
  if (!tf(copy, ['plan', '-input=false', '-lock=false', '-no-color', '-out=plan.out']).ok) return undefined;
  const shown = tf(copy, ['show', '-json', 'plan.out']);
  return shown.ok ? { stack, plan: JSON.parse(shown.stdout) } : undefined;
}

/**
 * The schema folder synthesis reads, judged against the base branch's commit.
 * Without git history (a shallow clone, an unknown ref) the plan goes on and
 * the summary says the schemas were not judged.
 */
function checkSchemas(ref: string): SchemaCheck {
  const dir = resolve(process.env.MSK_ATHENA_SCHEMAS ?? join(ROOT, 'schemas'));
  try {
    const comparison = compareWithBase(dir, ROOT, ref);
    const { err } = reportComparison(comparison);
    for (const line of err) console.error(line);
    return { ref, comparison };
  } catch (err) {
    if (!(err instanceof BaseRefError)) throw err;
    console.error(`plan: schema changes not judged: --base-ref ${err.message}`);
    return { ref, skipped: `--base-ref ${err.message}` };
  }
}

/**
 * What the apply would change in Kafka: the deployed topics function asked in
 * a dry run with the input the apply sends (topic-changes.ts).
 */
async function checkTopics(env: string, stacks: ReturnType<typeof stacksInOrder>): Promise<TopicsCheck> {
  const config = loadEnvironmentConfig(env);
  const request = config.topics.manage ? synthesizedTopicsRequest(stacks) : undefined;
  if (!request) return { kind: 'unmanaged' };
  const functionName = functionNames(config)['topics-plan'];
  console.error(`plan: asking ${functionName} which topic changes the apply would make (dry run)`);
  const lambda = new LambdaClient({ region: config.region, maxAttempts: 2 });
  return askTopicsFunction(lambda, functionName, request, synthesizedCodeHash(stacks, functionName));
}

export const main = command(spec, async ({ values }) => {
  if (!values.env) throw new UsageError('say which environment: --env NAME');
  if (values.base && !existsSync(join(values.base, 'manifest.json'))) throw new UsageError(`--base ${values.base} holds no synthesized stacks (manifest.json)`);
  // Without credentials every stack fails late with the provider's long text; say it once, before Terraform runs.
  const noCredentials = await credentialsProblem();
  if (noCredentials) {
    if (values.summary) writeFileSync(values.summary, nothingPlanned(values.env, noCredentials));
    throw new Error(noCredentials);
  }
  const schemas = values['base-ref'] ? checkSchemas(values['base-ref']) : undefined;
  const outdir = process.env.CDKTF_OUTDIR ?? join(ROOT, 'cdktf.out');
  synthesize({
    rootDir: ROOT,
    schemaDir: process.env.MSK_ATHENA_SCHEMAS,
    outdir,
    environments: [values.env],
    requireRemoteState: process.env.MSK_ATHENA_REMOTE_STATE === 'required',
    onWarning: (w) => console.error(`warning: ${formatProblem(w)}`),
  });
  const source = providerSource(outdir);
  console.error(`plan: ${source.note}`);
  const tf: Terraform = (dir, args) => terraform(dir, args, source.env);

  const planned: StackPlan[] = [];
  const blocked: StackPlan[] = [];
  const unchanged: string[] = [];
  const failed: StackFailure[] = [];
  for (const { name, dir } of stacksInOrder(outdir, values.env)) {
    if (values.base && stackDigest(values.base, name) === stackDigest(outdir, name)) {
      console.error(`${name}: identical to the base branch, not planned`);
      unchanged.push(name);
      continue;
    }
    // Every init fetches from the same registry: once it is unreachable, the rest would only wait to fail alike.
    const unreachable = failed.find((f) => f.registryUnreachable);
    if (unreachable) {
      console.error(`${name}: not tried, the provider registry is unreachable`);
      failed.push(sameFailure(name, unreachable));
      continue;
    }
    console.error(`${name}: terraform init and plan in ${relative(process.cwd(), dir)}`);
    const init = tf(dir, ['init', '-input=false', '-no-color']);
    if (!init.ok) {
      failed.push(stackFailure(name, 'init', init, AWS_PROVIDER_CONSTRAINT));
      continue;
    }
    const plan = tf(dir, ['plan', '-input=false', '-lock=false', '-no-color', '-out=plan.out']);
    if (!plan.ok) {
      const failure = stackFailure(name, 'plan', plan, AWS_PROVIDER_CONSTRAINT);
      const unguarded = /prevent_destroy/.test(plan.stderr + plan.stdout) ? unguardedPlan(tf, dir, outdir, name) : undefined;
      if (unguarded) blocked.push(unguarded);
      failed.push(unguarded ? { ...failure, fix: 'see "Plan stopped by prevent_destroy" below' } : failure);
      continue;
    }
    writeFileSync(join(dir, 'plan.txt'), tf(dir, ['show', '-no-color', 'plan.out']).stdout);
    const json = tf(dir, ['show', '-json', 'plan.out']).stdout;
    writeFileSync(join(dir, 'plan.json'), json);
    planned.push({ stack: name, plan: JSON.parse(json) });
  }

  const topics = await checkTopics(values.env, stacksInOrder(outdir, values.env));
  if (topics.kind === 'not-asked') console.error(`plan: Kafka topics not asked: ${topics.reason}`);
  const markdown = summarize(planned, { unchanged, blocked, failed, schemas, topics });
  if (values.summary) {
    writeFileSync(values.summary, markdown);
    // The summary is in a file: the log still says which stacks were not planned and why.
    if (failed.length > 0) console.error(notPlanned(failed).join('\n').trim());
  } else process.stdout.write(markdown);
  const where = values.summary ? `; summary in ${values.summary}` : '';
  const refused = schemas?.comparison?.refused.length ?? 0;
  const topicsRefused = topics.kind === 'planned' ? topics.plan.refused.length : 0;
  const refusals = [
    ...(refused > 0 ? [`${counted(refused, 'schema change')} Glue would refuse`] : []),
    ...(topicsRefused > 0 ? [`${counted(topicsRefused, 'topic change')} the topics function would refuse`] : []),
  ]
    .map((r) => `, ${r}`)
    .join('');
  console.error(`plan: ${planned.length} planned, ${unchanged.length} unchanged, ${failed.length} not planned${refusals}${where}`);
  return failed.length > 0 || refused > 0 || topicsRefused > 0 ? 1 : 0;
});
