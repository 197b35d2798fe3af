import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { presetFor } from './presets';
import { environmentConfigSchema, type EnvironmentConfig } from './schema';
import { collectProblems, InputError, jsonSyntaxProblem, zodProblems } from '../modules/shared/problems';

export const DEFAULT_ENVIRONMENT = 'dev';

export interface LoadOptions {
  /** Folder holding `<env>.json` files. @default `<project>/config` */
  readonly configDir?: string;
  /** Paths in messages are relative to this. @default the project root */
  readonly rootDir?: string;
}

const PROJECT_ROOT = join(__dirname, '..');

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

/** Validates `overrides` laid over the preset of `env`; `label` names the source in messages. */
export function resolveEnvironmentConfig(env: string, overrides: unknown, label = `config(${env})`): EnvironmentConfig {
  const parsed = environmentConfigSchema.safeParse(overlay({ ...presetFor(env), name: env }, overrides));
  if (!parsed.success) throw new InputError(zodProblems(label, parsed.error));
  return parsed.data;
}

/** Environments to synthesize by default: `dev` plus every `config/<env>.json`. */
export function environmentNames(options: LoadOptions = {}): string[] {
  const { configDir } = folders(options);
  const files = existsSync(configDir)
    ? readdirSync(configDir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length))
    : [];
  return [...new Set([DEFAULT_ENVIRONMENT, ...files.sort()])];
}

/** Loads every environment, collecting the problems of all of them before failing. */
export function loadAllEnvironments(names: readonly string[], options: LoadOptions = {}): EnvironmentConfig[] {
  const configs: EnvironmentConfig[] = [];
  collectProblems(names.map((name) => () => configs.push(loadEnvironmentConfig(name, options))));
  return configs;
}
