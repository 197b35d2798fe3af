import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { ROOT } from './synth';

/** moto's AWS emulator (PyPI), on a loopback port, started and stopped by the tests. */
export interface Moto {
  readonly url: string;
  stop(): Promise<void>;
}

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });

export async function startMoto(port: number): Promise<Moto> {
  const server = join(ROOT, '.cache', 'venv', 'bin', 'moto_server');
  if (!existsSync(server)) execFileSync('bash', [join(ROOT, 'scripts', 'python-tools.sh')], { stdio: 'inherit' });
  const child: ChildProcess = spawn(server, ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const deadline = Date.now() + 30_000;
  while (!(await portOpen(port))) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`moto_server did not start on port ${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => {
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
