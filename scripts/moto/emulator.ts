import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
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

/**
 * Starts moto_server on 127.0.0.1 (installing the pinned Python tools on first
 * use) and waits until it answers. The caller stops it; it also dies with this
 * process.
 */
export async function startMoto(port?: number): Promise<Moto> {
  const server = join(ROOT, '.cache', 'venv', 'bin', 'moto_server');
  if (!existsSync(server)) execFileSync('bash', [join(ROOT, 'scripts', 'python-tools.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
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
