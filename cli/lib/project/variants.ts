import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'cdktf';
import { skipCreationStacks } from '../../../app';
import { resolveEnvironmentConfig } from '../../../config/load';
import { readQueryFolder } from '../../../core/queries/saved-queries';
import { readSchemaFolder } from '../../../core/tables/schema-folder';
import { buildEnvironment, type EnvironmentInputs } from '../../../stacks/environment';
import { PROJECT_ROOT } from '../../../core/project-root';

/** One configuration the rehearsal synthesizes and validates. */
export interface Variant {
  readonly label: string;
  readonly env: string;
  readonly overrides: unknown;
}

/**
 * Every shape of stack the project can produce: the two presets and each option
 * that adds or swaps resources. Dev runs unprotected so it can be destroyed.
 */
export const VARIANTS: readonly Variant[] = [
  { label: 'dev', env: 'dev', overrides: { protectData: false } },
  { label: 'prod', env: 'prod', overrides: {} },
  { label: 'dev-nat', env: 'dev', overrides: { network: { natGateway: true } } },
  { label: 'dev-serverless', env: 'dev', overrides: { msk: { mode: 'serverless' } } },
  {
    label: 'dev-existing-vpc',
    env: 'dev',
    overrides: { network: { existing: { vpcId: 'vpc-0a1b2c3d', subnetIds: ['subnet-0a1b2c3d', 'subnet-0e5f6a7b'], routeTableIds: ['rtb-0c1d2e3f'] } } },
  },
  // The worked examples of adopting an existing cluster, one per authentication.
  ...['iam', 'scram', 'tls', 'serverless'].map((mode) => ({
    label: `dev-adopted-${mode}`,
    env: 'dev',
    overrides: JSON.parse(readFileSync(join(PROJECT_ROOT, 'docs', 'examples', `adopt-${mode}-cluster.json`), 'utf8')),
  })),
];

/** The project's schemas/ and queries/, read and checked as synth reads them. */
export function projectInputs(): EnvironmentInputs {
  const root = PROJECT_ROOT;
  const registries = readSchemaFolder(join(root, 'schemas'), root);
  return { registries, queries: readQueryFolder(join(root, 'queries'), root, registries).queries };
}

/** Synthesizes a variant into `<dir>/cdktf.out`; local state then resolves to `<dir>/state`. */
export function synthesizeVariant(variant: Variant, dir: string, inputs: EnvironmentInputs): string {
  const config = resolveEnvironmentConfig(variant.env, variant.overrides, `rehearsal(${variant.label})`);
  const outdir = join(dir, 'cdktf.out');
  mkdirSync(dir, { recursive: true });
  skipCreationStacks(); // as npm run synth: the same Terraform, sooner
  const app = new App({ outdir });
  buildEnvironment(app, config, inputs);
  app.synth();
  return outdir;
}
