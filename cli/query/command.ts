/**
 * `npm run query -- "<SQL>"`: runs SQL on the MSK catalog through Athena and
 * prints the rows. Defaults come from `cdktf deploy --outputs-file outputs.json`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BatchGetNamedQueryCommand, paginateListNamedQueries, type AthenaClient } from '@aws-sdk/client-athena';
import { loadEnvironmentConfig } from '../../config/load';
import { athenaClient } from '../lib/aws/athena-client';
import { runCli, UsageError, wholeNumber } from '../lib/command';
import { describeError } from '../lib/athena/errors';
import { readDeployedOutputs } from '../lib/athena/outputs';
import { QueryCancelled, runQuery } from '../lib/athena/query-runner';
import { queryPrice } from '../lib/athena/price';
import { formatBytes, render, type OutputFormat } from '../lib/athena/render';
import { PROJECT_ROOT } from '../../core/project-root';

const HELP = `usage: npm run query -- "<SQL>" [options]
       npm run query -- --named "<database>.<table>: sample" [options]

  --workgroup NAME     Athena workgroup (default: deploy outputs, else the environment's config)
  --catalog NAME       data catalog (default: deploy outputs, else the environment's config)
  --database NAME      database (a schemas/ folder) for unqualified table names
  --output FORMAT      table (default), csv or json
  --out FILE           write the rows to FILE instead of the terminal
  --max-rows N         stop after N rows (default 1000)
  --named NAME         run the saved query NAME of the workgroup
  --region REGION      AWS region (default: deploy outputs, else AWS_REGION)
  --env NAME           environment whose deploy outputs to read (default dev)
  --outputs-file FILE  deploy outputs (default outputs.json)
  --endpoint-url URL   another Athena endpoint (e.g. a local emulator)
  -h, --help           this text

Ctrl-C stops the query in Athena too.`;

async function namedQuery(client: AthenaClient, workgroup: string, name: string): Promise<{ sql: string; database?: string }> {
  for await (const page of paginateListNamedQueries({ client }, { WorkGroup: workgroup })) {
    const ids = page.NamedQueryIds ?? [];
    // BatchGetNamedQuery takes at most 50 ids a call.
    for (let i = 0; i < ids.length; i += 50) {
      const { NamedQueries = [] } = await client.send(new BatchGetNamedQueryCommand({ NamedQueryIds: ids.slice(i, i + 50) }));
      const q = NamedQueries.find((n) => n.Name === name && n.QueryString);
      if (q) return { sql: q.QueryString!, database: q.Database };
    }
  }
  throw new Error(`no saved query named "${name}" in workgroup ${workgroup}`);
}

const spec = {
  name: 'query',
  usage: HELP,
  allowPositionals: true,
  options: {
    workgroup: { type: 'string' },
    catalog: { type: 'string' },
    database: { type: 'string' },
    output: { type: 'string' },
    out: { type: 'string' },
    'max-rows': { type: 'string' },
    named: { type: 'string' },
    region: { type: 'string' },
    env: { type: 'string' },
    'outputs-file': { type: 'string' },
    'endpoint-url': { type: 'string' },
  },
} as const;

export function main(argv: string[]): Promise<number> {
  let endpoint: string | undefined;
  return runCli(
    spec,
    async ({ values, positionals }) => {
      const format = (values.output ?? 'table') as OutputFormat;
      if (!['table', 'csv', 'json'].includes(format)) throw new UsageError(`--output must be table, csv or json, got "${format}"`);
      const maxRows = wholeNumber(values['max-rows'], '--max-rows', { min: 1 }) ?? 1000;
      if (!values.named && positionals.length !== 1) throw new UsageError('give one SQL statement in quotes, or --named NAME');
      const env = values.env ?? 'dev';
      const deployed = readDeployedOutputs(values['outputs-file'] ?? join(PROJECT_ROOT, 'outputs.json'), env);
      const config = loadEnvironmentConfig(env);
      const workgroup = values.workgroup ?? deployed.workgroup ?? config.athena.workgroupName;
      const catalog = values.catalog ?? deployed.catalog ?? config.connector.catalogName;
      endpoint = values['endpoint-url'];
      const region = values.region ?? deployed.region ?? config.region;
      const client = athenaClient(region, endpoint);
      const tty = process.stderr.isTTY;
      const controller = new AbortController();
      const onSigint = () => {
        if (controller.signal.aborted) process.exit(130);
        if (tty) process.stderr.write('\nstopping the query in Athena...\n');
        controller.abort();
      };
      process.on('SIGINT', onSigint);
      try {
        let sql = positionals[0];
        let database = values.database;
        if (values.named) ({ sql, database = database } = await namedQuery(client, workgroup, values.named));
        const result = await runQuery(
          client,
          { sql, workgroup, catalog, database, maxRows },
          {
            signal: controller.signal,
            onProgress: (p) => {
              if (tty)
                process.stderr.write(
                  `\r\x1b[K${p.state.padEnd(9)} ${(p.elapsedMs / 1000).toFixed(1)} s  ${formatBytes(p.scannedBytes)} scanned  (${p.queryId})`,
                );
            },
          },
        );
        if (tty) process.stderr.write('\r\x1b[K');
        const text = render(result.columns, result.rows, format);
        if (values.out) writeFileSync(values.out, text);
        else process.stdout.write(text);
        console.error(
          `${result.rows.length} row${result.rows.length === 1 ? '' : 's'}${result.truncated ? ` (stopped at --max-rows ${maxRows})` : ''} in ${(result.elapsedMs / 1000).toFixed(1)} s, ${formatBytes(result.scannedBytes)} scanned${values.out ? `, written to ${values.out}` : ''}`,
        );
        console.error(queryPrice(result.scannedBytes, region));
        return 0;
      } catch (err) {
        if (tty) process.stderr.write('\r\x1b[K');
        if (err instanceof QueryCancelled) {
          console.error(`query: ${describeError(err, endpoint ?? 'Athena')}`);
          return 130;
        }
        throw err;
      } finally {
        process.off('SIGINT', onSigint);
      }
    },
    argv,
    (err) => describeError(err, endpoint ?? 'Athena'),
  );
}
