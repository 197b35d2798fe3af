/**
 * `npm run rehearse [-- --keep] [--validate-only]`: real Terraform on what this
 * project writes. Validates every stack of every variant, then applies the dev
 * stacks in order to moto's AWS emulator on loopback, plans them again (a
 * second plan must be empty), and destroys them. Exit 1 on any validation
 * error, unexplained failure or perpetual diff.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import Table from 'cli-table3';
import { AWS_PROVIDER_CONSTRAINT } from '../../core/aws-facts';
import { startMoto, type Moto } from '../../scripts/moto/emulator';
import { command } from '../lib/command';
import { EMULATOR_DESTROY_GAPS, EMULATOR_GAPS, EMULATOR_QUIRKS, PROVIDER_GAPS } from './emulator-gaps';
import { dependents, excludedOutputsOf, stackGraph, type StackGraph } from './graph';
import { pinProvider, pointAtEmulator, rehearseWithOlderProvider } from './stack-files';
import { findToolchain, motoPort, type Toolchain } from './toolchain';
import { projectInputs, synthesizeVariant, VARIANTS } from '../lib/project/variants';
import { terraformAsync, terraformError } from '../lib/terraform/run';
import { stacksInOrder, type SynthesizedStack } from '../lib/terraform/stacks';
import { PROJECT_ROOT } from '../../core/project-root';

const ROOT = PROJECT_ROOT;

const USAGE = `usage: npm run rehearse [-- options]
  --keep            leave the work folder (.cache/rehearsal/run-*: state, plans) and say where it is
  --validate-only   terraform validate every stack; no emulator, no apply
  -h, --help        this text

Needs Terraform 1.10+ on PATH; takes hashicorp/aws from a local filesystem
mirror when one is found (MSK_ATHENA_PROVIDER_MIRROR, TF_CLI_CONFIG_FILE,
/opt/tf-plugins, ~/.terraform.d/plugins), else from the registry.
moto listens on a free loopback port, or on MSK_ATHENA_REHEARSAL_MOTO_PORT.`;

interface Diagnostic {
  readonly severity: 'error' | 'warning';
  readonly summary: string;
  readonly detail?: string;
  readonly address?: string;
}

/** Diagnostics from `terraform ... -json` output lines. */
function diagnostics(stdout: string): Diagnostic[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l))
    .filter((m) => m.type === 'diagnostic' || m.diagnostics)
    .flatMap((m) => (m.diagnostics ?? [m.diagnostic]).map((d: Diagnostic & { address?: string }) => ({ ...d, address: d.address ?? m.diagnostic?.address })));
}

interface StackReport {
  readonly variant: string;
  readonly stack: string;
  validate?: string;
  created?: number;
  excluded: string[];
  /** Values of this stack the rehearsal's older provider refuses, rewritten in its copy (PROVIDER_GAPS). */
  readonly rewritten: string[];
  replan?: string;
  destroyed?: string;
  readonly failures: string[];
}

/** What terraform init and validate said of one stack's Terraform. */
interface Validation {
  readonly ok: boolean;
  readonly validate: string;
  readonly failures: readonly string[];
  readonly warnings: readonly string[];
}

class Rehearsal {
  readonly reports: StackReport[] = [];
  /** Stacks validated at once: one per core (the provider loading its schema is CPU-bound). */
  readonly parallelism = Math.max(1, availableParallelism());
  private readonly env: NodeJS.ProcessEnv;

  /** `keep`: write plan.json beside each applied plan (`terraform show` starts the provider once more per stack). */
  constructor(
    work: string,
    private readonly toolchain: Toolchain,
    private readonly keep = false,
  ) {
    // From an unpacked mirror Terraform links the provider in place: no cache to
    // share. From the registry a cache saves a download per stack (see sharedLock).
    this.env = {
      ...(toolchain.cliConfigFile ? { TF_CLI_CONFIG_FILE: toolchain.cliConfigFile } : { TF_PLUGIN_CACHE_DIR: join(work, 'plugin-cache') }),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_PROFILE: '',
    };
    if (this.env.TF_PLUGIN_CACHE_DIR) mkdirSync(this.env.TF_PLUGIN_CACHE_DIR, { recursive: true });
  }

  /**
   * From the registry: the lock file the first stack's init wrote, copied into the
   * others. Terraform takes a provider from the plugin cache only when the lock
   * vouches for it, so the other inits then link the one download instead of each
   * fetching it, and never write the cache at once (which collides).
   */
  sharedLock(from: SynthesizedStack, to: readonly SynthesizedStack[]): void {
    const lock = join(from.dir, '.terraform.lock.hcl');
    if (this.toolchain.source !== 'registry' || !existsSync(lock)) return;
    for (const stack of to) if (stack.dir !== from.dir) copyFileSync(lock, join(stack.dir, '.terraform.lock.hcl'));
  }

  /*
   * Asynchronous: the validation of the other variants runs while the applied one
   * waits on the emulator. Those validations run in the background (low CPU
   * priority): the apply chain is the rehearsal's critical path, and its commands
   * take the cores first; the validations fill the time it spends waiting.
   */
  private tf(dir: string, args: string[], { background = false } = {}) {
    return terraformAsync(dir, args, this.env, { background });
  }

  private async managedInState(dir: string): Promise<string[]> {
    return (await this.tf(dir, ['state', 'list'])).stdout.split('\n').filter((a) => a && !a.startsWith('data.'));
  }

  report(variant: string, stack: string): StackReport {
    let r = this.reports.find((x) => x.variant === variant && x.stack === stack);
    if (!r) this.reports.push((r = { variant, stack, excluded: [], rewritten: [], failures: [] }));
    return r;
  }

  /**
   * terraform init and validate in one stack. A stack that is applied next is
   * initialized with its backend, once for both; the others without one.
   * Returns false when init failed.
   */
  async validate(variant: string, { name, dir }: SynthesizedStack, { backend = false, background = false } = {}): Promise<boolean> {
    const r = this.report(variant, name);
    if (this.toolchain.relaxedFrom) {
      pinProvider(dir, this.toolchain.providerVersion!);
      r.rewritten.push(...rehearseWithOlderProvider(dir, this.toolchain.providerVersion!));
    }
    // Variants share stacks (an adopted cluster leaves the network as it is): the same Terraform
    // validates the same way, so a stack byte-equal to one already validated takes its verdict. A
    // stack that is applied next is initialized all the same: the apply needs its folder.
    const content = createHash('sha256')
      .update(readFileSync(join(dir, 'cdk.tf.json')))
      .digest('hex');
    const earlier = backend ? undefined : this.validated.get(content);
    const outcome = earlier ? await earlier.outcome : await this.remember(content, `${variant}/${name}`, this.initAndValidate(dir, backend, background));
    r.validate = earlier ? `${outcome.validate} (as ${earlier.label})` : outcome.validate;
    r.failures.push(...outcome.failures);
    if (!earlier) for (const w of outcome.warnings) console.error(`  ${variant}/${name}: warning: ${w}`);
    return outcome.ok;
  }

  private readonly validated = new Map<string, { label: string; outcome: Promise<Validation> }>();

  private remember(content: string, label: string, outcome: Promise<Validation>): Promise<Validation> {
    if (!this.validated.has(content)) this.validated.set(content, { label, outcome });
    return outcome;
  }

  /** terraform init (with the backend when `backend`) and validate in `dir`. */
  private async initAndValidate(dir: string, backend: boolean, background: boolean): Promise<Validation> {
    const init = await this.tf(dir, ['init', '-input=false', '-no-color', backend ? '-reconfigure' : '-backend=false'], { background });
    if (!init.ok) return { ok: false, validate: 'init failed', failures: [`terraform init: ${terraformError(init)}`], warnings: [] };
    const result = JSON.parse((await this.tf(dir, ['validate', '-json', '-no-color'], { background })).stdout || '{}');
    const list = (result.diagnostics ?? []) as Diagnostic[];
    const errors = list.filter((d) => d.severity === 'error');
    const warnings = list.filter((d) => d.severity === 'warning');
    return {
      ok: true,
      validate: `${errors.length} errors, ${warnings.length} warnings`,
      failures: errors.map((d) => `validate: ${d.summary}${d.detail ? `: ${d.detail}` : ''}`),
      warnings: warnings.map((d) => d.summary),
    };
  }

  /**
   * Applies a stack (initialized with its backend by `validate`) to the emulator.
   * A resource of a known gap type that fails is excluded with its dependents;
   * any other failure is recorded as a defect.
   */
  async apply(variant: string, stack: SynthesizedStack, graph: StackGraph, upstreamExcluded: Set<string>): Promise<Set<string>> {
    const r = this.report(variant, stack.name);
    const gaps = new Map<string, string>();
    let excluded = dependents(graph, new Set(), upstreamExcluded);
    const targets = excluded.size ? graph.resources.filter((a) => !excluded.has(a)).map((t) => `-target=${t}`) : [];
    // With --keep a saved plan first, for plan.json: real `terraform show -json` output (the plan-summary
    // fixtures). Else plan and apply are one command: one provider start and one refresh fewer per stack.
    const plan = this.keep ? await this.tf(stack.dir, ['plan', '-input=false', '-json', '-out=plan.out', ...targets]) : undefined;
    if (plan && !plan.ok) {
      for (const d of diagnostics(plan.stdout).filter((x) => x.severity === 'error')) r.failures.push(`plan: ${d.summary}${d.detail ? `: ${d.detail}` : ''}`);
    } else {
      if (plan) writeFileSync(join(stack.dir, 'plan.json'), (await this.tf(stack.dir, ['show', '-json', 'plan.out'])).stdout);
      const run = await this.tf(stack.dir, ['apply', '-input=false', '-json', ...(plan ? ['plan.out'] : ['-auto-approve', ...targets])]);
      writeFileSync(join(stack.dir, 'apply.log'), run.stdout);
      const errors = run.ok ? [] : diagnostics(run.stdout).filter((d) => d.severity === 'error');
      const defects = errors.filter((d) => !d.address || !(d.address.split('.')[0] in EMULATOR_GAPS));
      for (const d of defects) r.failures.push(`apply: ${d.address ?? ''} ${d.summary}${d.detail ? `: ${d.detail}` : ''}`.trim());
      if (defects.length === 0) for (const d of errors) gaps.set(d.address!, d.summary);
      if (!run.ok && errors.length === 0) r.failures.push(`apply: ${terraformError(run)}`);
      // Terraform goes on with everything that does not need a failed resource, so
      // applying the rest again would change nothing (it once did, a full refresh per
      // stack); the re-plan checks that all of it is there.
      excluded = dependents(graph, new Set([...excluded, ...gaps.keys()]), upstreamExcluded);
    }
    r.created = (await this.managedInState(stack.dir)).length;
    for (const address of [...excluded].filter((a) => graph.resources.includes(a)).sort()) {
      const gap = gaps.get(address);
      r.excluded.push(gap ? `${address}: ${EMULATOR_GAPS[address.split('.')[0]]}; moto said: ${gap}` : `${address}: needs an excluded resource`);
    }
    return excluded;
  }

  /**
   * Creates what in `stack` needs nothing from another stack (nor a resource the
   * emulator cannot create) before its turn in the ordered apply: the provider's
   * waits (it polls a new KMS key and S3 lifecycle rules until they read back the
   * same several times) then pass while the stacks before it are applied. Not
   * judged: the ordered apply that follows plans the whole stack again, creates
   * the rest, and is what the rehearsal checks. With --keep there is none, so
   * plan.json holds the plan of each whole stack.
   */
  async headStart(stack: SynthesizedStack, graph: StackGraph): Promise<void> {
    const readsUpstream = [...graph.remoteReads].filter(([, reads]) => reads.size > 0).map(([address]) => address);
    // A stack that reads no other is applied whole as soon as its turn comes, which is at once.
    if (this.keep || readsUpstream.length === 0) return;
    const gaps = graph.resources.filter((a) => a.split('.')[0] in EMULATOR_GAPS);
    const waits = dependents(graph, new Set([...readsUpstream, ...gaps]), new Set());
    const early = graph.resources.filter((a) => !waits.has(a));
    if (early.length === 0) return;
    const run = await this.tf(stack.dir, ['apply', '-input=false', '-json', '-auto-approve', ...early.map((a) => `-target=${a}`)]);
    writeFileSync(join(stack.dir, 'head-start.log'), run.stdout);
  }

  /** A second plan of what was applied must change nothing (but for named emulator quirks). */
  async replan(variant: string, stack: SynthesizedStack, graph: StackGraph, excluded: Set<string>): Promise<void> {
    const r = this.report(variant, stack.name);
    const targets = graph.resources.filter((a) => !excluded.has(a)).map((t) => `-target=${t}`);
    // -detailed-exitcode: 0 is no changes at all, 2 is changes (shown, to tell emulator quirks from perpetual diffs).
    const plan = await this.tf(stack.dir, ['plan', '-input=false', '-no-color', '-detailed-exitcode', '-out=replan.out', ...(excluded.size ? targets : [])]);
    if (plan.status === 0) {
      r.replan = 'no changes';
      return;
    }
    if (plan.status !== 2) {
      r.replan = 'failed';
      r.failures.push(`re-plan: ${terraformError(plan)}`);
      return;
    }
    const shown = JSON.parse((await this.tf(stack.dir, ['show', '-json', 'replan.out'])).stdout);
    writeFileSync(join(stack.dir, 'replan.json'), JSON.stringify(shown, null, 2));
    const changes = (shown.resource_changes ?? []).filter(
      (c: { mode: string; change: { actions: string[] } }) => c.mode === 'managed' && !['no-op', 'read'].includes(c.change.actions.join()),
    );
    const unexplained: string[] = [];
    for (const c of changes) {
      const before = c.change.before ?? {};
      const after = c.change.after ?? {};
      const attributes = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
        (k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]) || c.change.after_unknown?.[k],
      );
      const open = attributes.filter((a) => !EMULATOR_QUIRKS.some((q) => q.type === c.type && q.attribute === a));
      if (open.length > 0 || attributes.length === 0)
        unexplained.push(`${c.address} ${c.change.actions.join('/')} (${(open.length ? open : attributes).join(', ') || 'no attribute'})`);
    }
    r.replan = unexplained.length === 0 ? `no changes${changes.length ? ` (${changes.length} emulator quirks)` : ''}` : `${unexplained.length} changes`;
    for (const u of unexplained) r.failures.push(`perpetual diff: ${u}`);
  }

  async destroy(variant: string, stack: SynthesizedStack): Promise<void> {
    const r = this.report(variant, stack.name);
    // Only what was applied: the configuration of excluded resources reads outputs
    // an upstream stack never got.
    const inState = await this.managedInState(stack.dir);
    const undeletable = inState.filter((a) => a.split('.')[0] in EMULATOR_DESTROY_GAPS);
    if (undeletable.length > 0) {
      await this.tf(stack.dir, ['state', 'rm', ...undeletable]);
      for (const a of undeletable) r.excluded.push(`${a}: not destroyed, ${EMULATOR_DESTROY_GAPS[a.split('.')[0]]}`);
    }
    const applied = inState.filter((a) => !undeletable.includes(a));
    if (applied.length === 0) {
      r.destroyed = 'nothing applied';
      return;
    }
    // No refresh: the re-plan has just read every resource back from the emulator.
    const run = await this.tf(stack.dir, ['destroy', '-auto-approve', '-input=false', '-json', '-refresh=false', ...applied.map((a) => `-target=${a}`)]);
    const errors = diagnostics(run.stdout).filter((d) => d.severity === 'error');
    writeFileSync(join(stack.dir, 'destroy.log'), run.stdout);
    const left = (await this.managedInState(stack.dir)).length;
    r.destroyed = run.ok && left === 0 ? 'clean' : `${left} left`;
    for (const d of errors) r.failures.push(`destroy: ${d.address ?? ''} ${d.summary}${d.detail ? `: ${d.detail}` : ''}`.trim());
  }
}

/**
 * Applies and plans again each stack of `variant` in dependency order on moto
 * (on `port`, or a free one), then destroys them in reverse. Each stack waits
 * for `initialized`: its init (with backend) and validate, which the validation
 * pool runs first; then its head start (what needs no other stack) begins at
 * once, beside the stacks before it.
 */
async function rehearseApply(
  rehearsal: Rehearsal,
  variant: string,
  stacks: readonly SynthesizedStack[],
  { port, initialized }: { port?: number; initialized: (stack: SynthesizedStack) => Promise<boolean> },
): Promise<void> {
  let moto: Moto | undefined;
  try {
    moto = await startMoto(port);
    console.error(`applying ${variant} to moto on ${moto.url}`);
    const graphs = new Map(stacks.map((stack) => [stack.dir, stackGraph(JSON.parse(readFileSync(join(stack.dir, 'cdk.tf.json'), 'utf8')))]));
    const emulator = moto;
    // Each stack is pointed at the emulator and given its head start as soon as it is initialized;
    // its turn in the ordered apply below waits for both.
    const prepare = async (stack: SynthesizedStack) => {
      if (!(await initialized(stack))) return false;
      pointAtEmulator(stack.dir, emulator.url); // after validate has finished in the folder
      await rehearsal.headStart(stack, graphs.get(stack.dir)!);
      return true;
    };
    const prepared = new Map(stacks.map((stack) => [stack.dir, prepare(stack)]));
    for (const p of prepared.values()) p.catch(() => {}); // each is awaited in its turn
    let upstream = new Set<string>();
    // A stack's second plan runs beside the next stack's apply: a plan writes no state, and the
    // next stack only reads this one's outputs. Both wait on the emulator and the provider's polls.
    const replans: Promise<void>[] = [];
    for (const stack of stacks) {
      const graph = graphs.get(stack.dir)!;
      const ready = await prepared.get(stack.dir)!;
      if (!ready) {
        // Not initialized: nothing of it is applied, and nothing that reads its outputs.
        upstream = new Set([...upstream, ...excludedOutputsOf(stack.name, graph, new Set(graph.resources))]);
        continue;
      }
      console.error(`  ${stack.name}: apply`);
      const excluded = await rehearsal.apply(variant, stack, graph, upstream);
      upstream = new Set([...upstream, ...excludedOutputsOf(stack.name, graph, excluded)]);
      console.error(`  ${stack.name}: plan again`);
      const replan = rehearsal.replan(variant, stack, graph, excluded);
      replan.catch(() => {}); // awaited below, before anything is destroyed
      replans.push(replan);
    }
    await Promise.all(replans);
    for (const stack of [...stacks].reverse()) {
      console.error(`  ${stack.name}: destroy`);
      await rehearsal.destroy(variant, stack);
    }
  } finally {
    await moto?.stop();
  }
}

function printReport(rehearsal: Rehearsal): number {
  const table = new Table({ head: ['stack', 'validate', 'created', 'excluded', 're-plan', 'destroy'], style: { head: [], border: [], compact: true } });
  for (const r of rehearsal.reports) {
    table.push([
      `${r.variant}/${r.stack}`,
      r.validate ?? '-',
      r.created ?? '-',
      r.excluded.length || (r.created === undefined ? '-' : 0),
      r.replan ?? '-',
      r.destroyed ?? '-',
    ]);
  }
  console.log(table.toString());
  const excluded = rehearsal.reports.flatMap((r) => r.excluded.map((e) => `  ${r.stack}: ${e}`));
  if (excluded.length) console.log(`excluded from the apply (emulator gaps and what needs them):\n${excluded.join('\n')}`);
  const rewritten = rehearsal.reports.flatMap((r) => r.rewritten.map((e) => `  ${r.variant}/${r.stack}: ${e}`));
  if (rewritten.length) {
    const why = PROVIDER_GAPS.filter((g) => rewritten.some((line) => line.includes(` ${g.attribute} ${g.value} `))).map(
      (g) => `  ${g.attribute} ${g.value}: ${g.evidence}`,
    );
    console.log(
      `rewritten in the rehearsal's copy only, for its older provider (emulator gaps; what ships is unchanged):\n${rewritten.join('\n')}\n${why.join('\n')}`,
    );
  }
  const failures = rehearsal.reports.flatMap((r) => r.failures.map((f) => `${r.variant}/${r.stack}: ${f}`));
  for (const f of failures) console.error(`rehearse: ${f}`);
  console.log(failures.length === 0 ? 'rehearse: passed' : `rehearse: ${failures.length} problem${failures.length === 1 ? '' : 's'}`);
  return failures.length === 0 ? 0 : 1;
}

export const main = command(
  { name: 'rehearse', usage: USAGE, options: { keep: { type: 'boolean' }, 'validate-only': { type: 'boolean' } } } as const,
  async ({ values }) => {
    const port = values['validate-only'] ? undefined : motoPort();
    // A folder of this run's own: two rehearsals at once (or a test run of the tool) never
    // delete each other's state.
    mkdirSync(join(ROOT, '.cache', 'rehearsal'), { recursive: true });
    const work = mkdtempSync(join(ROOT, '.cache', 'rehearsal', 'run-'));
    let toolchain: Toolchain;
    try {
      toolchain = findToolchain(work, AWS_PROVIDER_CONSTRAINT);
    } catch (err) {
      rmSync(work, { recursive: true, force: true });
      throw err;
    }
    const provider =
      toolchain.source === 'mirror'
        ? `hashicorp/aws ${toolchain.providerVersion} from the filesystem mirror ${toolchain.mirrorPath}${toolchain.relaxedFrom ? ` (the stacks ask for ${toolchain.relaxedFrom}: relaxed to = ${toolchain.providerVersion} for this rehearsal)` : ''}`
        : `hashicorp/aws from the registry, as the stacks ask (${AWS_PROVIDER_CONSTRAINT})`;
    console.log(`rehearse: Terraform ${toolchain.terraformVersion}, ${provider}`);

    try {
      const inputs = projectInputs();
      const rehearsal = new Rehearsal(work, toolchain, values.keep);
      const synthesized = VARIANTS.map((v) => {
        const dir = join(work, 'variants', v.label);
        return { variant: v.label, stacks: stacksInOrder(synthesizeVariant(v, dir, inputs)) };
      });
      const started = Date.now();
      const seconds = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
      const jobs = synthesized.flatMap(({ variant, stacks }) => stacks.map((stack) => ({ variant, stack })));
      for (const { variant, stack } of jobs) rehearsal.report(variant, stack.name);
      const applied = values['validate-only'] ? undefined : synthesized[0];
      // The applied variant's stacks go first, initialized with their backend (once for
      // validate and apply); its apply chain starts as soon as its first stack is ready.
      const queue = [...jobs.filter((j) => j.variant === applied?.variant), ...jobs.filter((j) => j.variant !== applied?.variant)];
      const settle = new Map<string, (ok: boolean) => void>();
      const ready = new Map(queue.map((j) => [j.stack.dir, new Promise<boolean>((resolve) => settle.set(j.stack.dir, resolve))]));
      const validate = async (job: (typeof jobs)[number]) => {
        let ok = false;
        try {
          const onCriticalPath = job.variant === applied?.variant;
          ok = await rehearsal.validate(job.variant, job.stack, { backend: onCriticalPath, background: applied !== undefined && !onCriticalPath });
        } finally {
          settle.get(job.stack.dir)!(ok); // even when it throws, so the apply chain never waits forever
        }
      };
      const alongside = applied ? `, while ${applied.variant} is applied to moto` : '';
      console.error(`validating ${jobs.length} stacks of ${synthesized.map((s) => s.variant).join(', ')}${alongside}`);
      // From the registry: one download into the plugin cache first; every other init then links it.
      if (toolchain.source === 'registry') {
        const first = queue.shift()!;
        await validate(first);
        rehearsal.sharedLock(
          first.stack,
          jobs.map((j) => j.stack),
        );
      }
      const validations = Promise.all(
        Array.from({ length: rehearsal.parallelism }, async () => {
          for (let job = queue.shift(); job; job = queue.shift()) await validate(job);
        }),
      ).then(() => console.error(`validated by ${seconds()}`));
      // The apply spends most of its time waiting: on the emulator, and on the provider
      // polling until KMS keys and S3 lifecycle rules read back the same several times.
      const apply = applied
        ? rehearseApply(rehearsal, applied.variant, applied.stacks, { port, initialized: (stack) => ready.get(stack.dir)! }).then(() =>
            console.error(`applied, planned again and destroyed ${applied.variant} by ${seconds()}`),
          )
        : Promise.resolve();
      // Both run to their end (the apply chain stops moto) before a failure of either is reported.
      for (const outcome of await Promise.allSettled([validations, apply])) if (outcome.status === 'rejected') throw outcome.reason;

      return printReport(rehearsal);
    } finally {
      if (values.keep) console.log(`work folder kept: ${relative(process.cwd(), work)}`);
      else rmSync(work, { recursive: true, force: true });
    }
  },
);
