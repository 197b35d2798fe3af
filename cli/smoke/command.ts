/**
 * `npm run smoke`: the step after `cdktf deploy`. Checks that Athena sees the
 * catalog's databases and tables as schemas/ declares them and that each table
 * answers a count and a sample; prints a pass/fail table; exit 1 on any failure.
 */
import { join } from 'node:path';
import Table from 'cli-table3';
import { loadEnvironmentConfig } from '../../config/load';
import { inDatabases } from '../../core/tables/schema-folder';
import { athenaClient } from '../lib/aws/athena-client';
import { describeError } from '../lib/athena/errors';
import { runCli } from '../lib/command';
import { projectRegistries } from '../lib/project/schemas';
import { readDeployedOutputs } from '../lib/athena/outputs';
import { runSmoke } from './smoke';
import { PROJECT_ROOT } from '../../core/project-root';

const USAGE = `usage: npm run smoke -- [options]
  --env NAME           environment to check (default dev)
  --workgroup NAME     Athena workgroup (default: deploy outputs, else the environment's config)
  --catalog NAME       data catalog (default: deploy outputs, else the environment's config)
  --region REGION      AWS region (default: deploy outputs, else the environment's config)
  --outputs-file FILE  deploy outputs (default outputs.json)
  --endpoint-url URL   another Athena endpoint (e.g. a local emulator)
  -h, --help           this text`;

const spec = {
  name: 'smoke',
  usage: USAGE,
  options: {
    env: { type: 'string' },
    workgroup: { type: 'string' },
    catalog: { type: 'string' },
    region: { type: 'string' },
    'outputs-file': { type: 'string' },
    'endpoint-url': { type: 'string' },
  },
} as const;

export function main(argv: string[]): Promise<number> {
  return runCli(
    spec,
    async ({ values }) => {
      const env = values.env ?? 'dev';
      const deployed = readDeployedOutputs(values['outputs-file'] ?? join(PROJECT_ROOT, 'outputs.json'), env);
      const config = loadEnvironmentConfig(env);
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
    },
    argv,
    (err) => describeError(err, endpointOf(argv)),
  );
}

/** The endpoint named on the command line, for error messages. */
function endpointOf(argv: string[]): string {
  const i = argv.indexOf('--endpoint-url');
  return i >= 0 ? argv[i + 1] : 'Athena';
}
