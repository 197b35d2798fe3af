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
 * all; stacks/ compose config/ and modules/; bin/ holds only the entry files,
 * each running one command of cli/; a command's folder in cli/ imports its own
 * folder and cli/lib/, never another command's.
 */
const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  core: ['core'],
  config: ['core', 'config'],
  modules: ['core', 'modules'],
  functions: ['core', 'functions'],
  stacks: ['core', 'config', 'modules', 'stacks'],
  app: ['core', 'config', 'stacks', 'app'],
  scripts: ['core', 'scripts'],
  bench: ['core', 'functions', 'modules', 'scripts', 'bench', 'cli'],
  cli: ['core', 'config', 'modules', 'functions', 'stacks', 'app', 'scripts', 'cli'],
  bin: ['cli', 'bench'],
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
    const folderOf = (file: string) => file.split('/')[1];
    const otherCommand =
      layer === 'cli'
        ? projectFiles
            .filter((t) => layerOf(t) === 'cli' && folderOf(t) !== 'lib' && folderOf(t) !== folderOf(source.file))
            .map((t) => `${source.file} imports ${t} (a command's folder in cli/ imports its own folder and cli/lib/ only)`)
        : [];
    const heavy =
      layer === 'core'
        ? packages.filter((p) => NOT_IN_CORE.test(p)).map((p) => `${source.file} imports ${p} (core/ loads no cdktf, constructs or kafkajs)`)
        : [];
    return [...wrongWay, ...otherCommand, ...heavy];
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

/** Source text without comments: rules and defaults written in code, not words about them. */
const codeOf = (text: string) => text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');

/** A limit of core/limits.ts (a minimum or a maximum) written as a number where a check or default is made. */
function restatedLimits(files: readonly Source[], numbers: Readonly<Record<string, number>>): string[] {
  return files.flatMap(({ file, text }) =>
    Object.entries(numbers).flatMap(([name, n]) => {
      const bound = name.includes('MIN') ? 'min' : 'max';
      const at = new RegExp(`(\\b${bound}\\(\\s*|\\b${bound}:\\s*|Seconds:\\s*)${n}\\b`);
      return at.test(codeOf(text)) ? [`${file} writes ${n} where core/limits.ts has ${name}`] : [];
    }),
  );
}

/**
 * A construct's literal default (`props.kafkaVersion ?? '3.8.x'` in modules/) written
 * again as a preset value (`kafkaVersion: '3.8.x'` in config/presets.ts): the default
 * then has two homes, and the next change moves one of them. The construct keeps it;
 * presets set only what differs.
 */
function restatedDefaults(modules: readonly Source[], presets: readonly Source[]): string[] {
  const literal = String.raw`'[^'\n]*'|-?\d+(?:\.\d+)?|true|false`;
  const defaults = modules.flatMap(({ file, text }) =>
    [...codeOf(text).matchAll(new RegExp(String.raw`props\.(\w+)\s*\?\?\s*(${literal})`, 'g'))].map((m) => ({ file, key: m[1], value: m[2] })),
  );
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return presets.flatMap(({ file, text }) =>
    defaults
      .filter((d) => new RegExp(String.raw`\b${d.key}:\s*${escape(d.value)}(?![\w.])`).test(codeOf(text)))
      .map((d) => `${file} sets ${d.key}: ${d.value}, the default of ${d.file}`),
  );
}

/**
 * Names of the tables in the test fixtures (file names without the extension). The fixtures
 * mirror the shipped examples; the project's own schemas/ is not read, so a user's table
 * with a common name (events, status) never fails this suite.
 */
function exampleTables(): string[] {
  const folders = ['__tests__/fixtures/project/schemas', '__tests__/fixtures/registry-formats/schemas'].map((f) => join(ROOT, f));
  const names = folders.flatMap((folder) =>
    readdirSync(folder).flatMap((registry) =>
      statSync(join(folder, registry)).isDirectory() ? readdirSync(join(folder, registry)).flatMap((f) => /^(.+)\.(json|avsc|proto)$/.exec(f)?.[1] ?? []) : [],
    ),
  );
  return [...new Set(names)].sort();
}

/**
 * Lines of production code that name an example or fixture table as a whole word,
 * comments and help text included: code that special-cases a table gives a user's
 * own table of that name the example's behaviour.
 */
function exampleTableMentions(files: readonly Source[], tables: readonly string[]): string[] {
  const word = new RegExp(`\\b(${tables.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})\\b`);
  return files.flatMap(({ file, text }) =>
    text.split('\n').flatMap((line, i) => {
      const name = word.exec(line)?.[1];
      return name ? [`${file}:${i + 1} names the example table "${name}"`] : [];
    }),
  );
}

/** A string, template or regular-expression literal of a source, comments left out; a template's expressions read as `${}`. */
interface Literal {
  readonly line: number;
  readonly kind: 'string' | 'regex';
  readonly text: string;
}

/** The literals of a TypeScript source, by a scanner that knows strings, nested templates, regular expressions and comments. */
function literalsOf(source: string): Literal[] {
  const found: Literal[] = [];
  const templates: { text: string; line: number; depth: number }[] = [];
  let depth = 0;
  let line = 1;
  let i = 0;
  let prev = '';
  // Reads template text from i up to its closing backtick (emitting it) or to `${` (leaving it open).
  const templateChunk = () => {
    const t = templates[templates.length - 1];
    while (i < source.length) {
      const c = source[i];
      if (c === '\\') {
        t.text += source.slice(i, i + 2);
        i += 2;
        continue;
      }
      if (c === '\n') line++;
      if (c === '`') {
        i++;
        templates.pop();
        found.push({ line: t.line, kind: 'string', text: t.text });
        prev = '`';
        return;
      }
      if (c === '$' && source[i + 1] === '{') {
        i += 2;
        t.text += '${}';
        t.depth = ++depth;
        prev = '{';
        return;
      }
      t.text += c;
      i++;
    }
  };
  while (i < source.length) {
    const c = source[i];
    if (c === '\n') {
      line++;
      i++;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '/' && source[i + 1] === '/') {
      while (i < source.length && source[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2) < 0 ? source.length : source.indexOf('*/', i + 2) + 2;
      line += source.slice(i, end).split('\n').length - 1;
      i = end;
      continue;
    }
    if (c === "'" || c === '"') {
      let text = '';
      for (i++; i < source.length && source[i] !== c && source[i] !== '\n'; i++) text += source[i] === '\\' ? source[i] + source[++i] : source[i];
      i++;
      found.push({ line, kind: 'string', text });
      prev = c;
      continue;
    }
    if (c === '`') {
      templates.push({ text: '', line, depth: -1 });
      i++;
      templateChunk();
      continue;
    }
    if (c === '{') depth++;
    if (c === '}') {
      if (templates.length > 0 && templates[templates.length - 1].depth === depth) {
        depth--;
        i++;
        templateChunk();
        continue;
      }
      depth--;
    }
    const word = /[\w$]+$/.exec(source.slice(Math.max(0, i - 8), i))?.[0];
    if (c === '/' && (prev === '' || '(,=:[!&|?{};'.includes(prev) || ['return', 'typeof', 'case'].includes(word ?? '')) && source[i + 1] !== '=') {
      const start = i;
      let inClass = false;
      for (i++; i < source.length && source[i] !== '\n' && (source[i] !== '/' || inClass); i++) {
        if (source[i] === '\\') i++;
        else if (source[i] === '[') inClass = true;
        else if (source[i] === ']') inClass = false;
      }
      found.push({ line, kind: 'regex', text: source.slice(start + 1, i) });
      i++;
      prev = '/';
      continue;
    }
    prev = c;
    i++;
  }
  return found;
}

/**
 * Problems travel as { problem, fix } values (core/problems.ts, core/zod-rules.ts),
 * never as one `what is wrong | what would be right` string: a string literal with
 * " | " inside, or a regular expression matching " | ", is one being written or
 * taken apart. Aside: Markdown table rows (they start with "|") and usage text
 * (it starts with "usage:", and its "a | b" is a choice).
 */
function problemStrings(files: readonly Source[]): string[] {
  return files.flatMap(({ file, text }) =>
    literalsOf(text)
      .filter((l) => (l.kind === 'string' ? l.text.includes(' | ') && !/^(\||usage:)/.test(l.text) : l.text.includes(' \\| ')))
      .map((l) => `${file}:${l.line} ${l.kind === 'regex' ? `/${l.text}/` : JSON.stringify(l.text)}`),
  );
}

/** Code files of the production folders, whatever the language (the CLIs' .cjs, the scripts' .mjs and .sh). */
function productionFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((entry) => {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) return entry === 'node_modules' ? [] : walk(path);
      return /\.(ts|js|mjs|cjs|sh)$/.test(entry) ? [relative(ROOT, path)] : [];
    });
  return ['app.ts', 'main.ts', ...['functions', 'modules', 'stacks', 'core', 'config', 'bin', 'cli', 'scripts', 'bench'].flatMap((d) => walk(join(ROOT, d)))];
}

/** Lines a reader must scroll for: the layers that read like prose stay within 160 characters. */
const MAX_LINE = 160;
function longLines(files: readonly Source[]): string[] {
  return files.flatMap(({ file, text }) =>
    text.split('\n').flatMap((line, i) => (line.length > MAX_LINE ? [`${file}:${i + 1} is ${line.length} characters`] : [])),
  );
}

describe('project conventions', () => {
  const files = [
    'app.ts',
    'main.ts',
    ...['stacks', 'modules', 'config', 'core', 'functions', 'bin', 'cli', 'bench', 'scripts'].flatMap((d) =>
      sources(join(ROOT, d)).map((f) => relative(ROOT, f)),
    ),
  ];
  const read = (file: string): Source => ({ file, text: readFileSync(join(ROOT, file), 'utf8') });
  const project = files.map(read);
  const ruleFiles = project.filter((s) => s.file !== 'core/limits.ts' && ['app', 'core', 'config', 'modules', 'functions', 'stacks'].includes(layerOf(s.file)));
  const numericLimits = Object.fromEntries(Object.entries(limits).filter((e): e is [string, number] => typeof e[1] === 'number' && /MAX|MIN/.test(e[0])));

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

  it('imports in one direction: core <- config, modules, functions <- stacks <- app <- cli <- bin', () => {
    expect(project.filter((s) => s.file.startsWith('core/')).length).toBeGreaterThan(10);
    expect(importDirectionProblems(project)).toEqual([]);
  });

  it('defines each validation pattern once', () => {
    expect(repeatedPatterns(ruleFiles)).toEqual([]);
  });

  it('restates no minimum or maximum of core/limits.ts as a number', () => {
    expect(Object.keys(numericLimits)).toEqual(
      expect.arrayContaining(['LAMBDA_MAX_TIMEOUT_SECONDS', 'EVENTBRIDGE_MAX_TARGETS', 'LAMBDA_MIN_MEMORY_MB', 'ATHENA_MIN_BYTES_SCANNED_CUTOFF_MB']),
    );
    expect(restatedLimits(ruleFiles, numericLimits)).toEqual([]);
  });

  it('gives each construct default one home: no preset restates a literal default of a construct', () => {
    const modules = project.filter((s) => s.file.startsWith('modules/'));
    const presets = project.filter((s) => s.file === 'config/presets.ts');
    expect(presets).toHaveLength(1);
    // The check has something to compare: constructs do default with literals.
    expect(modules.filter((s) => /props\.\w+\s*\?\?\s*'/.test(s.text)).length).toBeGreaterThan(3);
    expect(restatedDefaults(modules, presets)).toEqual([]);
  });

  it('gives each construct its own test file, __tests__/modules/<capability>/<file>.test.ts', () => {
    // Abstract bases (VpcLambda, KafkaClusterBase) are tested through the constructs built on them.
    const constructs = project.filter((s) => s.file.startsWith('modules/') && /^export class \w+ extends /m.test(s.text)).map((s) => s.file);
    expect(constructs.length).toBeGreaterThan(15);
    const untested = constructs.filter((f) => !existsSync(join(ROOT, '__tests__', f.replace(/\.ts$/, '.test.ts'))));
    expect(untested).toEqual([]);
  });

  it('names no example or fixture table in production code: sample values and rules come from the schema files alone', () => {
    const tables = exampleTables();
    expect(tables).toEqual(expect.arrayContaining(['orders', 'sensor_readings', 'shipments', 'device_status']));
    expect(exampleTableMentions(productionFiles().map(read), tables)).toEqual([]);
  });

  it('writes no problem as a "problem | fix" string, and splits none: problems are { problem, fix } values', () => {
    const production = project.filter((s) => ['config', 'core', 'modules', 'stacks', 'bin', 'cli', 'app'].includes(layerOf(s.file)));
    expect(production.filter((s) => s.file.startsWith('config/')).length).toBeGreaterThan(3);
    expect(problemStrings(production)).toEqual([]);
  });

  // The checks above pass on this tree; these show they would catch a regression.
  it('would catch a module importing config, core importing cdktf, and a pattern or limit written twice', () => {
    expect(importDirectionProblems([{ file: 'modules/msk/x.ts', text: "import type { EnvironmentConfig } from '../../config/schema';" }])).toEqual([
      'modules/msk/x.ts imports config/schema (modules/ may import core, modules)',
    ]);
    expect(importDirectionProblems([{ file: 'core/x.ts', text: "import { Fn } from 'cdktf';" }])).toEqual([
      'core/x.ts imports cdktf (core/ loads no cdktf, constructs or kafkajs)',
    ]);
    expect(importDirectionProblems([{ file: 'scripts/x.ts', text: "const m = await import('../cli/lib/command');" }])).toHaveLength(1);
    expect(importDirectionProblems([{ file: 'cli/verify/x.ts', text: "import { y } from '../produce/y';\nimport { z } from '../lib/z';" }])).toEqual([
      "cli/verify/x.ts imports cli/produce/y (a command's folder in cli/ imports its own folder and cli/lib/ only)",
    ]);
    expect(importDirectionProblems([{ file: 'bin/x.ts', text: "import { k } from '../core/k';" }])).toHaveLength(1);
    expect(
      repeatedPatterns([
        { file: 'a.ts', text: 'const t = /^[a-z]{1,9}$/;' },
        { file: 'b.ts', text: 'z.string().regex(/^[a-z]{1,9}$/)' },
      ]),
    ).toEqual(['/^[a-z]{1,9}$/ in a.ts, b.ts']);
    expect(restatedLimits([{ file: 'a.ts', text: 'z.number().max(900)' }], numericLimits)).toEqual([
      'a.ts writes 900 where core/limits.ts has LAMBDA_MAX_TIMEOUT_SECONDS',
    ]);
    expect(restatedLimits([{ file: 'a.ts', text: 'z.number().int().min(128).max(LAMBDA_MAX_MEMORY_MB)' }], numericLimits)).toEqual([
      'a.ts writes 128 where core/limits.ts has LAMBDA_MIN_MEMORY_MB',
    ]);
    expect(restatedLimits([{ file: 'a.ts', text: "requireWholeNumber(this, 'x', v, { min: 10 })" }], numericLimits)).toEqual([
      'a.ts writes 10 where core/limits.ts has ATHENA_MIN_BYTES_SCANNED_CUTOFF_MB',
    ]);
  });

  it('keeps every line of config, core, modules and stacks within 160 characters', () => {
    const layers = project.filter((s) => ['config', 'core', 'modules', 'stacks'].includes(layerOf(s.file)));
    expect(layers.length).toBeGreaterThan(40);
    expect(longLines(layers)).toEqual([]);
  });

  it('would catch a line over 160 characters, and not one of exactly 160', () => {
    const made = [{ file: 'modules/x.ts', text: `const a = 1;\n${'x'.repeat(MAX_LINE)}\n${'y'.repeat(MAX_LINE + 1)}` }];
    expect(longLines(made)).toEqual(['modules/x.ts:3 is 161 characters']);
  });

  it("would catch a preset restating a construct's literal default, and only the same key and value", () => {
    const construct = {
      file: 'modules/msk/x.ts',
      text: "const v = props.kafkaVersion ?? '3.8.x';\nconst n = props.volumeSizeGiB ?? 20;\n// props.old ?? 1 (a comment)",
    };
    const preset = { file: 'config/presets.ts', text: "msk: { kafkaVersion: '3.8.x', volumeSizeGiB: 200, maxVolumeSizeGiB: 20, old: 1 }" };
    expect(restatedDefaults([construct], [preset])).toEqual(["config/presets.ts sets kafkaVersion: '3.8.x', the default of modules/msk/x.ts"]);
  });

  it('would catch a "problem | fix" string written, built from parts or split, and not a type union, a Markdown row or a comment', () => {
    const made = [
      { file: 'config/x.ts', text: "z.string().regex(/^a$/, 'expected a | write b')" },
      { file: 'core/x.ts', text: "// fine: 'a | b' in a comment\nconst m = `${p} | ${f}`;\nconst [problem, fix] = m.split(' | ');" },
      { file: 'modules/x.ts', text: "type K = 'a' | 'b';\n/* `c | d` */ const re = /^x$/;\nthrow new Error(msg.replace(/ \\| /, '; '));" },
      { file: 'bin/x.ts', text: "rows.push(`| ${k} | ${v} |`, '| --- | --- |');\nconst e = `${n} ${n > 1 ? `${n} | ${m}` : 'one'}`;" },
      { file: 'bin/y.ts', text: "const HELP = 'usage: npm run x:up | x:down';" },
    ];
    expect(problemStrings(made)).toEqual([
      'config/x.ts:1 "expected a | write b"',
      'core/x.ts:2 "${} | ${}"',
      'core/x.ts:3 " | "',
      'modules/x.ts:3 / \\| /',
      'bin/x.ts:2 "${} | ${}"',
    ]);
  });

  it('would catch a branch on an example table, in code or in help text, and only whole words', () => {
    const made = [
      { file: 'functions/producer/x.ts', text: "const realistic = table.table === 'orders' ? order : undefined;" },
      { file: 'bin/x.ts', text: 'const HELP = `usage: x --named "customer.orders: sample"`;\n// fine: orders_items, preorders, sensor_readings_v2' },
      { file: 'bin/y.ts', text: "const t = 'sensor-readings'; // a topic, not a table\n * or `device_status-sample.sql` beside" },
    ];
    expect(exampleTableMentions(made, exampleTables())).toEqual([
      'functions/producer/x.ts:1 names the example table "orders"',
      'bin/x.ts:1 names the example table "orders"',
      'bin/y.ts:2 names the example table "device_status"',
    ]);
  });
});
