import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { satisfies } from '../lib/terraform/mirror';
import { PROVIDER_GAPS } from './emulator-gaps';

/** The endpoints the stacks' resources and data sources call, all pointed at the emulator. */
const SERVICES = [
  'athena',
  'cloudformation',
  'cloudwatch',
  'ec2',
  'events',
  'glue',
  'iam',
  'kafka',
  'kms',
  'lambda',
  'logs',
  's3',
  'serverlessrepo',
  'sns',
  'sts',
];

/** Replaces the AWS provider constraint of a synthesized stack (for a mirror's older provider). */
export function pinProvider(stackDir: string, version: string): void {
  const file = join(stackDir, 'cdk.tf.json');
  const json = JSON.parse(readFileSync(file, 'utf8'));
  json.terraform.required_providers.aws.version = `= ${version}`;
  // Pretty, as cdktf writes it: Terraform quotes the failing line in its errors.
  writeFileSync(file, JSON.stringify(json, null, 2));
}

/**
 * Rewrites, in a synthesized stack of the rehearsal's own copy, each value that
 * `providerVersion` refuses though the provider the stacks ask for accepts it
 * (PROVIDER_GAPS), and returns one line per rewrite for the report. A provider
 * at or above each gap's `acceptedFrom` gets the stack as synthesized.
 */
export function rehearseWithOlderProvider(stackDir: string, providerVersion: string): string[] {
  const gaps = PROVIDER_GAPS.filter((g) => !satisfies(providerVersion, `>= ${g.acceptedFrom}`));
  if (gaps.length === 0) return [];
  const file = join(stackDir, 'cdk.tf.json');
  const json = JSON.parse(readFileSync(file, 'utf8'));
  const rewrites: string[] = [];
  for (const gap of gaps) {
    for (const [name, resource] of Object.entries<Record<string, unknown>>(json.resource?.[gap.type] ?? {})) {
      if (resource[gap.attribute] !== gap.value) continue;
      resource[gap.attribute] = gap.rehearsedAs;
      rewrites.push(
        `${gap.type}.${name}: ${gap.attribute} ${gap.value} rehearsed as ${gap.rehearsedAs} (hashicorp/aws ${providerVersion} refuses it; ${gap.acceptedFrom} and newer accept it)`,
      );
    }
  }
  if (rewrites.length > 0) writeFileSync(file, JSON.stringify(json, null, 2));
  return rewrites;
}

/**
 * An override file that points the AWS provider of a stack at the emulator with
 * fake credentials. Terraform merges `*_override.tf.json` into the provider
 * block, so the stack's own JSON stays as synthesized.
 */
export function pointAtEmulator(stackDir: string, url: string): void {
  const provider = {
    access_key: 'rehearsal',
    secret_key: 'rehearsal',
    skip_credentials_validation: true,
    skip_metadata_api_check: true,
    skip_region_validation: true,
    s3_use_path_style: true,
    // An emulator error should surface at once, not after the SDK's long backoff.
    max_retries: 1,
    endpoints: [Object.fromEntries(SERVICES.map((s) => [s, url]))],
  };
  writeFileSync(join(stackDir, 'rehearsal_override.tf.json'), JSON.stringify({ provider: { aws: [provider] } }, null, 2));
}
