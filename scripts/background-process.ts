import { existsSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';

/*
 * The local stand-ins (Kafka broker, Glue registry) run in the background and
 * are found again through a pid file, across command-line runs.
 */

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Whether something accepts connections on 127.0.0.1:port now. */
export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** The pid in `pidFile` if that process still runs. */
export function runningPid(pidFile: string): number | undefined {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8'));
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

/** SIGTERM, SIGKILL after `timeoutMs`, wait for the exit, remove the pid file. */
export async function stopProcess(pidFile: string, timeoutMs: number): Promise<void> {
  const pid = runningPid(pidFile);
  if (pid) {
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + timeoutMs;
    while (runningPid(pidFile) && Date.now() < deadline) await sleep(100);
    if (runningPid(pidFile)) process.kill(pid, 'SIGKILL');
    while (runningPid(pidFile)) await sleep(50);
  }
  rmSync(pidFile, { force: true });
}
