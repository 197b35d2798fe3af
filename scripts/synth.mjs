/*
 * `npm run synth` and cdktf's app command: runs main.ts as JavaScript that
 * esbuild compiled into .cache/synth/, rebuilt only when a file it was built from
 * changed. A TypeScript loader would compile on every run and hook every module
 * load, cdktf's included: it tripled the time of a synth.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, '.cache', 'synth', 'main.cjs');
const INPUTS = `${OUT}.inputs.json`;
const sha = (path) => createHash('sha256').update(readFileSync(join(ROOT, path))).digest('hex');

/** True when every source of the last build is unchanged (tsconfig and the lock file count too). */
function fresh() {
  try {
    const inputs = JSON.parse(readFileSync(INPUTS, 'utf8'));
    return Object.entries(inputs).every(([path, hash]) => sha(path) === hash);
  } catch {
    return false;
  }
}

async function build() {
  const { build: esbuild } = await import('esbuild');
  const result = await esbuild({
    absWorkingDir: ROOT,
    entryPoints: ['main.ts'],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // cdktf, the provider bindings, zod and the format parsers load from node_modules as usual.
    packages: 'external',
    outfile: OUT,
    write: false,
    metafile: true,
    logLevel: 'warning',
  });
  const sources = [...Object.keys(result.metafile.inputs), 'tsconfig.json', 'package-lock.json'].sort();
  mkdirSync(dirname(OUT), { recursive: true });
  // Written aside and renamed: a synth running beside this one never reads half a file.
  writeAtomically(OUT, result.outputFiles[0].contents);
  writeAtomically(INPUTS, JSON.stringify(Object.fromEntries(sources.map((p) => [p, sha(p)]))));
}

function writeAtomically(path, contents) {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, contents);
  renameSync(tmp, path);
}

if (!fresh()) await build();
createRequire(import.meta.url)(OUT);
