import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { preProcessFile } from 'typescript';

const ROOT = join(__dirname, '..');

/** The folders whose TypeScript must import without a circle, and the app's entry files. */
const FOLDERS = ['config', 'core', 'modules', 'stacks', 'functions', 'bin', 'cli'];
const ENTRIES = ['app.ts', 'main.ts'];

function sources(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return entry === 'node_modules' ? [] : sources(path);
    return path.endsWith('.ts') ? [relative(ROOT, path).split('\\').join('/')] : [];
  });
}

/**
 * The project files each file imports: static, type-only, re-exports, dynamic
 * import() and require() alike, as TypeScript's own scanner reads them (comments
 * and strings are not imports). A type-only import counts: two modules that
 * need each other's declarations are one module in two files, whatever the
 * compiler erases.
 */
function importGraph(files: ReadonlyMap<string, string>): Map<string, string[]> {
  const resolve = (from: string, spec: string) => {
    const base = posix.normalize(posix.join(posix.dirname(from), spec));
    return [`${base}.ts`, `${base}/index.ts`, base].find((candidate) => files.has(candidate));
  };
  return new Map(
    [...files].map(([file, text]) => [
      file,
      preProcessFile(text, true, true)
        .importedFiles.map((i) => i.fileName)
        .filter((spec) => spec.startsWith('.'))
        .flatMap((spec) => resolve(file, spec) ?? []),
    ]),
  );
}

/** Every import circle, once each, as `a.ts -> b.ts -> a.ts` starting at its first file in sort order. */
function importCircles(files: ReadonlyMap<string, string>): string[] {
  const graph = importGraph(files);
  const circles = new Set<string>();
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') {
        const circle = path.slice(path.indexOf(next));
        const first = circle.indexOf([...circle].sort()[0]);
        const rotated = [...circle.slice(first), ...circle.slice(0, first)];
        circles.add([...rotated, rotated[0]].join(' -> '));
      } else if (!state.has(next)) {
        visit(next);
      }
    }
    path.pop();
    state.set(file, 'done');
  };
  [...graph.keys()].sort().forEach((file) => state.has(file) || visit(file));
  return [...circles].sort();
}

describe('imports', () => {
  it('form no circle in config, core, modules, stacks, functions, bin and cli (shared pieces live in modules of their own)', () => {
    const files = [...ENTRIES, ...FOLDERS.flatMap((f) => sources(join(ROOT, f)))];
    expect(files.length).toBeGreaterThan(100);
    expect(importCircles(new Map(files.map((f) => [f, readFileSync(join(ROOT, f), 'utf8')])))).toEqual([]);
  });

  it('would catch a circle through type-only imports, re-exports and require(), and not a comment or a string', () => {
    const made = new Map([
      ['core/a.ts', "import type { B } from './b';\nexport const a = 1;"],
      ['core/b.ts', "export { a } from './a';\nexport type B = number;"],
      ['core/c.ts', "// import { d } from './d'\nconst text = \"from './d'\";\nconst e = require('./e');"],
      ['core/d.ts', "import { c } from './c';"],
      ['core/e.ts', "const f = await import('./sub/f');"],
      ['core/sub/f.ts', "import { e } from '../e';"],
    ]);
    expect(importCircles(made)).toEqual(['core/a.ts -> core/b.ts -> core/a.ts', 'core/e.ts -> core/sub/f.ts -> core/e.ts']);
  });
});
