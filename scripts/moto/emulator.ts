import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { portOpen } from '../background-process';

/** moto's AWS emulator (PyPI, pinned in requirements-ci.txt) on a loopback port. */
export interface Moto {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

const ROOT = join(__dirname, '..', '..');

/** A port nothing listens on now, picked by the kernel. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Where the pinned moto_server is installed (scripts/python-tools.sh). */
export const MOTO_SERVER = join(ROOT, '.cache', 'venv', 'bin', 'moto_server');

/** This process's install, once asked for: a failed one is not tried again, so its error is said once. */
let installing: Promise<string> | undefined;

/**
 * The moto_server binary, installing the pinned Python tools first when they are
 * missing (pip's progress on stderr). One install per process, however many
 * callers ask at once: `npm run kafka:up` starts it beside the broker's first
 * jar download, and the Glue stand-in then waits for the same install.
 */
export function ensureMotoServer(): Promise<string> {
  if (existsSync(MOTO_SERVER)) return Promise.resolve(MOTO_SERVER);
  installing ??= new Promise<string>((resolve, reject) => {
    const child = spawn('bash', [join(ROOT, 'scripts', 'python-tools.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('error', reject);
    // python-tools.sh has said what went wrong on stderr.
    child.once('close', (code) =>
      code === 0 ? resolve(MOTO_SERVER) : reject(new Error(`could not install moto (scripts/python-tools.sh exit ${code}); see the lines above`)),
    );
  });
  return installing;
}

/**
 * Starts moto_server on 127.0.0.1 (installing the pinned Python tools on first
 * use) and waits until it answers. The caller stops it; it also dies with this
 * process.
 */
export async function startMoto(port?: number): Promise<Moto> {
  const server = await ensureMotoServer();
  const chosen = port ?? (await freePort());
  const child: ChildProcess = spawn(server, ['-H', '127.0.0.1', '-p', String(chosen)], { stdio: 'ignore' });
  const kill = () => child.kill('SIGTERM');
  process.once('exit', kill);
  const deadline = Date.now() + 30_000;
  while (!(await portOpen(chosen))) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`moto_server did not start on port ${chosen}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `http://127.0.0.1:${chosen}`,
    port: chosen,
    stop: () =>
      new Promise<void>((resolve) => {
        process.off('exit', kill);
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Calls moto's own control API (results to return, state transitions). */
export async function motoApi(moto: Moto, path: string, body: unknown): Promise<void> {
  const res = await fetch(`${moto.url}/moto-api/${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  if (!res.ok) throw new Error(`moto-api ${path}: HTTP ${res.status}`);
}
