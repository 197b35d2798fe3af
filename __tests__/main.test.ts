import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { FIXTURE, ROOT } from './helpers/synth';

/** `npm run synth`'s command (cdktf.json's app is the same, checked in cli-conventions). */
const SYNTH: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.synth;

/** Runs the app the way `npm run synth` does, into `outdir`. */
function synth(outdir: string, env: Record<string, string> = {}) {
  const [program, ...args] = SYNTH.split(' ');
  if (program !== 'node') throw new Error(`npm run synth runs "${SYNTH}"; this test knows how to run a node script only`);
  return spawnSync(process.execPath, args, {
    cwd: ROOT,
    // The test tables, not the project's own: a table a user is still writing never fails this suite.
    env: { ...process.env, CDKTF_OUTDIR: outdir, MSK_ATHENA_ENVIRONMENTS: 'dev', MSK_ATHENA_SCHEMAS: join(FIXTURE, 'schemas'), ...env },
    encoding: 'utf8',
  });
}

function filesUnder(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const entry of readdirSync(d).sort()) {
      const p = join(d, entry);
      if (statSync(p).isDirectory()) walk(p);
      else files.set(relative(dir, p), readFileSync(p));
    }
  };
  walk(dir);
  return files;
}

const scratch = () => mkdtempSync(join(tmpdir(), 'msk-athena-synth-'));

describe('the app (main.ts)', () => {
  // Two synths shared by the first two tests; the first finds stack folders of an earlier run (empty, so no file differs).
  let [a, b] = ['', ''];
  let runs: ReturnType<typeof synth>[];
  beforeAll(() => {
    [a, b] = [join(scratch(), 'out'), join(scratch(), 'out')];
    mkdirSync(join(a, 'stacks', 'old-network'), { recursive: true });
    runs = [synth(a), synth(b)];
  });

  it('writes the same bytes twice, with no path of this machine in them', () => {
    expect(runs.map((r) => ({ status: r.status, stderr: r.status === 0 ? '' : r.stderr }))).toEqual([
      { status: 0, stderr: '' },
      { status: 0, stderr: '' },
    ]);
    const first = filesUnder(a);
    const second = filesUnder(b);
    expect([...first.keys()]).toEqual([...second.keys()]);
    expect([...first.keys()]).toEqual(
      expect.arrayContaining([
        'manifest.json',
        'stacks/dev-analytics/cdk.tf.json',
        'stacks/dev-monitoring/cdk.tf.json',
        'stacks/dev-network/cdk.tf.json',
        'stacks/dev-streaming/cdk.tf.json',
      ]),
    );
    for (const [name, bytes] of first) {
      expect({ name, same: bytes.equals(second.get(name)!) }).toEqual({ name, same: true });
      const text = bytes.toString('utf8');
      for (const machinePath of [ROOT, tmpdir(), a, process.env.HOME ?? '/root']) expect(text).not.toContain(machinePath);
    }
  });

  it('ends with one line saying what it wrote, and names stack folders of earlier runs', () => {
    const [run] = runs;
    expect(run.status).toBe(0);
    const tables = readdirSync(join(FIXTURE, 'schemas'), { recursive: true }).filter((f) => /\.(json|avsc|proto)$/.test(String(f))).length;
    expect(run.stdout.trim().split('\n').pop()).toBe(
      `synth: 1 environment (dev), 4 stacks, ${tables} table${tables === 1 ? '' : 's'} written to ${relative(ROOT, a)}; ${relative(ROOT, join(a, 'stacks'))} also holds old-network from earlier runs (not synthesized now, not deployed by cdktf; delete them at will)`,
    );
    const manifest = JSON.parse(readFileSync(join(a, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.stacks).sort()).toEqual(['dev-analytics', 'dev-monitoring', 'dev-network', 'dev-streaming']);
  });

  it('fails on a broken schema with one line per problem and writes nothing', () => {
    const schemas = scratch();
    cpSync(join(FIXTURE, 'schemas'), schemas, { recursive: true });
    writeFileSync(
      join(schemas, 'customer', 'orders.json'),
      JSON.stringify({ topicName: 'orders', message: { dataFormat: 'JSON', fields: [{ name: 'items', mapping: 'items', type: 'ARRAY' }] } }),
    );
    const out = join(scratch(), 'out');
    const run = synth(out, { MSK_ATHENA_SCHEMAS: schemas });
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^2 problems in .*, nothing was synthesized:$/);
    expect(lines.slice(1).map((l) => l.trim().replace(/^.*customer\//, 'customer/'))).toEqual([
      'customer/orders.json: message.dataFormat: "JSON" is not a data format the connector reads; write exactly "json" or "csv" (lower case)',
      // The field's name after its index is new in problem lines; both forms name the same place.
      expect.stringMatching(
        /^customer\/orders\.json: message\.fields\[0\]( \(items\))?\.type: "ARRAY" is not a type the connector reads \(nested values come back empty\); write nested values as JSON strings and type the field VARCHAR$/,
      ),
    ]);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(out)).toBe(false);
  });

  it('fails on a bad config value naming the key, and writes nothing', () => {
    const out = join(scratch(), 'out');
    const run = synth(out, { MSK_ATHENA_ENVIRONMENTS: 'dev,broken-' + 'x'.repeat(20) });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('name: expected 2-16 of a-z, 0-9 and -, starting with a letter; rename the environment, e.g. dev');
    expect(existsSync(out)).toBe(false);
  });
});
