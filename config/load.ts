import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { presetFor } from './presets';
import { unknownRegion } from './regions';
import { environmentConfigSchema, type EnvironmentConfig } from './schema';
import { PLACEHOLDER_STATE_BUCKET_PREFIX } from '../core/aws-facts';
import { collectProblems, InputError, jsonSyntaxProblem, zodProblems, type Problem } from '../core/problems';
import { PROJECT_ROOT } from '../core/project-root';

export const DEFAULT_ENVIRONMENT = 'dev';

export interface LoadOptions {
  /** Folder holding `<env>.json` files. @default `<project>/config` */
  readonly configDir?: string;
  /** Paths in messages are relative to this. @default the project root */
  readonly rootDir?: string;
}

const folders = (options: LoadOptions) => ({
  configDir: options.configDir ?? join(PROJECT_ROOT, 'config'),
  rootDir: options.rootDir ?? PROJECT_ROOT,
});

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isPlainObject(v: unknown): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** File values win; objects merge key by key, arrays and scalars are replaced whole. */
function overlay(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override === undefined ? base : override;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(override)) out[k] = overlay(base[k], v);
  return out;
}

/** How messages name an environment's configuration: its file, or its built-in defaults. */
export function configLabel(env: string, options: LoadOptions = {}): string {
  const { configDir, rootDir } = folders(options);
  const path = join(configDir, `${env}.json`);
  return existsSync(path) ? relative(rootDir, path) : `config(${env}) built-in defaults`;
}

/**
 * The configuration of one environment: its preset, overlaid with `config/<env>.json`
 * when that file exists. Throws an InputError naming every bad key.
 */
export function loadEnvironmentConfig(env: string, options: LoadOptions = {}): EnvironmentConfig {
  const { configDir, rootDir } = folders(options);
  const path = join(configDir, `${env}.json`);
  const label = configLabel(env, { configDir, rootDir });

  let fromFile: unknown = {};
  if (existsSync(path)) {
    const text = readFileSync(path, 'utf8');
    try {
      fromFile = JSON.parse(text);
    } catch (err) {
      throw new InputError([{ file: label, field: '', problem: jsonSyntaxProblem(text, err), fix: 'fix the syntax' }]);
    }
    if (!isPlainObject(fromFile)) {
      throw new InputError([{ file: label, field: '', problem: 'is not a JSON object', fix: 'write {"region": "...", ...}' }]);
    }
    if ('name' in fromFile) {
      throw new InputError([{ file: label, field: 'name', problem: 'is taken from the file name', fix: `remove it; this file configures "${env}"` }]);
    }
  }

  return resolveEnvironmentConfig(env, fromFile, label);
}

/**
 * With `msk.existing` the team's cluster is adopted, not made: sizing keys would
 * have no effect (refused), and topics and sample traffic are the team's own
 * (off unless the file turns them on).
 */
function adoptionDefaults(overrides: unknown, label: string): unknown {
  const msk = isPlainObject(overrides) ? overrides.msk : undefined;
  if (!isPlainObject(msk) || msk.existing === undefined) return {};
  const ignored = Object.keys(msk).filter((k) => k !== 'existing');
  if (ignored.length > 0) {
    throw new InputError(
      ignored.map((k) => ({
        file: label,
        field: `msk.${k}`,
        problem: 'has no effect with msk.existing: this environment makes no cluster',
        fix: 'remove it (size the cluster where it is managed)',
      })),
    );
  }
  const topics = isPlainObject(overrides) && isPlainObject(overrides.topics) ? overrides.topics : {};
  const producer = isPlainObject(overrides) && isPlainObject(overrides.producer) ? overrides.producer : {};
  return { topics: { manage: topics.manage ?? false }, producer: { enabled: producer.enabled ?? false } };
}

/** Validates `overrides` laid over the preset of `env`; `label` names the source in messages. */
export function resolveEnvironmentConfig(env: string, overrides: unknown, label = `config(${env})`): EnvironmentConfig {
  const adopted = adoptionDefaults(overrides, label);
  const parsed = environmentConfigSchema.safeParse(overlay(overlay({ ...presetFor(env), name: env }, overrides), adopted));
  if (!parsed.success) throw new InputError(zodProblems(label, parsed.error, { schema: environmentConfigSchema, hidden: ['name'] }));
  return parsed.data;
}

/** Environments to synthesize by default: `dev` plus every `config/<env>.json`. */
export function environmentNames(options: LoadOptions = {}): string[] {
  const { configDir } = folders(options);
  const files = existsSync(configDir)
    ? readdirSync(configDir)
        .filter((f) => f.endsWith('.json'))
        .map((f) => f.slice(0, -'.json'.length))
    : [];
  return [...new Set([DEFAULT_ENVIRONMENT, ...files.sort()])];
}

/** Loads every environment, collecting the problems of all of them before failing. */
export function loadAllEnvironments(names: readonly string[], options: LoadOptions = {}): EnvironmentConfig[] {
  const configs: EnvironmentConfig[] = [];
  collectProblems(names.map((name) => () => configs.push(loadEnvironmentConfig(name, options))));
  return configs;
}

/** Valid settings that are probably mistakes: a region AWS_REGIONS lacks (and no typo of one), a placeholder state bucket. */
export function configWarnings(config: EnvironmentConfig, label: string): Problem[] {
  const warnings: Problem[] = [];
  for (const [field, region] of [
    ['region', config.region],
    ['state.region', config.state?.region],
  ] as const) {
    const unknown = region ? unknownRegion(region) : undefined;
    if (unknown?.severity === 'warning') warnings.push({ file: label, field, problem: unknown.problem, fix: unknown.fix });
  }
  if (config.state?.bucket.startsWith(PLACEHOLDER_STATE_BUCKET_PREFIX)) {
    warnings.push({
      file: label,
      field: 'state.bucket',
      problem: `"${config.state.bucket}" is the placeholder`,
      fix: 'set it to your Terraform state bucket before deploying (docs/deploying.md, "A bucket for Terraform state")',
    });
  }
  return warnings;
}

/**
 * Where Terraform runs on a throw-away machine (the GitHub workflows), local
 * state would be lost after every run: such an environment needs a real S3
 * state bucket. Throws an InputError saying what to set.
 */
export function requireRemoteState(config: EnvironmentConfig, label: string): void {
  if (!config.state) {
    throw new InputError([
      {
        file: label,
        field: 'state',
        problem: 'is missing, so state would be kept on the machine running Terraform, and this run needs shared state (MSK_ATHENA_REMOTE_STATE=required)',
        fix: `add "state": {"bucket": "<your state bucket>"} to config/${config.name}.json (docs/deploying.md, "A bucket for Terraform state")`,
      },
    ]);
  }
  if (config.state.bucket.startsWith(PLACEHOLDER_STATE_BUCKET_PREFIX)) {
    throw new InputError([
      {
        file: label,
        field: 'state.bucket',
        problem: `"${config.state.bucket}" is the placeholder`,
        fix: 'set it to your Terraform state bucket (docs/deploying.md, "A bucket for Terraform state")',
      },
    ]);
  }
}
