import { join, resolve } from 'node:path';
import { App } from 'cdktf';
import { configLabel, environmentNames, loadAllEnvironments } from './config/load';
import type { EnvironmentConfig } from './config/schema';
import { readSchemaFolder, type RegistryDefinition } from './modules/registry/schema-folder';
import { collectProblems } from './modules/shared/problems';
import { buildEnvironment, checkEnvironmentInputs } from './stacks/environment';

export interface SynthesizeOptions {
  /** Project root: config/, schemas/ and queries/ live here. */
  readonly rootDir: string;
  /** @default <rootDir>/cdktf.out */
  readonly outdir?: string;
  /** @default <rootDir>/schemas */
  readonly schemaDir?: string;
  /** @default dev plus every config/<env>.json */
  readonly environments?: readonly string[];
}

/**
 * Synthesizes every environment. All input is read and validated before the App
 * exists (App creates its output folder): bad input throws an InputError and
 * writes nothing.
 */
export function synthesize(options: SynthesizeOptions): App {
  const { rootDir } = options;
  const configDir = join(rootDir, 'config');
  let configs: EnvironmentConfig[] = [];
  let registries: RegistryDefinition[] = [];
  // Every problem of every file, config and schemas alike, in one report.
  collectProblems([
    () => (configs = loadAllEnvironments(options.environments ?? environmentNames({ configDir }), { configDir, rootDir })),
    () => (registries = readSchemaFolder(resolve(options.schemaDir ?? join(rootDir, 'schemas')), rootDir)),
  ]);
  collectProblems(configs.map((c) => () => checkEnvironmentInputs(c, { registries }, configLabel(c.name, { configDir, rootDir }))));

  const app = new App({ outdir: options.outdir ?? join(rootDir, 'cdktf.out') });
  for (const config of configs) buildEnvironment(app, config, { registries, queryDir: join(rootDir, 'queries') });
  app.synth();
  return app;
}
