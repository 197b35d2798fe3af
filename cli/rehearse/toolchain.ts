import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { findProviderMirror, writeMirrorConfig } from '../lib/terraform/mirror';
import { UsageError } from '../lib/command';
import { TerraformMissing } from '../lib/terraform/run';

export { satisfies } from '../lib/terraform/mirror';

/** What the rehearsal runs Terraform with. */
export interface Toolchain {
  readonly terraformVersion: string;
  /** A local filesystem mirror of hashicorp/aws, or the public registry. */
  readonly source: 'mirror' | 'registry';
  readonly mirrorPath?: string;
  /** The provider version the mirror holds (the registry's choice is read after init). */
  readonly providerVersion?: string;
  /** TF_CLI_CONFIG_FILE for every terraform call; undefined leaves the user's own. */
  readonly cliConfigFile?: string;
  /** Set when the stacks' constraint had to be replaced by the mirror's version. */
  readonly relaxedFrom?: string;
}

/**
 * Terraform from PATH and the AWS provider from a local mirror when there is
 * one (the registry otherwise). Writes a CLI config into `workDir` for a mirror.
 * A rehearsal validates what this project writes, so a mirror whose version
 * misses the stacks' constraint is still used, with the constraint relaxed.
 */
export function findToolchain(workDir: string, constraint: string): Toolchain {
  const version = spawnSync('terraform', ['version', '-json'], { encoding: 'utf8' });
  if ((version.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') throw new TerraformMissing();
  const terraformVersion = JSON.parse(version.stdout || '{}').terraform_version ?? 'unknown';
  const mirror = findProviderMirror(constraint);
  if (!mirror) return { terraformVersion, source: 'registry' };
  return {
    terraformVersion,
    source: 'mirror',
    mirrorPath: mirror.path,
    providerVersion: mirror.version,
    cliConfigFile: writeMirrorConfig(join(workDir, 'terraform.rc'), mirror.path),
    relaxedFrom: mirror.meetsConstraint ? undefined : constraint,
  };
}

export const MOTO_PORT_VARIABLE = 'MSK_ATHENA_REHEARSAL_MOTO_PORT';

/**
 * The port moto listens on: MSK_ATHENA_REHEARSAL_MOTO_PORT where ports are
 * allotted (a shared machine, a CI runner's firewall), else undefined for a free one.
 */
export function motoPort(value = process.env[MOTO_PORT_VARIABLE]): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const port = Number(value);
  if (!/^\d+$/.test(value.trim()) || port < 1024 || port > 65535) {
    throw new UsageError(`${MOTO_PORT_VARIABLE} must be a port number from 1024 to 65535, got "${value}"`);
  }
  return port;
}
