/**
 * `npm run smoke`: the step after `cdktf deploy`. Checks that Athena sees the
 * catalog's databases and tables as schemas/ declares them and that each table
 * answers a count and a sample; prints a pass/fail table; exit 1 on any failure.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Table from 'cli-table3';
import { loadEnvironmentConfig } from '../config/load';
import { inDatabases } from '../modules/registry/schema-folder';
import { athenaClient } from './athena/client';
import { projectRegistries } from './project-schemas';
import { readDeployedOutputs } from './athena/outputs';
import { runSmoke } from './athena/smoke';

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      env: { type: 'string', default: 'dev' },
      workgroup: { type: 'string' }, catalog: { type: 'string' }, region: { type: 'string' },
      'outputs-file': { type: 'string', default: join(__dirname, '..', 'outputs.json') },
      'endpoint-url': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log('usage: npm run smoke -- [--env dev] [--workgroup W] [--catalog C] [--region R] [--outputs-file outputs.json] [--endpoint-url URL]');
    return 0;
  }
  const deployed = readDeployedOutputs(values['outputs-file']!, values.env!);
  const config = loadEnvironmentConfig(values.env!);
  const catalog = values.catalog ?? deployed.catalog ?? config.connector.catalogName;
  const workgroup = values.workgroup ?? deployed.workgroup ?? config.athena.workgroupName;
  const client = athenaClient(values.region ?? deployed.region ?? config.region, values['endpoint-url']);
  const registries = inDatabases(projectRegistries(), config.connector.databasePrefix);
  const checks = await runSmoke(client, { catalog, workgroup, registries });
  const table = new Table({ head: ['check', 'target', 'result', 'detail'], style: { head: [], border: [] } });
  for (const c of checks) table.push([c.check, c.target, c.ok ? 'pass' : 'FAIL', c.detail]);
  console.log(table.toString());
  const failed = checks.filter((c) => !c.ok).length;
  console.log(failed === 0 ? `smoke: ${checks.length} checks passed` : `smoke: ${failed} of ${checks.length} checks failed`);
  return failed === 0 ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  }).catch((err: Error) => {
    console.error(`smoke: ${err.message}`);
    process.exitCode = 1;
  });
}
