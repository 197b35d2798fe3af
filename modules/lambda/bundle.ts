import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { zipSync } from 'fflate';

export interface BundleOptions {
  /** The handler module; its `handler` export becomes `index.handler`. */
  readonly entry: string;
  /** More files for the zip, by name (e.g. data the handler reads at start). */
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
 * Bundles a Lambda handler with esbuild (minified CommonJS for Node 22) and zips
 * it with fixed timestamps and sorted entries: the same sources always give the
 * same bytes, so a pull request's plan shows a code change only when there is one.
 */
export function bundleFunction(options: BundleOptions): Bundle {
  // One process (an app with several environments, a test run) bundles each entry once.
  const key = JSON.stringify([options.entry, options.extraFiles ?? {}]);
  const cached = built.get(key);
  if (cached) return cached;
  const bundle = build(options);
  built.set(key, bundle);
  return bundle;
}

const built = new Map<string, Bundle>();

function build(options: BundleOptions): Bundle {
  const result = buildSync({
    entryPoints: [options.entry],
    bundle: true,
    platform: 'node',
    target: 'node22',
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
    Object.fromEntries(Object.keys(files).sort().map((name) => [name, [files[name], { mtime: FIXED_MTIME }]])),
    { level: 9, mtime: FIXED_MTIME },
  );
  const sha256 = createHash('sha256').update(zip).digest('base64');
  const name = createHash('sha256').update(zip).digest('hex').slice(0, 16);
  const dir = join(tmpdir(), 'msk-athena-bundles');
  mkdirSync(dir, { recursive: true });
  const zipPath = join(dir, `${name}.zip`);
  // Write-then-rename: parallel synths (tests) never see a half-written zip.
  const partial = `${zipPath}.${process.pid}.tmp`;
  writeFileSync(partial, zip);
  renameSync(partial, zipPath);
  return { zipPath, sha256, bytes: zip.length };
}
