import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { ROOT } from '../helpers/synth';

/*
 * The rehearsal's order of work, against a stand-in `terraform` that records each
 * call (moto is real: the tool starts and stops it). Dev is validated before the
 * other variants and each of its stacks is applied only once its own init and
 * validate are done; the other variants are validated meanwhile; dev is destroyed
 * in reverse order. What real Terraform says is the deploy rehearsal's own job.
 */
describe('npm run rehearse, the order of its work', () => {
  let dir: string;
  let calls: { stack: string; command: string }[];
  let run: ReturnType<typeof spawnSync>;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'msk-athena-rehearse-'));
    const log = join(dir, 'calls.log');
    const terraform = join(dir, 'terraform');
    writeFileSync(
      terraform,
      `#!/bin/sh
d=$(echo "$1" | sed 's/^-chdir=//'); shift
stack="$(basename "$(dirname "$(dirname "$(dirname "$d")")")")/$(basename "$d")"
echo "$stack $1" >> "${log}"
case "$1" in
  version) echo '{"terraform_version":"1.11.4"}' ;;
  validate)
    # Another variant's stack waits (a minute at most) for dev's first apply: a rehearsal that
    # validated everything before applying would show here as no validate after that apply.
    case "$stack" in dev/*) ;; *) i=0; while ! grep -q "dev/dev-network apply" "${log}" && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done ;; esac
    echo '{"valid":true,"diagnostics":[]}' ;;
  apply)
    # dev-network's apply waits (a minute at most) for the head starts of the three later stacks: a
    # rehearsal that gave them none, or only after the first apply, would show here as no such apply before.
    # (All three, not the last alone: on a busy machine one may start after the last one's.)
    head_starts() { grep -cE "^dev/dev-(streaming|analytics|monitoring) apply" "${log}"; }
    case "$stack" in dev/dev-network) i=0; while [ "$(head_starts)" -lt 3 ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done ;; esac
    echo "$stack apply-done" >> "${log}" ;;
  plan)
    # dev-network's second plan waits (a minute at most) for dev-streaming's apply: a rehearsal
    # that planned again before going on would show here as that plan ending before the apply.
    case "$stack" in dev/dev-network) i=0; while ! grep -q "dev/dev-streaming apply" "${log}" && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done ;; esac
    echo "$stack plan-done" >> "${log}" ;;
  show) echo '{"resource_changes":[]}' ;;
esac
exit 0
`,
    );
    chmodSync(terraform, 0o755);
    run = spawnSync(process.execPath, ['scripts/run.mjs', 'bin/rehearse.ts'], {
      cwd: ROOT,
      env: { ...process.env, PATH: [dir, process.env.PATH].join(delimiter), MSK_ATHENA_REHEARSAL_MOTO_PORT: '' },
      encoding: 'utf8',
    });
    calls = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(' '))
      .map(([stack, command]) => ({ stack, command }));
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const devStacks = ['dev/dev-network', 'dev/dev-streaming', 'dev/dev-analytics', 'dev/dev-monitoring'];
  const index = (stack: string, command: string, from = 0) => calls.findIndex((c, i) => i >= from && c.stack === stack && c.command === command);

  it('passes and says so', () => {
    expect({ status: run.status, last: String(run.stdout).trim().split('\n').pop() }).toEqual({ status: 0, last: 'rehearse: passed' });
  });

  it('validates every stack of every variant once, a stack byte-equal to one validated by its verdict', () => {
    const validated = calls.filter((c) => c.command === 'validate').map((c) => c.stack);
    expect(validated.length).toBeGreaterThan(devStacks.length * 4);
    expect(new Set(validated).size).toBe(validated.length);
    expect(validated).toEqual(expect.arrayContaining(devStacks));
    // The report's rows: one per stack of every variant, each validated or taking the verdict of its twin.
    const rows = String(run.stdout)
      .split('\n')
      .filter((l) => /\b\d+ errors, \d+ warnings\b/.test(l));
    const twins = rows.filter((l) => / \(as [a-z-]+\/[a-z-]+\)/.test(l));
    expect(twins.length).toBeGreaterThan(0);
    expect(validated.length + twins.length).toBe(rows.length);
  });

  it('validates dev before the other variants, and applies each dev stack only after its own validate', () => {
    const firstOther = calls.findIndex((c) => c.command === 'validate' && !c.stack.startsWith('dev/'));
    for (const stack of devStacks) {
      expect({ stack, validatedFirst: index(stack, 'validate') < firstOther }).toEqual({ stack, validatedFirst: true });
      expect({ stack, appliedAfter: index(stack, 'apply') > index(stack, 'validate') }).toEqual({ stack, appliedAfter: true });
    }
  });

  it('validates other variants while dev is applied', () => {
    const firstApply = index('dev/dev-network', 'apply');
    expect(calls.slice(firstApply).some((c) => c.command === 'validate' && !c.stack.startsWith('dev/'))).toBe(true);
  });

  it('gives each dev stack that reads another a head start beside the first apply, then applies dev in dependency order', () => {
    const applies = calls.filter((c) => c.command === 'apply').map((c) => c.stack);
    const firstDone = index('dev/dev-network', 'apply-done');
    const headStarts = calls
      .slice(0, firstDone)
      .filter((c) => c.command === 'apply' && c.stack !== 'dev/dev-network')
      .map((c) => c.stack);
    expect(headStarts.sort()).toEqual(devStacks.slice(1).sort());
    // The ordered applies: every apply but the head starts, in dependency order.
    const ordered = [...applies];
    for (const stack of headStarts) ordered.splice(ordered.indexOf(stack), 1);
    expect(ordered).toEqual(devStacks);
  });

  it('destroys dev in reverse once every second plan has ended', () => {
    const lastPlanDone = calls.map((c) => c.command).lastIndexOf('plan-done');
    expect(
      calls
        .filter((c) => c.command === 'plan-done')
        .map((c) => c.stack)
        .sort(),
    ).toEqual([...devStacks].sort());
    // Destroying a stack starts with listing its state (the stand-in's is empty, so nothing more follows).
    const destroyOrder = calls
      .slice(lastPlanDone + 1)
      .filter((c) => c.command === 'state')
      .map((c) => c.stack);
    expect(destroyOrder).toEqual([...devStacks].reverse());
  });

  it('plans a stack again while the next one is applied (the next reads only its outputs)', () => {
    expect(index('dev/dev-network', 'plan-done')).toBeGreaterThan(index('dev/dev-streaming', 'apply'));
  });
});
