import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import type * as Esbuild from 'esbuild';
import type * as Fflate from 'fflate';
import { NODE_RUNTIME } from '../../core/aws-facts';

export interface BundleOptions {
  /** The handler module; its `handler` export becomes `index.handler`. */
  readonly entry: string;
  /** More files for the zip, by name (e.g. data the handler reads at start). @default none */
  readonly extraFiles?: Readonly<Record<string, string>>;
}

export interface Bundle {
  /** Path of the zip, named by its content. */
  readonly zipPath: string;
  /** base64 SHA-256 of the zip, as Lambda's source_code_hash expects. */
  readonly sha256: string;
  readonly bytes: number;
}

/*
 * Zip entries carry DOS timestamps in local time; fflate fills them from a Date's
 * local fields. A Date built from local fields is therefore the same on every
 * machine and time zone (1980-01-01 00:00, the DOS epoch).
 */
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);

/**
 * Bundles a Lambda handler with esbuild (minified CommonJS for Node 24, the
 * functions' runtime: NODE_RUNTIME in core/aws-facts.ts) and zips
 * it with fixed timestamps and sorted entries: the same sources always give the
 * same bytes, so a pull request's plan shows a code change only when there is one.
 */
export function bundleFunction(options: BundleOptions): Bundle {
  // One process (an app with several environments, a test run) bundles each entry once.
  const key = JSON.stringify([options.entry, options.extraFiles ?? {}]);
  const cached = built.get(key);
  if (cached) return cached;
  const bundle = fromDiskCache(key) ?? build(options, key);
  built.set(key, bundle);
  return bundle;
}

const built = new Map<string, Bundle>();
const STAGING = join(tmpdir(), 'msk-athena-bundles');
const sha = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

/** A source file as the bundle read it: size and modification time, then the hash of its content. */
type InputStamp = [size: number, mtimeMs: number, sha256: string];

interface CacheEntry extends Bundle {
  /** Every source file esbuild read. */
  readonly inputs: Record<string, InputStamp>;
}

const stamp = (file: string): InputStamp => {
  const { size, mtimeMs } = statSync(file);
  return [size, mtimeMs, sha(readFileSync(file))];
};

/** Unchanged when size and time match (the usual case, without reading the file); else when the content does. */
function unchanged(file: string, [size, mtimeMs, hash]: InputStamp): boolean {
  const now = statSync(file);
  if (now.size !== size) return false;
  return now.mtimeMs === mtimeMs || sha(readFileSync(file)) === hash;
}

/*
 * A package's files change only when packages are installed, and every npm
 * install rewrites node_modules/.package-lock.json: that one file stands for
 * the thousand-odd files a handler reads from that node_modules, so checking a
 * cached zip takes a few stats instead of one per file. Without the file
 * (another package manager) each input is stamped itself. So is each file a
 * patch in the project's patches/ folder changes (patch-package, run after
 * npm has written its record): a changed patch applied by an install that
 * leaves the record's content as it was still rebuilds.
 */
function stampedFiles(inputs: readonly string[]): string[] {
  const records = new Map<string, boolean>();
  const hasRecord = (modules: string) => {
    if (!records.has(modules)) records.set(modules, existsSync(join(modules, '.package-lock.json')));
    return records.get(modules)!;
  };
  const patched = new Map<string, Set<string>>();
  const patchedIn = (modules: string) => {
    if (!patched.has(modules)) patched.set(modules, patchedFiles(dirname(modules)));
    return patched.get(modules)!;
  };
  const marker = `${sep}node_modules${sep}`;
  const stampFor = (file: string) => {
    // The innermost node_modules with a record is the install the file came from (nested ones have none).
    for (let at = file.lastIndexOf(marker); at >= 0; at = at > 0 ? file.lastIndexOf(marker, at - 1) : -1) {
      const modules = file.slice(0, at + marker.length - 1);
      if (hasRecord(modules)) return patchedIn(modules).has(file) ? file : join(modules, '.package-lock.json');
    }
    return file;
  };
  return [...new Set(inputs.map(stampFor))].sort();
}

/** The files under `root`'s node_modules that the patches in `root`/patches (patch-package's unified diffs) change. */
function patchedFiles(root: string): Set<string> {
  const folder = join(root, 'patches');
  if (!existsSync(folder)) return new Set();
  const files = readdirSync(folder)
    .filter((f) => f.endsWith('.patch'))
    .flatMap((f) => [...readFileSync(join(folder, f), 'utf8').matchAll(/^\+\+\+ b\/(node_modules\/\S+)$/gm)].map((m) => resolve(root, m[1])));
  return new Set(files);
}

/*
 * esbuild needs about a second per function; a synth that changed no source
 * reuses the last zip. The cache entry lists every file the bundle was built
 * from (esbuild's metafile) with its hash: any change there rebuilds.
 */
function cachePath(key: string): string {
  return join(STAGING, `${sha(key).slice(0, 24)}.json`);
}

function fromDiskCache(key: string): Bundle | undefined {
  try {
    const entry = JSON.parse(readFileSync(cachePath(key), 'utf8')) as CacheEntry;
    if (!existsSync(entry.zipPath)) return undefined;
    for (const [file, input] of Object.entries(entry.inputs)) if (!Array.isArray(input) || !unchanged(file, input)) return undefined;
    return { zipPath: entry.zipPath, sha256: entry.sha256, bytes: entry.bytes };
  } catch {
    return undefined;
  }
}

function build(options: BundleOptions, key: string): Bundle {
  // Loaded here, not at the top: a synth whose bundles are cached never needs them.
  /* eslint-disable @typescript-eslint/no-require-imports -- lazy, as said above */
  const { buildSync } = require('esbuild') as typeof Esbuild;
  const { zipSync } = require('fflate') as typeof Fflate;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const started = Date.now();
  const result = buildSync({
    metafile: true,
    absWorkingDir: process.cwd(),
    entryPoints: [options.entry],
    bundle: true,
    platform: 'node',
    target: NODE_RUNTIME.replace(/^nodejs(\d+)\.x$/, 'node$1'), // node24 for nodejs24.x
    format: 'cjs',
    minify: true,
    legalComments: 'none',
    keepNames: true, // error classes are told apart by name in logs and by callers
    sourcemap: false,
    write: false,
    outfile: 'index.js',
    logLevel: 'silent',
  });
  const files: Record<string, Uint8Array> = { 'index.js': result.outputFiles[0].contents };
  for (const [name, text] of Object.entries(options.extraFiles ?? {})) files[name] = Buffer.from(text);
  const zip = zipSync(
    Object.fromEntries(
      Object.keys(files)
        .sort()
        .map((name) => [name, [files[name], { mtime: FIXED_MTIME }]]),
    ),
    { level: 9, mtime: FIXED_MTIME },
  );
  const sha256 = createHash('sha256').update(zip).digest('base64');
  mkdirSync(STAGING, { recursive: true });
  const zipPath = join(STAGING, `${sha(zip).slice(0, 16)}.zip`);
  writeAtomically(zipPath, zip);
  const bundle = { zipPath, sha256, bytes: zip.length };
  const inputs = Object.fromEntries(stampedFiles(Object.keys(result.metafile!.inputs).map((f) => resolve(process.cwd(), f))).map((f) => [f, stamp(f)]));
  // A source touched while esbuild ran may differ from what it read, and its stamp would vouch
  // for a stale zip on every later synth; such a build is used now and rebuilt next time.
  // The margin covers file times that trail the process clock by a tick.
  const settled = Object.values(inputs).every(([, mtimeMs]) => mtimeMs < started - MTIME_MARGIN_MS);
  if (settled) writeAtomically(cachePath(key), JSON.stringify({ ...bundle, inputs } satisfies CacheEntry));
  return bundle;
}

const MTIME_MARGIN_MS = 1000;

/** Write-then-rename: parallel synths (test workers) never read a half-written file. */
function writeAtomically(path: string, data: Uint8Array | string): void {
  const partial = `${path}.${process.pid}.tmp`;
  writeFileSync(partial, data);
  renameSync(partial, path);
}
