#!/usr/bin/env node
/**
 * The npm registry reachable here serves only the Linux builds of packages that
 * ship one optional binary package per platform (@swc/core-*, @esbuild/*, ...).
 * `npm install` then leaves the other platforms out of package-lock.json and
 * `npm ci` refuses the lock. This records each missing platform package in the
 * lock as an optional entry with its os/cpu, which npm ci skips on this machine
 * and which a machine with the full registry resolves as usual.
 *
 * Run after `npm install` whenever dependencies change: npm run lock:platforms
 */
import { readFileSync, writeFileSync } from 'node:fs';

const args = process.argv.slice(2);
if (args.includes('-h') || args.includes('--help')) {
  console.log(`usage: npm run lock:platforms
Records the platform packages this registry does not serve in package-lock.json (optional
entries with os/cpu). Run after npm install whenever dependencies change.
  -h, --help   this text`);
  process.exit(0);
}
if (args.length > 0) {
  console.error(`lock:platforms: unexpected argument ${args[0]}; see --help`);
  process.exit(2);
}

const OS = ['darwin', 'win32', 'linux', 'android', 'freebsd', 'openbsd', 'netbsd', 'sunos', 'aix', 'openharmony'];
const CPU = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'riscv64', 'loong64', 'mips64el', 'wasm32', 'mips', 'ppc'];

function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  return { os: parts.find((p) => OS.includes(p)), cpu: parts.find((p) => CPU.includes(p)) };
}

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const packages = lock.packages;
let added = 0;
for (const [path, meta] of Object.entries(packages)) {
  for (const [dep, version] of Object.entries(meta.optionalDependencies ?? {})) {
    const key = `node_modules/${dep}`;
    const nested = `${path ? `${path}/` : ''}node_modules/${dep}`;
    if (packages[key] || packages[nested]) continue;
    const { os, cpu } = platformOf(dep);
    if (!os && !cpu) throw new Error(`${dep}: cannot tell its platform from the name; add it to package-lock.json by hand`);
    packages[key] = { version, optional: true, ...(os ? { os: [os] } : {}), ...(cpu ? { cpu: [cpu] } : {}) };
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
console.log(`recorded ${added} platform package(s) the registry does not serve here`);
