import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers/synth';

/*
 * `npm run plan` with a stand-in `terraform` on PATH that logs its calls: the
 * order of stacks, which are skipped against a base, and what a plan stopped
 * by prevent_destroy reports. Real Terraform runs in `npm run rehearse`.
 */
const FAKE_TERRAFORM = `#!/bin/sh
dir=$(echo "$1" | sed 's/^-chdir=//'); shift
echo "$(basename "$dir") $1" >> "$TF_CALLS"
case "$1" in
  init) exit 0 ;;
  plan)
    if grep -q '"prevent_destroy": *true' "$dir/cdk.tf.json" && [ -n "$TF_BLOCK" ]; then
      echo 'Error: Instance cannot be destroyed (lifecycle.prevent_destroy)' >&2; exit 1
    fi
    : > "$dir/plan.out"; exit 0 ;;
  show)
    if [ "$2" = "-json" ]; then
      if [ -n "$TF_BLOCK" ]; then
        echo '{"format_version":"1.2","resource_changes":[{"address":"aws_s3_bucket.Spill","type":"aws_s3_bucket","change":{"actions":["delete","create"],"before":{"bucket_prefix":"a-"},"after":{"bucket_prefix":"b-"},"replace_paths":[["bucket_prefix"]]}}]}'
      else
        echo '{"format_version":"1.2","resource_changes":[]}'
      fi
    else echo "plan text"; fi ;;
esac
`;

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'msk-athena-plan-'));
  writeFileSync(join(dir, 'terraform'), FAKE_TERRAFORM);
  chmodSync(join(dir, 'terraform'), 0o755);
  return { bin: dir, calls: join(dir, 'calls.log'), out: join(dir, 'out'), base: join(dir, 'base') };
}

function plan(t: ReturnType<typeof setup>, args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'bin/plan.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${t.bin}:${process.env.PATH}`, TF_CALLS: t.calls, CDKTF_OUTDIR: t.out, MSK_ATHENA_REMOTE_STATE: '', ...env },
  });
}

const calls = (t: ReturnType<typeof setup>) => (existsSync(t.calls) ? readFileSync(t.calls, 'utf8').trim().split('\n') : []);

describe('npm run plan', () => {
  it('plans every stack of the environment in dependency order, with plan.json beside each', () => {
    const t = setup();
    const r = plan(t, ['--env', 'dev']);
    expect(r.stderr).toContain('plan: 3 planned, 0 unchanged, 0 failed');
    expect(r.status).toBe(0);
    expect(calls(t).filter((c) => c.endsWith(' plan'))).toEqual(['dev-network plan', 'dev-streaming plan', 'dev-analytics plan']);
    expect(JSON.parse(readFileSync(join(t.out, 'stacks', 'dev-network', 'plan.json'), 'utf8')).format_version).toBe('1.2');
    expect(r.stdout).toContain('| dev-analytics | 0 | 0 | 0 | 0 |');
  });

  it('skips the stacks whose Terraform is identical on the base branch, and says so', () => {
    const t = setup();
    expect(plan(t, ['--env', 'dev']).status).toBe(0);
    cpSync(t.out, t.base, { recursive: true });
    const analytics = join(t.base, 'stacks', 'dev-analytics', 'cdk.tf.json');
    writeFileSync(analytics, `${readFileSync(analytics, 'utf8')} `);
    writeFileSync(t.calls, '');
    const r = plan(t, ['--env', 'dev', '--base', t.base, '--summary', join(t.bin, 'summary.md')]);
    expect(r.status).toBe(0);
    expect(calls(t).filter((c) => c.endsWith(' plan'))).toEqual(['dev-analytics plan']);
    const md = readFileSync(join(t.bin, 'summary.md'), 'utf8');
    expect(md).toContain('| dev-network | _unchanged, not planned_ | | | |');
    expect(md).toContain("Not planned, their synthesized Terraform is identical to the base branch's: dev-network, dev-streaming.");
  });

  it('says which protected resource prevent_destroy saved, and why, and fails', () => {
    const t = setup();
    const r = plan(t, ['--env', 'dev'], { TF_BLOCK: '1' });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('### Plan stopped by prevent_destroy');
    expect(r.stdout).toContain('`aws_s3_bucket.Spill` would be replaced because `bucket_prefix` changes from `a-` to `b-`');
    expect(r.stderr).toMatch(/plan: dev-network: terraform plan failed: Error: Instance cannot be destroyed/);
  });

  it('refuses a base folder with nothing synthesized in it', () => {
    const t = setup();
    const r = plan(t, ['--env', 'dev', '--base', t.bin]);
    expect({ status: r.status, stderr: r.stderr.trim() }).toEqual({ status: 2, stderr: `plan: --base ${t.bin} holds no synthesized stacks (manifest.json); see --help` });
  });
});
