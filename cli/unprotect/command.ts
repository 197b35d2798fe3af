/**
 * `npm run unprotect -- --env NAME`: the first step of tearing an environment
 * down. Sets "protectData": false in config/NAME.json and keeps every other key
 * (an adopted cluster's file without its keys would plan a new VPC and cluster).
 * The result is checked with the config loader before anything is written.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { loadEnvironmentConfig, resolveEnvironmentConfig, type LoadOptions } from '../../config/load';
import { BUILT_IN_ENVIRONMENTS } from '../../config/presets';
import { InputError } from '../../core/problems';
import { PROJECT_ROOT } from '../../core/project-root';
import { runCli, UsageError } from '../lib/command';

const USAGE = `usage: npm run unprotect -- --env NAME
  --env NAME  environment to make destroyable, e.g. dev
  -h, --help  this text

Sets "protectData": false in config/NAME.json (created if absent, every other
key kept), after checking the result with the config loader. Nothing changes in
AWS until you deploy; then destroy.`;

const spec = { name: 'unprotect', usage: USAGE, options: { env: { type: 'string' } } } as const;

export interface Unprotected {
  /** The config file, relative to the project root. */
  readonly file: string;
  readonly created: boolean;
  /** False when protectData was already false: the file is left as it was. */
  readonly changed: boolean;
}

/** The file's own indentation (two spaces when it has none) and line ending, so a review diff shows one line. */
function styleOf(text: string): { indent: string; eol: string } {
  return { indent: /\n([ \t]+)"/.exec(text)?.[1] ?? '  ', eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

/**
 * The file's own text with only "protectData" set to false (its value turned, or
 * the key added after the last one), so a review diff shows just that line;
 * undefined when no such edit reads back as `expected` (then the file is rewritten).
 */
function editedInPlace(text: string, expected: Record<string, unknown>, indent: string, eol: string): string | undefined {
  const reads = (candidate: string) => {
    try {
      return isDeepStrictEqual(JSON.parse(candidate), expected) ? candidate : undefined;
    } catch {
      return undefined;
    }
  };
  const turned = /("protectData"\s*:\s*)true\b/g;
  if ([...text.matchAll(turned)].length === 1) return reads(text.replace(turned, '$1false'));
  const close = text.lastIndexOf('}');
  const last = text.slice(0, close).trimEnd();
  if (close < 0 || last.endsWith('{')) return undefined;
  // A file written on one line stays on one line.
  const separator = text.trim().includes('\n') ? `${eol}${indent}` : ' ';
  return reads(`${last},${separator}"protectData": false${text.slice(last.length)}`);
}

/** The loader's problems, headed by what they mean here: the file was left alone. */
function unchangedOnError<T>(file: string, check: () => T): T {
  try {
    return check();
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    const n = err.problems.length;
    throw new InputError(err.problems, `${n} problem${n === 1 ? '' : 's'} in the configuration; ${file} was not changed:`);
  }
}

/**
 * Writes `"protectData": false` into `<configDir>/<env>.json`. Throws a UsageError
 * for an environment that is neither built in nor configured (a typo would
 * otherwise create a new environment), and the loader's InputError when the
 * file, with the change, is not a valid configuration; then nothing is written.
 */
export function unprotectEnvironment(env: string, options: LoadOptions = {}): Unprotected {
  const configDir = options.configDir ?? join(PROJECT_ROOT, 'config');
  const rootDir = options.rootDir ?? PROJECT_ROOT;
  const path = join(configDir, `${env}.json`);
  const file = relative(rootDir, path);
  const exists = existsSync(path);
  if (!exists && !BUILT_IN_ENVIRONMENTS.includes(env)) {
    throw new UsageError(`--env ${env}: there is no ${file} and "${env}" is not a built-in environment (${BUILT_IN_ENVIRONMENTS.join(', ')}); check the name`);
  }
  const text = exists ? readFileSync(path, 'utf8') : '';
  const next = unchangedOnError(file, () => {
    // The file as it is must load; its problems are reported against it, line and field.
    if (exists) loadEnvironmentConfig(env, { configDir, rootDir });
    const current: Record<string, unknown> = exists ? JSON.parse(text) : {};
    if (current.protectData === false) return undefined;
    // Spread keeps the key order; an existing protectData keeps its place.
    const result = { ...current, protectData: false };
    resolveEnvironmentConfig(env, result, file);
    return result;
  });
  if (!next) return { file, created: false, changed: false };
  const { indent, eol } = styleOf(text);
  const edited = exists ? editedInPlace(text, next, indent, eol) : undefined;
  const body = edited ?? JSON.stringify(next, null, indent).replaceAll('\n', eol);
  writeFileSync(path, body.endsWith(eol) ? body : `${body}${eol}`);
  return { file, created: !exists, changed: true };
}

export function main(argv: string[], options: LoadOptions = {}): Promise<number> {
  return runCli(
    spec,
    ({ values }) => {
      if (!values.env) throw new UsageError('say which environment: --env NAME');
      const env = values.env;
      const done = unprotectEnvironment(env, options);
      const what = done.created
        ? 'created with "protectData": false'
        : done.changed
          ? '"protectData" is now false; every other key is kept'
          : '"protectData" was already false; unchanged';
      console.log(`${done.file}: ${what}.
Nothing has changed in AWS yet. Next:
  npx cdktf deploy '${env}-*'    # lifts prevent_destroy; buckets may then go with their objects
  npx cdktf destroy '${env}-*'   # monitoring, analytics, streaming, network; KMS keys wait 30 days before deletion`);
      return 0;
    },
    argv,
  );
}
