import { join, resolve } from 'node:path';
import { App } from 'cdktf';
import { environmentNames, loadAllEnvironments } from './config/load';
import { readSchemaFolder } from './modules/registry/schema-folder';
import { InputError } from './modules/shared/problems';
import { buildEnvironment, checkEnvironmentInputs } from './stacks/environment';

/*
 * Synthesizes every environment (dev, plus each config/<env>.json, or the list in
 * MSK_ATHENA_ENVIRONMENTS) into cdktf.out. Input is validated before anything is
 * written: on a bad schema or config, each problem is printed and the exit code is 1.
 */
const rootDir = __dirname;

function main(): void {
  // All input is read and validated before the App exists: App creates its outdir.
  const configs = loadAllEnvironments(environmentNames());
  // MSK_ATHENA_SCHEMAS points at another schema folder, e.g. to check a branch's.
  const registries = readSchemaFolder(resolve(process.env.MSK_ATHENA_SCHEMAS ?? join(rootDir, 'schemas')), rootDir);
  for (const config of configs) checkEnvironmentInputs(config, { registries });
  const app = new App({ outdir: process.env.CDKTF_OUTDIR ?? join(rootDir, 'cdktf.out') });
  for (const config of configs) {
    buildEnvironment(app, config, { registries, queryDir: join(rootDir, 'queries') });
  }
  app.synth();
}

try {
  main();
} catch (err) {
  if (!(err instanceof InputError)) throw err;
  console.error(err.message);
  process.exitCode = 1;
}
