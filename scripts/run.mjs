/*
 * `node scripts/run.mjs <entry.ts> [args...]`: runs a TypeScript entry point
 * (main.ts, bin/<tool>.ts) as JavaScript that esbuild compiled
 * into .cache/build/, rebuilt only when a file it was built from changed. Every
 * npm script that runs TypeScript goes through here. A TypeScript loader would
 * compile on every run and hook every module load, cdktf's included: it tripled
 * the time of a synth and made each command-line tool start in seconds.
 *
 * The bundle's first line records the hash of every file it was built from, as
 * esbuild read it; the bundle is written aside and renamed, so two runs building
 * at once never read half a file or a bundle paired with another's hashes.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname, extname, isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = join(ROOT, '.cache', 'build');
/** Files every bundle depends on besides its sources: how esbuild reads TypeScript, the installed packages, and how it is built here. */
const ALWAYS = ['tsconfig.json', 'package-lock.json', 'scripts/run.mjs'];
const HEADER = '// built from: ';

const sha = (contents) => createHash('sha256').update(contents).digest('hex');
const posix = (path) => path.split(sep).join('/');

/** Where the bundle of `entry` (a path relative to the project, e.g. bin/plan.ts) is written. */
export function bundlePath(entry) {
  return join(OUT_DIR, entry.replace(/\.ts$/, '.cjs'));
}

/** True when every file the last bundle of `entry` was built from is unchanged. */
function fresh(entry) {
  try {
    const text = readFileSync(bundlePath(entry), 'utf8');
    const first = text.slice(0, text.indexOf('\n'));
    if (!first.startsWith(HEADER)) return false;
    const inputs = JSON.parse(first.slice(HEADER.length));
    return Object.entries(inputs).every(([path, hash]) => sha(readFileSync(join(ROOT, path))) === hash);
  } catch {
    return false;
  }
}

/**
 * Compiled code keeps the folder of its source as __dirname and __filename (the
 * tools find pom.xml, docs/examples and the project root from there), given
 * relative to the bundle so the cache holds no path of this machine. Each source
 * is read here, so its hash is of exactly the text that went into the bundle.
 */
function sourcesPlugin(outDir, hashes) {
  return {
    name: 'project-sources',
    setup(build) {
      build.onLoad({ filter: /\.(ts|json)$/ }, (args) => {
        const contents = readFileSync(args.path, 'utf8');
        hashes.set(posix(relative(ROOT, args.path)), sha(contents));
        if (args.path.endsWith('.json')) return { contents, loader: 'json' };
        const here = (path) => JSON.stringify(posix(relative(outDir, path)));
        const locals = [
          /\b__dirname\b/.test(contents) ? `const __dirname = __fromBundle(${here(dirname(args.path))});` : '',
          /\b__filename\b/.test(contents) ? `const __filename = __fromBundle(${here(args.path)});` : '',
        ].join('');
        // Prepended on the first line so esbuild's line numbers still match the source's.
        return { contents: locals + contents, loader: 'ts' };
      });
    },
  };
}

/*
 * Packages compiled into the bundle with everything they import: a synth loads
 * fifty-odd provider bindings and zod's, protobufjs's and avsc's modules, and
 * Node.js resolves, reads and wraps each file on every run (a tenth of a synth
 * on Node.js 20). cdktf and constructs stay shared packages: the bindings and
 * the project must see the one cdktf. Everything else loads from node_modules
 * as usual; its version is pinned by package-lock.json, which every bundle hashes.
 */
const INLINED = new Set(['@cdktf/provider-aws', 'zod', 'protobufjs', 'avsc', 'fastest-levenshtein', 'lossless-json']);
// cdktn: CDK Terrain's provider bindings import it by that name, installed under the cdktf alias (docs/getting-started.md, "Moving to CDK Terrain").
const SHARED = new Set(['cdktf', 'cdktn', 'constructs']);
const packageOf = (specifier) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

function packagesPlugin() {
  return {
    name: 'inlined-packages',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, ({ path, importer }) => {
        const name = packageOf(path);
        if (SHARED.has(name)) return { external: true };
        // Inside an inlined package its own dependencies come along (protobufjs brings long).
        if (INLINED.has(name) || importer.includes(`${sep}node_modules${sep}`)) return undefined;
        return { external: true };
      });
    },
  };
}

/** A source does not compile: esbuild has printed where; `run` adds one line and exit code 1. */
export class BuildFailed extends Error {}

async function build(entry) {
  const { build: esbuild } = await import('esbuild');
  const out = bundlePath(entry);
  // Hashed before the build: a change made while it runs makes the next run rebuild.
  const hashes = new Map(ALWAYS.map((p) => [p, sha(readFileSync(join(ROOT, p)))]));
  let result;
  try {
    result = await esbuild({
      absWorkingDir: ROOT,
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      outfile: out,
      write: false,
      logLevel: 'warning',
      plugins: [sourcesPlugin(dirname(out), hashes), packagesPlugin()],
      // Captured before any source's own __dirname (declared below it) can shadow the bundle's.
      banner: { js: 'const __fromBundle = ((dir) => (path) => require("node:path").join(dir, path))(__dirname);' },
    });
  } catch {
    // esbuild has printed each error with its file and line already.
    throw new BuildFailed(`${entry} does not compile (errors above); fix them and run again`);
  }
  const inputs = Object.fromEntries([...hashes].sort(([a], [b]) => a.localeCompare(b)));
  mkdirSync(dirname(out), { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  writeFileSync(tmp, `${HEADER}${JSON.stringify(inputs)}\n${result.outputFiles[0].text}`);
  renameSync(tmp, out);
}

/** Resolves a command-line entry to a project-relative .ts path, or says what is wrong. */
function entryOf(arg) {
  const rel = posix(isAbsolute(arg) ? relative(ROOT, arg) : relative(ROOT, join(process.cwd(), arg)));
  if (extname(rel) !== '.ts' || rel.startsWith('../')) return { problem: `expected a TypeScript file of this project, e.g. bin/plan.ts, got "${arg}"` };
  if (!existsSync(join(ROOT, rel))) return { problem: `${rel} does not exist` };
  return { entry: rel };
}

/** Builds each stale entry; returns the bundle paths. Tests call this once before spawning the tools. */
export async function ensureBuilt(entries) {
  for (const entry of entries) if (!fresh(entry)) await build(entry);
  return entries.map(bundlePath);
}

/** Runs `entry` as the process's main module with `args`, as `node <bundle> args` would. */
export async function run(entry, args) {
  let out;
  try {
    [out] = await ensureBuilt([entry]);
  } catch (err) {
    if (!(err instanceof BuildFailed)) throw err;
    console.error(`run: ${err.message}`);
    process.exitCode = 1;
    return;
  }
  process.argv = [process.argv[0], out, ...args];
  // Node.js 22.1+ keeps V8's compiled code of every module it loads (cdktf, the provider
  // bindings, the bundle) in .cache/compile, keyed by the file's contents: later runs skip
  // compiling them. Older Node.js lacks the call.
  Module.enableCompileCache?.(join(ROOT, '.cache', 'compile'));
  // runMain makes the bundle require.main, so `if (require.main === module)` entry points run.
  Module.runMain(out);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [arg, ...args] = process.argv.slice(2);
  const { entry, problem } = arg && !arg.startsWith('-') ? entryOf(arg) : { problem: 'say which entry point to run' };
  if (problem) {
    console.error(`run: ${problem}\nusage: node scripts/run.mjs <file.ts> [args...]  (runs it compiled; the npm scripts use this)`);
    process.exit(2);
  }
  await run(entry, args);
}
