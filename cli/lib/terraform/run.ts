import { spawn, spawnSync } from 'node:child_process';
import { setPriority } from 'node:os';

/** The nice value of background commands: below every normal process, above nothing-else-to-do. */
const BACKGROUND_PRIORITY = 10;

export class TerraformMissing extends Error {
  constructor() {
    super('terraform is not on PATH; install Terraform 1.10 or newer (https://developer.hashicorp.com/terraform/install) and try again');
    this.name = 'TerraformMissing';
  }
}

/** What a Terraform command printed, and whether it succeeded: all its errors are read from. */
export interface TerraformOutput {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

export interface TerraformResult extends TerraformOutput {
  /** The exit code (null when a signal ended it): `plan -detailed-exitcode` says "changes" with 2. */
  readonly status: number | null;
}

/** Runs `terraform -chdir=<dir> <args>` without colour or prompts; never throws for a failed command. */
export function terraform(dir: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): TerraformResult {
  const run = spawnSync('terraform', [`-chdir=${dir}`, ...args], {
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    // No single Terraform command here should take longer; a hang fails instead of stalling CI.
    timeout: 15 * 60_000,
    env: { ...process.env, TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1', ...env },
  });
  if ((run.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') throw new TerraformMissing();
  return { ok: run.status === 0, status: run.status, stdout: run.stdout ?? '', stderr: run.stderr ?? '' };
}

/**
 * `terraform` without blocking, so independent stacks can run side by side.
 * `background`: at low CPU priority (the provider it starts inherits it), for
 * work that may wait while a more urgent command runs.
 */
export function terraformAsync(dir: string, args: readonly string[], env: NodeJS.ProcessEnv = {}, { background = false } = {}): Promise<TerraformResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('terraform', [`-chdir=${dir}`, ...args], {
      env: { ...process.env, TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1', ...env },
    });
    if (background && child.pid !== undefined) {
      try {
        setPriority(child.pid, BACKGROUND_PRIORITY);
      } catch {
        // Gone already, or not allowed here: it runs at normal priority, only slower for the others.
      }
    }
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'ENOENT' ? new TerraformMissing() : err));
    child.once('close', (status) => resolve({ ok: status === 0, status, stdout, stderr }));
  });
}

/** A line that locates or quotes the configuration rather than saying what is wrong. */
const NOT_MEANINGFUL = /^(?:$|on \S.* line \d+|with \S.*,$|\d+:|[├│─]|\(and \d+ more)/;

/** Each "Error: ..." line of one output stream with the explanation that follows it there, one line each. */
function errorBlocks(stream: string): string[] {
  const lines = stream.split('\n').map((l) => l.replace(/^[│╷╵] ?/, '').trim());
  return lines.flatMap((line, start) => {
    if (!/^Error: /.test(line)) return [];
    let i = start + 1;
    while (i < lines.length && NOT_MEANINGFUL.test(lines[i]) && !/^Error: /.test(lines[i])) i++;
    const explanation: string[] = [];
    for (; i < lines.length && lines[i] && !/^Error: /.test(lines[i]); i++) explanation.push(lines[i]);
    return [[line, explanation.join(' ')].filter(Boolean).join(': ').replace(/\s+/g, ' ')];
  });
}

/**
 * Terraform's error for a person, on one line: its "Error: ..." line and the
 * next line that explains it (wrapped lines joined), not the whole output. The
 * first error, or the first that matches `prefer` (the one a caller recognised).
 */
export function terraformError(result: TerraformOutput, prefer?: RegExp): string {
  const blocks = errorBlocks(result.stderr).concat(errorBlocks(result.stdout));
  if (blocks.length === 0) {
    const lines = `${result.stderr}\n${result.stdout}`.split('\n').map((l) => l.replace(/^[│╷╵] ?/, '').trim());
    return lines.filter((l) => l && !NOT_MEANINGFUL.test(l)).pop() ?? 'Terraform failed and printed no error';
  }
  const text = (prefer && blocks.find((b) => prefer.test(b))) || blocks[0];
  const more = blocks.length > 1 ? ` (and ${blocks.length - 1} more error${blocks.length > 2 ? 's' : ''})` : '';
  return `${text.length > 400 ? `${text.slice(0, 400)}...` : text}${more}`;
}
