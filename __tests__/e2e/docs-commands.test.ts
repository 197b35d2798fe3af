import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers/synth';

/*
 * The commands README, docs and workflows show must run as written. `npm run`
 * names must exist; every cdktf command line is run, offline and without
 * credentials, against a stand-in `terraform`: a usage error (a glob that
 * `cdktf diff` does not take, an unknown stack) fails here instead of in a
 * user's first hour.
 */
const DOCS = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => join('docs', f)),
  ...readdirSync(join(ROOT, '.github', 'workflows')).map((f) => join('.github', 'workflows', f)),
];
const text = (file: string) => readFileSync(join(ROOT, file), 'utf8').replaceAll('${{ matrix.env }}', 'dev');

function commandsIn(pattern: RegExp): { file: string; command: string }[] {
  return DOCS.flatMap((file) =>
    [...text(file).matchAll(pattern)].map((m) => ({
      file,
      command: m[0]
        .replace(/\s+#.*$/, '')
        .replace(/[`|]+$/, '')
        .trim(),
    })),
  );
}

describe('commands shown in README, docs and workflows', () => {
  it('name only npm scripts that exist', () => {
    const scripts = Object.keys(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts);
    const missing = commandsIn(/npm run (?:-s )?([a-z][a-z0-9:-]*)/g)
      .map(({ file, command }) => ({ file, script: command.replace(/^npm run (-s )?/, '') }))
      .filter(({ script }) => !scripts.includes(script));
    expect(missing).toEqual([]);
  });

  const cdktf = [...new Map(commandsIn(/npx cdktf (?:synth|diff|deploy|destroy|list|output)\b[^\n`|]*/g).map((c) => [c.command, c])).values()];

  it('include cdktf command lines to check', () => expect(cdktf.length).toBeGreaterThanOrEqual(3));

  // Concurrent: each command starts the cdktf CLI and synthesizes, seconds apiece.
  it.concurrent.each(cdktf.map((c) => [c.command, c.file]))(
    '%s (%s) is accepted by the cdktf CLI',
    async (command) => {
      const copy = mkdtempSync(join(tmpdir(), 'msk-athena-docs-'));
      for (const entry of readdirSync(ROOT)) {
        if (['node_modules', '.git', 'cdktf.out', '.cache', 'state', 'outputs.json'].includes(entry)) continue;
        cpSync(join(ROOT, entry), join(copy, entry), { recursive: true });
      }
      symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
      const bin = join(copy, '.fake-bin');
      cpSync(join(ROOT, 'package.json'), join(copy, 'package.json'));
      mkdirSync(bin);
      writeFileSync(join(bin, 'terraform'), '#!/bin/sh\necho "stand-in terraform: $*" >&2\nexit 1\n');
      chmodSync(join(bin, 'terraform'), 0o755);
      const argv = command
        .replace(/^npx /, '')
        .split(/\s+/)
        .map((a) => a.replace(/^'(.*)'$/, '$1'));
      const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(join(ROOT, 'node_modules', '.bin', argv[0]), argv.slice(1), {
          cwd: copy,
          env: {
            ...process.env,
            PATH: `${bin}:${process.env.PATH}`,
            CHECKPOINT_DISABLE: '1',
            CI: '1',
            MSK_ATHENA_REMOTE_STATE: '',
            AWS_ACCESS_KEY_ID: '',
            AWS_SECRET_ACCESS_KEY: '',
            AWS_PROFILE: '',
          },
          timeout: 120_000,
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        child.on('close', (status) => resolve({ status, stdout, stderr }));
      });
      const output = `${run.stdout}\n${run.stderr}`;
      expect(output).not.toMatch(/Usage Error|Could not find stack|Found more than one stack|Unknown argument|Not enough non-option arguments/);
      // The command got as far as Terraform (or, for synth, finished).
      expect(run.status === 0 || /stand-in terraform/.test(output)).toBe(true);
    },
    150_000,
  );

  it('npx cdktf synth works over the output of a wider earlier synth', () => {
    const copy = mkdtempSync(join(tmpdir(), 'msk-athena-resynth-'));
    for (const entry of readdirSync(ROOT)) {
      if (['node_modules', '.git', 'cdktf.out', '.cache', 'state', 'outputs.json'].includes(entry)) continue;
      cpSync(join(ROOT, entry), join(copy, entry), { recursive: true });
    }
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
    const env = { ...process.env, CHECKPOINT_DISABLE: '1', MSK_ATHENA_REMOTE_STATE: '' };
    const wide = spawnSync(process.execPath, ['bin/synth.mjs'], { cwd: copy, env, encoding: 'utf8' });
    expect(wide.status).toBe(0);
    const narrow = spawnSync(join(ROOT, 'node_modules', '.bin', 'cdktf'), ['synth'], {
      cwd: copy,
      env: { ...env, MSK_ATHENA_ENVIRONMENTS: 'dev' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect({ status: narrow.status, error: narrow.status === 0 ? '' : narrow.stderr.slice(-500) }).toEqual({ status: 0, error: '' });
  }, 150_000);
});
