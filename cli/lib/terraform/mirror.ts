import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/*
 * A local filesystem mirror of the hashicorp/aws provider, for machines that
 * cannot reach registry.terraform.io. Both layouts Terraform reads count:
 * unpacked (<version>/<os_arch>/terraform-provider-aws_*) and packed
 * (terraform-provider-aws_<version>_<os_arch>.zip, what `terraform providers mirror` writes).
 */

/** The environment variable that names a mirror folder before any other. */
export const MIRROR_VARIABLE = 'MSK_ATHENA_PROVIDER_MIRROR';

const AWS_SOURCE = 'registry.terraform.io/hashicorp/aws';
const AWS = join('registry.terraform.io', 'hashicorp', 'aws');

export interface ProviderMirror {
  /** The folder holding registry.terraform.io/hashicorp/aws. */
  readonly path: string;
  /** The version chosen from it: the newest that meets the constraint, else the newest. */
  readonly version: string;
  readonly meetsConstraint: boolean;
}

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

/** The user's own Terraform CLI configuration file, as Terraform finds it. */
function userCliConfigFile(): string {
  return process.env.TF_CLI_CONFIG_FILE || join(homedir(), '.terraformrc');
}

/** Folders that may hold a filesystem mirror of the AWS provider, most specific first. */
function mirrorCandidates(): string[] {
  const fromConfig: string[] = [];
  const config = userCliConfigFile();
  if (existsSync(config)) {
    for (const m of readFileSync(config, 'utf8').matchAll(/filesystem_mirror\s*\{[^}]*path\s*=\s*"([^"]+)"/g)) fromConfig.push(m[1]);
  }
  return [
    ...(process.env[MIRROR_VARIABLE] ? [process.env[MIRROR_VARIABLE]] : []),
    ...fromConfig,
    '/opt/tf-plugins',
    join(homedir(), '.terraform.d', 'plugins'),
    join(homedir(), '.local', 'share', 'terraform', 'plugins'),
    '/usr/local/share/terraform/plugins',
    '/usr/share/terraform/plugins',
  ];
}

/** The hashicorp/aws versions a mirror folder holds for this platform, oldest first. */
export function mirrorVersions(dir: string): string[] {
  const base = join(dir, AWS);
  if (!existsSync(base)) return [];
  const platform = `${process.platform}_${process.arch === 'x64' ? 'amd64' : process.arch}`;
  const versions = readdirSync(base).flatMap((entry) => {
    if (/^\d+\.\d+\.\d+$/.test(entry) && existsSync(join(base, entry, platform))) return [entry];
    const packed = /^terraform-provider-aws_(\d+\.\d+\.\d+)_(.+)\.zip$/.exec(entry);
    return packed && packed[2] === platform ? [packed[1]] : [];
  });
  return [...new Set(versions)].sort(compare);
}

/**
 * The mirror to take hashicorp/aws from: the first folder holding a version
 * that meets `constraint`, else the first holding any version (a caller may
 * relax the constraint for it, or refuse it); undefined when there is none.
 */
export function findProviderMirror(constraint: string): ProviderMirror | undefined {
  const found = mirrorCandidates()
    .map((path) => ({ path, versions: mirrorVersions(path) }))
    .filter((m) => m.versions.length > 0);
  for (const { path, versions } of found) {
    const fitting = versions.filter((v) => satisfies(v, constraint)).pop();
    if (fitting) return { path, version: fitting, meetsConstraint: true };
  }
  return found[0] && { path: found[0].path, version: found[0].versions[found[0].versions.length - 1], meetsConstraint: false };
}

/** Whether the user's own CLI configuration already says where providers come from. */
export function userChoosesProviderInstallation(): boolean {
  const config = userCliConfigFile();
  return existsSync(config) && /^\s*provider_installation\s*\{/m.test(readFileSync(config, 'utf8'));
}

/**
 * Writes a Terraform CLI configuration (for TF_CLI_CONFIG_FILE) that takes
 * hashicorp/aws from `mirror` and every other provider from its registry. With
 * `keepUserConfig`, the user's own settings (credentials, plugin cache) come first.
 */
export function writeMirrorConfig(file: string, mirror: string, { keepUserConfig = false } = {}): string {
  const own = keepUserConfig && existsSync(userCliConfigFile()) ? `${readFileSync(userCliConfigFile(), 'utf8').trimEnd()}\n\n` : '';
  writeFileSync(
    file,
    [
      `${own}provider_installation {`,
      '  filesystem_mirror {',
      `    path    = ${JSON.stringify(mirror)}`,
      `    include = ["${AWS_SOURCE}"]`,
      '  }',
      '  direct {',
      `    exclude = ["${AWS_SOURCE}"]`,
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  return file;
}
