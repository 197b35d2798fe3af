import { join } from 'node:path';
import { App } from 'cdktf';
import { environmentNames, loadAllEnvironments } from './config/load';
import { InputError } from './modules/shared/problems';
import { buildEnvironment } from './stacks/environment';

/*
 * Synthesizes every environment (dev, plus each config/<env>.json, or the list in
 * MSK_ATHENA_ENVIRONMENTS) into cdktf.out. Input is validated before anything is
 * written: on a bad schema or config, each problem is printed and the exit code is 1.
 */
const rootDir = __dirname;

function main(): void {
  const configs = loadAllEnvironments(environmentNames());
  const app = new App({ outdir: process.env.CDKTF_OUTDIR ?? join(rootDir, 'cdktf.out') });
  for (const config of configs) {
    buildEnvironment(app, config, {
      rootDir,
      schemaDir: join(rootDir, 'schemas'),
      queryDir: join(rootDir, 'queries'),
    });
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
