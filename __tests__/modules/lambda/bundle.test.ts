import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import type { bundleFunction as BundleFunction } from '../../../modules/lambda/bundle';

/** A fresh copy of the module, so its in-process memo does not hide the disk cache. */
function freshBundler(): typeof BundleFunction {
  let fn!: typeof BundleFunction;
  jest.isolateModules(() => {
    fn = require('../../../modules/lambda/bundle').bundleFunction;
  });
  return fn;
}

describe('bundleFunction', () => {
  const dir = mkdtempSync(join(tmpdir(), 'msk-athena-bundle-'));
  const entry = join(dir, 'handler.ts');
  writeFileSync(join(dir, 'dep.ts'), 'export const greeting = (n: string) => `hello ${n}`;\n');
  writeFileSync(entry, "import { greeting } from './dep';\nexport const handler = async () => greeting('kafka');\n");

  it('gives the same bytes for the same sources, with fixed timestamps and sorted entries', () => {
    const a = freshBundler()({ entry, extraFiles: { 'z.json': '{}', 'a.json': '[]' } });
    const b = freshBundler()({ entry, extraFiles: { 'z.json': '{}', 'a.json': '[]' } });
    expect(b).toEqual(a);
    const zip = readFileSync(a.zipPath);
    expect(Object.keys(unzipSync(zip))).toEqual(['a.json', 'index.js', 'z.json']);
    // Local file headers: DOS time and date at offsets 10 and 12 (1980-01-01 00:00 = 0x0000, 0x0021).
    expect([zip.readUInt16LE(10), zip.readUInt16LE(12)]).toEqual([0, 0x21]);
  });

  it('runs: the zip holds a CommonJS index.handler', async () => {
    const { zipPath } = freshBundler()({ entry });
    const code = new TextDecoder().decode(unzipSync(readFileSync(zipPath))['index.js']);
    const module = { exports: {} as { handler: () => Promise<string> } };
    new Function('module', 'exports', 'require', code)(module, module.exports, require);
    await expect(module.exports.handler()).resolves.toBe('hello kafka');
  });

  it('rebuilds when any source it was built from changes, even a dependency', () => {
    const before = freshBundler()({ entry });
    writeFileSync(join(dir, 'dep.ts'), 'export const greeting = (n: string) => `hi ${n}`;\n');
    const after = freshBundler()({ entry });
    expect(after.sha256).not.toBe(before.sha256);
  });

  it('never caches a build whose sources changed while it ran: a later edit with the same size and time still rebuilds', () => {
    // A time after the build started stands for an edit made while esbuild was reading.
    const later = new Date(Date.now() + 60_000);
    const dep = join(dir, 'dep.ts');
    writeFileSync(dep, 'export const greeting = (n: string) => `hallo ${n}`;\n');
    utimesSync(dep, later, later);
    const first = freshBundler()({ entry });
    writeFileSync(dep, 'export const greeting = (n: string) => `hello ${n}`;\n');
    utimesSync(dep, later, later);
    const second = freshBundler()({ entry });
    expect(second.sha256).not.toBe(first.sha256);
  });

  describe('packages it reads from node_modules', () => {
    const app = mkdtempSync(join(tmpdir(), 'msk-athena-bundle-packages-'));
    const modules = join(app, 'node_modules');
    const pkg = join(modules, 'greeter');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'greeter', version: '1.0.0', main: 'index.js' }));
    writeFileSync(join(pkg, 'index.js'), "exports.greet = (n) => 'hello ' + n;\n");
    const handler = join(app, 'handler.ts');
    writeFileSync(handler, "import { greet } from 'greeter';\nexport const handler = async () => greet('kafka');\n");
    // Times well before each build, as of files that settled before it started.
    const age = (minutesAgo: number, ...files: string[]) =>
      files.forEach((f) => utimesSync(f, new Date(Date.now() - minutesAgo * 60_000), new Date(Date.now() - minutesAgo * 60_000)));
    /** The cache entry of the last build of `handler`: the newest entry listing it. */
    const inputsOfLastBuild = () => {
      const staging = join(tmpdir(), 'msk-athena-bundles');
      const entries = readdirSync(staging)
        .filter((f) => f.endsWith('.json'))
        .map((f) => JSON.parse(readFileSync(join(staging, f), 'utf8')) as { inputs: Record<string, unknown> })
        .filter((e) => handler in e.inputs);
      expect(entries).toHaveLength(1);
      return Object.keys(entries[0].inputs);
    };

    it("are stamped by npm's record of the install, not file by file, and a new install rebuilds", () => {
      const record = join(modules, '.package-lock.json');
      writeFileSync(record, JSON.stringify({ name: 'app', lockfileVersion: 3, packages: { 'node_modules/greeter': { version: '1.0.0' } } }));
      age(2, handler, join(pkg, 'index.js'), join(pkg, 'package.json'), record);
      const first = freshBundler()({ entry: handler });
      expect(inputsOfLastBuild().sort()).toEqual([handler, record].sort());
      expect(freshBundler()({ entry: handler })).toEqual(first);
      // An install writes the package and the record: the zip follows.
      writeFileSync(join(pkg, 'index.js'), "exports.greet = (n) => 'hi ' + n;\n");
      writeFileSync(record, JSON.stringify({ name: 'app', lockfileVersion: 3, packages: { 'node_modules/greeter': { version: '1.0.1' } } }));
      age(1, join(pkg, 'index.js'), record);
      expect(freshBundler()({ entry: handler }).sha256).not.toBe(first.sha256);
    });

    it('are stamped file by file where a patch in patches/ changes them: a changed patch rebuilds though the record stays the same', () => {
      const record = join(modules, '.package-lock.json');
      const lock = JSON.stringify({ name: 'app', lockfileVersion: 3, packages: { 'node_modules/greeter': { version: '1.0.0' } } });
      writeFileSync(record, lock);
      mkdirSync(join(app, 'patches'));
      writeFileSync(
        join(app, 'patches', 'greeter+1.0.0.patch'),
        'diff --git a/node_modules/greeter/index.js b/node_modules/greeter/index.js\n--- a/node_modules/greeter/index.js\n+++ b/node_modules/greeter/index.js\n',
      );
      writeFileSync(join(pkg, 'index.js'), "exports.greet = (n) => 'howdy ' + n;\n");
      age(4, handler, join(pkg, 'index.js'), join(pkg, 'package.json'), record);
      const first = freshBundler()({ entry: handler });
      // The package's one file is patched: stamped itself, so the record (which stands for unpatched files) is not needed.
      expect(inputsOfLastBuild().sort()).toEqual([handler, join(pkg, 'index.js')].sort());
      // A reinstall applying another patch: the record is written again with the same content, the patched file differs.
      writeFileSync(record, lock);
      writeFileSync(join(pkg, 'index.js'), "exports.greet = (n) => 'hiya ' + n;\n");
      age(3, join(pkg, 'index.js'), record);
      expect(freshBundler()({ entry: handler }).sha256).not.toBe(first.sha256);
      rmSync(join(app, 'patches'), { recursive: true });
    });

    it('are stamped file by file where no install record is kept (another package manager)', () => {
      const record = join(modules, '.package-lock.json');
      rmSync(record);
      writeFileSync(join(pkg, 'index.js'), "exports.greet = (n) => 'hey ' + n;\n");
      age(3, handler, join(pkg, 'index.js'), join(pkg, 'package.json'));
      freshBundler()({ entry: handler });
      expect(inputsOfLastBuild().sort()).toEqual([handler, join(pkg, 'index.js')].sort());
    });
  });
});
