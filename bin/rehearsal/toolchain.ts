import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { TerraformMissing } from '../terraform/run';

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

const AWS = join('registry.terraform.io', 'hashicorp', 'aws');

const semver = (v: string) => v.split('.').map(Number);
const compare = (a: string, b: string) => {
  const [x, y] = [semver(a), semver(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
};

/** Whether `version` meets a constraint of `>= a` / `< b` / `= c` parts, as the stacks write it. */
export function satisfies(version: string, constraint: string): boolean {
  return constraint.split(',').every((part) => {
    const m = /^\s*(>=|<=|>|<|=|!=)?\s*(\d+\.\d+\.\d+)\s*$/.exec(part);
    if (!m) return false;
    const c = compare(version, m[2]);
    return { '>=': c >= 0, '<=': c <= 0, '>': c > 0, '<': c < 0, '=': c === 0, '!=': c !== 0, '': c === 0 }[m[1] ?? ''] ?? false;
  });
}

/** Folders that may hold an unpacked filesystem mirror of the AWS provider, most specific first. */
function mirrorCandidates(): string[] {
  const fromConfig: string[] = [];
  const config = process.env.TF_CLI_CONFIG_FILE;
  if (config && existsSync(config)) {
    for (const m of readFileSync(config, 'utf8').matchAll(/filesystem_mirror\s*\{[^}]*path\s*=\s*"([^"]+)"/g)) fromConfig.push(m[1]);
  }
  return [
    ...(process.env.MSK_ATHENA_PROVIDER_MIRROR ? [process.env.MSK_ATHENA_PROVIDER_MIRROR] : []),
    ...fromConfig,
    '/opt/tf-plugins',
    join(homedir(), '.terraform.d', 'plugins'),
    join(homedir(), '.local', 'share', 'terraform', 'plugins'),
    '/usr/local/share/terraform/plugins',
    '/usr/share/terraform/plugins',
  ];
}

/** The newest hashicorp/aws version in a mirror folder for this platform, if any. */
function mirrorVersion(dir: string): string | undefined {
  const base = join(dir, AWS);
  if (!existsSync(base)) return undefined;
  const platform = `${process.platform}_${process.arch === 'x64' ? 'amd64' : process.arch}`;
  return readdirSync(base)
    .filter((v) => /^\d+\.\d+\.\d+$/.test(v) && existsSync(join(base, v, platform)))
    .sort(compare)
    .pop();
}

/**
 * Terraform from PATH and the AWS provider from a local mirror when there is
 * one (the registry otherwise). Writes a CLI config into `workDir` for a mirror.
 */
export function findToolchain(workDir: string, constraint: string): Toolchain {
  const version = spawnSync('terraform', ['version', '-json'], { encoding: 'utf8' });
  if ((version.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') throw new TerraformMissing();
  const terraformVersion = JSON.parse(version.stdout || '{}').terraform_version ?? 'unknown';
  for (const dir of mirrorCandidates()) {
    const providerVersion = mirrorVersion(dir);
    if (!providerVersion) continue;
    const cliConfigFile = join(workDir, 'terraform.rc');
    writeFileSync(
      cliConfigFile,
      [
        'provider_installation {',
        `  filesystem_mirror {`,
        `    path    = ${JSON.stringify(dir)}`,
        '    include = ["registry.terraform.io/hashicorp/aws"]',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    return {
      terraformVersion,
      source: 'mirror',
      mirrorPath: dir,
      providerVersion,
      cliConfigFile,
      relaxedFrom: satisfies(providerVersion, constraint) ? undefined : constraint,
    };
  }
  return { terraformVersion, source: 'registry' };
}
