import { spawn, spawnSync } from 'node:child_process';

export class TerraformMissing extends Error {
  constructor() {
    super('terraform is not on PATH; install Terraform 1.10 or newer (https://developer.hashicorp.com/terraform/install) and try again');
    this.name = 'TerraformMissing';
  }
}

export interface TerraformResult {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
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
  return { ok: run.status === 0, stdout: run.stdout ?? '', stderr: run.stderr ?? '' };
}

/** `terraform` without blocking, so independent stacks can run side by side. */
export function terraformAsync(dir: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<TerraformResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('terraform', [`-chdir=${dir}`, ...args], {
      env: { ...process.env, TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'ENOENT' ? new TerraformMissing() : err));
    child.once('close', (status) => resolve({ ok: status === 0, stdout, stderr }));
  });
}

/** The last error Terraform printed, on one line, for a person. */
export function terraformError(result: TerraformResult): string {
  const text = `${result.stderr}\n${result.stdout}`;
  const blocks = text.split(/\n(?=(?:│ )?Error: )/).filter((b) => /^(│ )?Error: /.test(b.trim()));
  const last = (blocks[blocks.length - 1] ?? text).replace(/[│╷╵]/g, '').replace(/\s+/g, ' ').trim();
  return last.length > 600 ? `${last.slice(0, 600)}...` : last;
}
