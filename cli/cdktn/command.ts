/**
 * `npm run cdktn:check`: keeps the exit path from cdktf to
 * CDK Terrain true. Copies the project twice: one copy as it is (cdktf), one
 * installed with the cdktn aliases of cli/cdktn/aliases.ts, both run on a
 * Node.js 22 binary from npm. Both synthesize dev, prod and every rehearsal
 * variant, and the cdktn copy also through the `cdktn synth` CLI; every file
 * must be equal but for the framework version. Then the cdktn copy type-checks
 * and passes the unit suite. Exit 1 on any difference or failure.
 */
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { command, wholeNumber } from '../lib/command';
import { copyProject } from '../lib/project/copy';
import { CDKTN, withCdktnAliases } from './aliases';
import { compareTrees } from './compare';
import { PROJECT_ROOT } from '../../core/project-root';

const ROOT = PROJECT_ROOT;

const USAGE = `usage: npm run cdktn:check [-- options]
Checks that the project moves to CDK Terrain (${CDKTN.library}, ${CDKTN.providerAws},
constructs ${CDKTN.constructs}, ${CDKTN.cli.name} ${CDKTN.cli.version}) by npm aliases alone: a copy installed
with them synthesizes every stack of dev, prod and the rehearsal variants equal to
cdktf's but for the framework version, and passes the type check and the unit suite.
Runs on Node.js 22 (the npm package node-<os>-<arch>, cached in .cache/node/).
  --node MAJOR     Node.js line to run both copies on (default 22; cdktn-cli needs >= ${CDKTN.cliNode})
  --synth-only     skip the type check and the unit suite of the cdktn copy
  --keep           leave the work folder and say where it is
  -h, --help       this text`;

const log = (s: string) => process.stderr.write(`${s}\n`);

/** The last lines of a failed command's output, for the one-line report. */
function tail(run: SpawnSyncReturns<string>, lines = 15): string {
  return `${run.stdout ?? ''}\n${run.stderr ?? ''}`.trim().split('\n').slice(-lines).join('\n');
}

interface Step {
  readonly name: string;
  readonly seconds: number;
  readonly result: string;
  readonly ok: boolean;
}

export const main = command(
  { name: 'cdktn-check', usage: USAGE, options: { node: { type: 'string' }, 'synth-only': { type: 'boolean' }, keep: { type: 'boolean' } } } as const,
  ({ values }) => {
    const major = wholeNumber(values.node, '--node', { min: 22, max: 99 }) ?? 22;
    const steps: Step[] = [];
    const step = (name: string, run: () => string | { result: string; ok: boolean }) => {
      log(`${name}...`);
      const start = process.hrtime.bigint();
      let out: { result: string; ok: boolean };
      try {
        const r = run();
        out = typeof r === 'string' ? { result: r, ok: true } : r;
      } catch (err) {
        out = { result: (err as Error).message, ok: false };
      }
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      steps.push({ name, seconds, ...out });
      log(`  ${out.ok ? 'ok' : 'FAILED'} in ${seconds.toFixed(1)} s: ${out.result}`);
      return out.ok;
    };

    const work = mkdtempSync(join(tmpdir(), 'msk-athena-cdktn-'));
    const cdktf = join(work, 'cdktf');
    const cdktn = join(work, 'cdktn');
    let bin = '';
    // The project's defaults (dev and every config/<env>.json, schemas/, cdktf.out), whatever the caller's shell sets.
    const env = () => {
      // npm_config_nodedir: native modules npm builds at install get this line's headers (CI exports Node.js 24's).
      const vars: NodeJS.ProcessEnv = {
        ...process.env,
        PATH: [bin, process.env.PATH].join(delimiter),
        CHECKPOINT_DISABLE: '1',
        npm_config_nodedir: dirname(bin),
      };
      for (const name of ['MSK_ATHENA_REMOTE_STATE', 'MSK_ATHENA_ENVIRONMENTS', 'MSK_ATHENA_SCHEMAS', 'CDKTF_OUTDIR']) delete vars[name];
      return vars;
    };
    const node = (cwd: string, args: string[], timeout = 15 * 60_000) =>
      spawnSync(join(bin, 'node'), args, { cwd, env: env(), encoding: 'utf8', maxBuffer: 256 * 2 ** 20, timeout });
    const must = (what: string, run: SpawnSyncReturns<string>) => {
      if (run.status !== 0) throw new Error(`${what} failed (exit ${run.status ?? run.signal}):\n${tail(run)}`);
      return run;
    };

    try {
      const ready =
        step(`Node.js ${major} from npm`, () => {
          const installer = [join(ROOT, 'scripts', 'node-binary.mjs'), String(major)];
          bin = execFileSync(process.execPath, installer, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
          return execFileSync(join(bin, 'node'), ['--version'], { encoding: 'utf8' }).trim();
        }) &&
        step('copy the project twice (cdktf as it is; cdktn with the aliases)', () => {
          copyProject(cdktf);
          symlinkSync(join(ROOT, 'node_modules'), join(cdktf, 'node_modules'), 'dir');
          copyProject(cdktn);
          const pkgFile = join(cdktn, 'package.json');
          writeFileSync(pkgFile, `${JSON.stringify(withCdktnAliases(JSON.parse(readFileSync(pkgFile, 'utf8'))), null, 2)}\n`);
          const cli = `${CDKTN.cli.name} ${CDKTN.cli.version}`;
          return `cdktf -> npm:${CDKTN.library}, @cdktf/provider-aws -> npm:${CDKTN.providerAws}, constructs ${CDKTN.constructs}, ${cli}`;
        }) &&
        step('npm install in the cdktn copy', () => {
          // npm itself is a `#!/usr/bin/env node` script: with the binary first on PATH it runs on that line.
          const install = ['install', '--no-audit', '--no-fund', '--loglevel=error'];
          must('npm install', spawnSync('npm', install, { cwd: cdktn, env: env(), encoding: 'utf8', maxBuffer: 64 * 2 ** 20 }));
          const installed = (name: string) => JSON.parse(readFileSync(join(cdktn, 'node_modules', name, 'package.json'), 'utf8'));
          const got = [installed('cdktf'), installed('@cdktf/provider-aws'), installed('constructs')].map((p) => `${p.name}@${p.version}`);
          const wanted = [CDKTN.library, CDKTN.providerAws, `constructs@${CDKTN.constructs}`];
          if (got.join() !== wanted.join()) throw new Error(`node_modules holds ${got.join(', ')}; expected ${wanted.join(', ')}`);
          return got.join(', ');
        });

      if (ready) {
        const synth = (copy: string) => {
          must('npm run synth', node(copy, ['bin/synth.mjs']));
          must('synth-variants', node(copy, ['scripts/run.mjs', 'cli/scan/synth-variants.ts', join('.cache', 'variants')]));
        };
        const same = (what: string, a: string, b: string) => {
          const { compared, differences } = compareTrees(a, b, ['cdktf', 'cdktn']);
          if (compared === 0) return { ok: false, result: `${what}: no files to compare` };
          if (differences.length === 0) return `${what}: ${compared} files equal but for the framework version`;
          return { ok: false, result: `${what}: ${differences.length} of ${compared} files differ:\n    ${differences.slice(0, 20).join('\n    ')}` };
        };
        step('synthesize with cdktf (dev, prod, every rehearsal variant)', () => (synth(cdktf), 'written'));
        step('synthesize with cdktn (dev, prod, every rehearsal variant)', () => (synth(cdktn), 'written'));
        step('compare dev and prod', () => same('dev and prod', join(cdktf, 'cdktf.out'), join(cdktn, 'cdktf.out')));
        step('compare the rehearsal variants', () => same('variants', join(cdktf, '.cache', 'variants'), join(cdktn, '.cache', 'variants')));
        step('cdktn synth (the CLI) in the cdktn copy', () => {
          must('cdktn synth', node(cdktn, [join('node_modules', '.bin', 'cdktn'), 'synth', '--output', 'cli.out']));
          return same('cdktn synth', join(cdktf, 'cdktf.out'), join(cdktn, 'cli.out'));
        });
        if (!values['synth-only']) {
          const tsc = [join('node_modules', 'typescript', 'bin', 'tsc'), '--noEmit'];
          step('type check in the cdktn copy', () => (must('tsc --noEmit', node(cdktn, tsc)), '0 errors'));
          step('unit suite in the cdktn copy', () => {
            const run = node(cdktn, [join('node_modules', 'jest', 'bin', 'jest.js'), '--ci', '--silent']);
            const summary = /^Tests:.*$/m.exec(run.stderr)?.[0];
            if (run.status === 0) return summary ?? 'passed';
            // Which tests failed, by name: jest's own summary lines, not its whole output.
            const failed = [
              ...new Set(
                run.stderr
                  .split('\n')
                  .filter((l) => /^(FAIL |\s+● )/.test(l))
                  .map((l) => l.trim()),
              ),
            ];
            const detail = failed.length ? failed.slice(0, 30).join('\n    ') : tail(run);
            return { ok: false, result: `${summary ?? `jest exit ${run.status ?? run.signal}`}:\n    ${detail}` };
          });
        }
      }
    } finally {
      if (values.keep) log(`work folder kept: ${work}`);
      else rmSync(work, { recursive: true, force: true });
    }

    const failed = steps.filter((s) => !s.ok);
    const total = steps.reduce((n, s) => n + s.seconds, 0);
    console.log(steps.map((s) => `${s.ok ? 'ok  ' : 'FAIL'} ${s.seconds.toFixed(1).padStart(6)} s  ${s.name}`).join('\n'));
    const failedNames = failed.map((s) => s.name).join('; ');
    console.log(failed.length === 0 ? `cdktn-check: passed in ${total.toFixed(0)} s` : `cdktn-check: ${failed.length} step(s) failed: ${failedNames}`);
    return failed.length === 0 ? 0 : 1;
  },
);
