import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import * as limits from '../core/limits';
import { ROOT } from './helpers/synth';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return entry === 'node_modules' ? [] : sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** The folder a project file belongs to; app.ts and main.ts are the app. */
const layerOf = (file: string) => (file.includes('/') ? file.split('/')[0] : 'app');

/**
 * What each layer may import from the project. core/ is the domain, shared by
 * all; stacks/ compose config/ and modules/; nothing but bin/ imports bin/.
 */
const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  core: ['core'],
  config: ['core', 'config'],
  modules: ['core', 'modules'],
  functions: ['core', 'functions'],
  stacks: ['core', 'config', 'modules', 'stacks'],
  app: ['core', 'config', 'stacks', 'app'],
  scripts: ['core', 'scripts'],
  bench: ['core', 'functions', 'modules', 'scripts', 'bench', 'bin'],
  bin: ['core', 'config', 'modules', 'functions', 'stacks', 'app', 'scripts', 'bin'],
};

/** Packages core/ must not load: it is read by synth, the Lambda bundles and the CLIs alike. */
const NOT_IN_CORE = /^(cdktf|constructs|@cdktf\/.*|kafkajs)$/;

interface Source {
  readonly file: string;
  readonly text: string;
}

/** Project files and packages a file imports (static, type-only and dynamic). */
function importsOf({ file, text }: Source): { projectFiles: string[]; packages: string[] } {
  const specs = [...text.matchAll(/(?:from\s+|import\(\s*|^import\s+)['"]([^'"]+)['"]/gm)].map((m) => m[1]);
  return {
    projectFiles: specs.filter((s) => s.startsWith('.')).map((s) => posix.normalize(posix.join(posix.dirname(file), s))),
    packages: specs.filter((s) => !s.startsWith('.') && !s.startsWith('node:')),
  };
}

function importDirectionProblems(files: readonly Source[]): string[] {
  return files.flatMap((source) => {
    const layer = layerOf(source.file);
    const { projectFiles, packages } = importsOf(source);
    const wrongWay = projectFiles
      .filter((target) => !(MAY_IMPORT[layer] ?? []).includes(layerOf(target)))
      .map((target) => `${source.file} imports ${target} (${layer}/ may import ${MAY_IMPORT[layer]?.join(', ') ?? 'nothing'})`);
    const heavy = layer === 'core' ? packages.filter((p) => NOT_IN_CORE.test(p)).map((p) => `${source.file} imports ${p} (core/ loads no cdktf, constructs or kafkajs)`) : [];
    return [...wrongWay, ...heavy];
  });
}

/**
 * Anchored regular expressions (validation rules) written in more than one
 * place. The allowed ones are shapes, not rules: digits and a version number.
 */
const SHAPES = new Set(['/^\\d+$/', '/^\\d+\\.\\d+\\.\\d+$/']);
function repeatedPatterns(files: readonly Source[]): string[] {
  const where = new Map<string, string[]>();
  for (const { file, text } of files) {
    for (const [literal] of text.matchAll(/\/\^(?:\\.|\[(?:\\.|[^\]\\])*\]|[^/\\\n[])+\$\/[gimsuy]*/g)) {
      if (!SHAPES.has(literal)) where.set(literal, [...(where.get(literal) ?? []), file]);
    }
  }
  return [...where].filter(([, at]) => at.length > 1).map(([literal, at]) => `${literal} in ${at.join(', ')}`);
}

/** A limit of core/limits.ts written as a number where a check or default is made. */
function restatedLimits(files: readonly Source[], numbers: Readonly<Record<string, number>>): string[] {
  return files.flatMap(({ file, text }) =>
    Object.entries(numbers).flatMap(([name, n]) => {
      const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      return new RegExp(`(\\bmax\\(\\s*|\\bmax:\\s*|Seconds:\\s*)${n}\\b`).test(code) ? [`${file} writes ${n} where core/limits.ts has ${name}`] : [];
    }),
  );
}

describe('project conventions', () => {
  const files = ['app.ts', 'main.ts', ...['stacks', 'modules', 'config', 'core', 'functions', 'bin', 'bench', 'scripts'].flatMap((d) => sources(join(ROOT, d)).map((f) => relative(ROOT, f)))];
  const read = (file: string): Source => ({ file, text: readFileSync(join(ROOT, file), 'utf8') });
  const project = files.map(read);
  const ruleFiles = project.filter((s) => s.file !== 'core/limits.ts' && ['app', 'core', 'config', 'modules', 'functions', 'stacks'].includes(layerOf(s.file)));
  const numericLimits = Object.fromEntries(Object.entries(limits).filter((e): e is [string, number] => typeof e[1] === 'number' && e[0].includes('MAX')));

  it('imports provider classes from @cdktf/provider-aws/lib/<resource>, never the package index (seconds and a gigabyte per process)', () => {
    const offenders = files.filter((f) => /from '@cdktf\/provider-aws'/.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(files.length).toBeGreaterThan(40);
    expect(offenders).toEqual([]);
  });

  it('keeps the Lambda code free of the synth-time libraries it must not bundle', () => {
    const lambdaFiles = files.filter((f) => f.startsWith('functions/'));
    const offenders = lambdaFiles.filter((f) => /from '(cdktf|constructs|@cdktf\/[^']+)'/.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('imports in one direction: core <- config, modules, functions <- stacks <- app <- bin', () => {
    expect(project.filter((s) => s.file.startsWith('core/')).length).toBeGreaterThan(10);
    expect(importDirectionProblems(project)).toEqual([]);
  });

  it('defines each validation pattern once', () => {
    expect(repeatedPatterns(ruleFiles)).toEqual([]);
  });

  it('restates no maximum of core/limits.ts as a number', () => {
    expect(Object.keys(numericLimits)).toEqual(expect.arrayContaining(['LAMBDA_MAX_TIMEOUT_SECONDS', 'EVENTBRIDGE_MAX_TARGETS']));
    expect(restatedLimits(ruleFiles, numericLimits)).toEqual([]);
  });

  it('gives each construct its own test file, __tests__/modules/<capability>/<file>.test.ts', () => {
    // Abstract bases (VpcLambda, KafkaClusterBase) are tested through the constructs built on them.
    const constructs = project.filter((s) => s.file.startsWith('modules/') && /^export class \w+ extends /m.test(s.text)).map((s) => s.file);
    expect(constructs.length).toBeGreaterThan(15);
    const untested = constructs.filter((f) => !existsSync(join(ROOT, '__tests__', f.replace(/\.ts$/, '.test.ts'))));
    expect(untested).toEqual([]);
  });

  // The checks above pass on this tree; these show they would catch a regression.
  it('would catch a module importing config, core importing cdktf, and a pattern or limit written twice', () => {
    expect(importDirectionProblems([{ file: 'modules/msk/x.ts', text: "import type { EnvironmentConfig } from '../../config/schema';" }])).toEqual([
      'modules/msk/x.ts imports config/schema (modules/ may import core, modules)',
    ]);
    expect(importDirectionProblems([{ file: 'core/x.ts', text: "import { Fn } from 'cdktf';" }])).toEqual(['core/x.ts imports cdktf (core/ loads no cdktf, constructs or kafkajs)']);
    expect(importDirectionProblems([{ file: 'scripts/x.ts', text: "const m = await import('../bin/cli');" }])).toHaveLength(1);
    expect(repeatedPatterns([{ file: 'a.ts', text: 'const t = /^[a-z]{1,9}$/;' }, { file: 'b.ts', text: 'z.string().regex(/^[a-z]{1,9}$/)' }])).toEqual(['/^[a-z]{1,9}$/ in a.ts, b.ts']);
    expect(restatedLimits([{ file: 'a.ts', text: 'z.number().max(900)' }], numericLimits)).toEqual(['a.ts writes 900 where core/limits.ts has LAMBDA_MAX_TIMEOUT_SECONDS']);
  });
});
