import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { App, Lazy, Tokenization } from 'cdktf';
import { configLabel, configWarnings, environmentNames, loadAllEnvironments, requireRemoteState } from './config/load';
import { BUILT_IN_ENVIRONMENTS } from './config/presets';
import type { EnvironmentConfig } from './config/schema';
import { readQueryFolder, type QueryFile } from './core/queries/saved-queries';
import { checkSchemaFolder, type RegistryDefinition } from './core/tables/schema-folder';
import { collectProblems, InputError, type Problem } from './core/problems';
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
  /**
   * Every environment must keep its state in a real S3 bucket: set where
   * Terraform runs on a throw-away machine (the GitHub workflows).
   * @default false
   */
  readonly requireRemoteState?: boolean;
  /** Told of input that is valid but probably a mistake. @default ignored */
  readonly onWarning?: (warning: Problem) => void;
}

export interface Synthesis {
  readonly app: App;
  readonly environments: readonly string[];
  readonly stacks: readonly string[];
  readonly tables: number;
  /**
   * Stack folders of earlier runs that this run did not produce. Reported, not
   * removed: the cdktf CLI still reads them during its own synth; cdktf deploy
   * goes by the manifest, which lists only this run's stacks.
   */
  readonly staleStacks: readonly string[];
}

/**
 * Synthesizes every environment. All input is read and validated before the App
 * exists (App creates its output folder): bad input throws an InputError and
 * writes nothing.
 */
export function synthesize(options: SynthesizeOptions): Synthesis {
  const { rootDir } = options;
  const configDir = join(rootDir, 'config');
  const names = options.environments ?? environmentNames({ configDir });
  const warn = options.onWarning ?? (() => undefined);
  let configs: EnvironmentConfig[] = [];
  let registries: RegistryDefinition[] = [];
  let queries: readonly QueryFile[] = [];
  let schemasRead = false;
  const schemaDir = resolve(options.schemaDir ?? join(rootDir, 'schemas'));
  // Every problem of every file, config and schemas alike, in one report.
  collectProblems([
    () => knownEnvironments(names, configDir, rootDir),
    () => (configs = loadAllEnvironments(names, { configDir, rootDir })),
    () => {
      const report = checkSchemaFolder(schemaDir, rootDir);
      if (report.problems.length > 0) throw new InputError(report.problems);
      report.warnings.forEach(warn);
      registries = [...report.registries];
      schemasRead = true;
    },
    // Filled in per environment later; checked against the tables read just before.
    () => {
      const report = readQueryFolder(join(rootDir, 'queries'), rootDir, schemasRead ? registries : undefined);
      report.warnings.forEach(warn);
      queries = report.queries;
    },
  ]);
  const label = (c: EnvironmentConfig) => configLabel(c.name, { configDir, rootDir });
  collectProblems(configs.map((c) => () => checkEnvironmentInputs(c, { registries }, label(c))));
  if (options.requireRemoteState) collectProblems(configs.map((c) => () => requireRemoteState(c, label(c))));
  for (const c of configs) configWarnings(c, label(c)).forEach(warn);

  const outdir = options.outdir ?? join(rootDir, 'cdktf.out');
  const app = new App({ outdir });
  const stacks = configs.flatMap((config) => {
    const env = buildEnvironment(app, config, { registries, queries });
    return [env.network, env.streaming, env.analytics, env.monitoring].map((s) => s.node.id);
  });
  app.synth();
  return {
    app,
    environments: configs.map((c) => c.name),
    stacks,
    tables: registries.reduce((n, r) => n + r.tables.length, 0),
    staleStacks: staleStacks(join(outdir, 'stacks'), stacks),
  };
}

/** A name that is neither built in nor has a config file is a typo (`prdo`), not a new environment. */
function knownEnvironments(names: readonly string[], configDir: string, rootDir: string): void {
  const problems = names
    .filter((n) => !BUILT_IN_ENVIRONMENTS.includes(n) && !existsSync(join(configDir, `${n}.json`)))
    .map((n): Problem => ({
      file: relative(rootDir, join(configDir, `${n}.json`)),
      field: '',
      problem: `environment "${n}" is neither built in (${BUILT_IN_ENVIRONMENTS.join(', ')}) nor configured`,
      fix: `check MSK_ATHENA_ENVIRONMENTS for a typo, or create config/${n}.json ({} takes the dev defaults)`,
    }));
  if (problems.length > 0) throw new InputError(problems);
}

/** Stack folders cdktf left from earlier runs (a renamed or dropped environment, a narrower MSK_ATHENA_ENVIRONMENTS). */
function staleStacks(stacksDir: string, current: readonly string[]): string[] {
  if (!existsSync(stacksDir)) return [];
  return readdirSync(stacksDir)
    .filter((s) => !current.includes(s) && !s.startsWith('.'))
    .sort();
}

/** Set to keep cdktf's creation stacks, e.g. to see where a token that fails to resolve was made. */
export const CREATION_STACKS_VARIABLE = 'MSK_ATHENA_CREATION_STACKS';

/**
 * For `npm run synth` (main.ts): cdktf records a complete stack trace
 * (Error.stackTraceLimit raised to the maximum, then formatted) for every token
 * it creates, Lazy values, references and Fn calls alike, only to print it when
 * that token later fails to resolve: work on every token of every synth for a
 * message almost never shown. Nothing it writes changes.
 * cdktf 0.21 has no switch for it: its capture function is replaced by one that
 * records nothing. CDK Terrain has one (CDKTN_DISABLE_CREATION_STACK), set here
 * too. `keep` (MSK_ATHENA_CREATION_STACKS set) leaves both alone. Returns whether
 * a token made now has no creation stack.
 */
export function skipCreationStacks(keep = Boolean(process.env[CREATION_STACKS_VARIABLE])): boolean {
  if (keep) return false;
  process.env.CDKTN_DISABLE_CREATION_STACK ??= '1';
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const stackTrace = require('cdktf/lib/tokens/private/stack-trace') as { captureStackTrace?: () => string[] };
    if (typeof stackTrace.captureStackTrace === 'function') stackTrace.captureStackTrace = () => [];
  } catch {
    // Laid out otherwise: keeps its traces, as the probe below tells.
  }
  const probe = Tokenization.reverseString(Lazy.stringValue({ produce: () => '' })).firstToken;
  return probe !== undefined && probe.creationStack.length === 0;
}
