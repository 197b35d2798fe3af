import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AthenaClient, CreateWorkGroupCommand, GetQueryExecutionCommand, ListQueryExecutionsCommand } from '@aws-sdk/client-athena';
import { QueryCancelled, runQuery, type QueryProgress } from '../../cli/lib/athena/query-runner';
import { runSmoke } from '../../cli/smoke/smoke';
import { readSchemaFolder } from '../../core/tables/schema-folder';
import { startFakeAthena, type FakeAthena } from '../helpers/fake-athena';
import { motoApi, startMoto, type Moto } from '../../scripts/moto/emulator';
import { FIXTURE, ROOT } from '../helpers/synth';

const CREDENTIALS = { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1' };
const scratch = mkdtempSync(join(tmpdir(), 'msk-athena-query-'));
const NO_OUTPUTS = join(scratch, 'absent-outputs.json');

/**
 * Runs the query CLI as a user does; returns its exit code and output. Async, so
 * the in-process fake server keeps answering while the CLI waits on it.
 */
function cli(args: string[], env: Record<string, string> = CREDENTIALS): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bin', 'query.ts'), ...args], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH!,
      HOME: scratch,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: join(scratch, 'none'),
      AWS_SHARED_CREDENTIALS_FILE: join(scratch, 'none'),
      ...env,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr: stderr.trim() })));
}

describe('query CLI against moto (real SDK over HTTP)', () => {
  let moto: Moto;
  let client: AthenaClient;
  beforeAll(async () => {
    moto = await startMoto(Number(process.env.MSK_ATHENA_TEST_MOTO_PORT ?? 25000));
    client = new AthenaClient({ region: 'us-east-1', endpoint: moto.url, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  });
  afterAll(() => moto.stop());

  it('runs a query, polling while Athena reports it queued and running, and prints its rows', async () => {
    await motoApi(moto, 'state-manager/set-transition', { model_name: 'athena::execution', transition: { progression: 'manual', times: 2 } });
    await motoApi(moto, 'static/athena/query-results', {
      region: 'us-east-1',
      results: [
        {
          rows: [
            { Data: [{ VarCharValue: 'order_id' }, { VarCharValue: 'user_id' }] },
            { Data: [{ VarCharValue: 'o-1' }, { VarCharValue: 'u001' }] },
            { Data: [{ VarCharValue: 'o-2' }, { VarCharValue: 'u002' }] },
          ],
          column_info: [
            { Name: 'order_id', Label: 'order_id', Type: 'varchar', Nullable: 'UNKNOWN' },
            { Name: 'user_id', Label: 'user_id', Type: 'varchar', Nullable: 'UNKNOWN' },
          ],
        },
      ],
    });
    const seen: QueryProgress[] = [];
    const result = await runQuery(
      client,
      { sql: 'SELECT order_id, user_id FROM "msk"."customer"."orders"', workgroup: 'primary', catalog: 'msk', database: 'customer' },
      {
        pollMs: [10, 20],
        onProgress: (p) => seen.push(p),
      },
    );
    const states = seen.map((p) => p.state).filter((state, i, all) => state !== all[i - 1]);
    expect(states).toEqual(['QUEUED', 'RUNNING', 'SUCCEEDED']);
    expect(result.columns).toEqual(['order_id', 'user_id']);
    expect(result.rows).toEqual([
      ['o-1', 'u001'],
      ['o-2', 'u002'],
    ]);
    await motoApi(moto, 'state-manager/unset-transition', { model_name: 'athena::execution' });
  });

  it('prints csv and json, to the terminal or a file', async () => {
    const results = (n: number) => ({
      region: 'us-east-1',
      results: Array.from({ length: n }, () => ({
        rows: [{ Data: [{ VarCharValue: 'n' }, { VarCharValue: 'note' }] }, { Data: [{ VarCharValue: '1' }, { VarCharValue: 'a, "quoted" value' }] }],
        column_info: [
          { Name: 'n', Label: 'n', Type: 'integer' },
          { Name: 'note', Label: 'note', Type: 'varchar' },
        ],
      })),
    });
    await motoApi(moto, 'static/athena/query-results', results(2));
    const csv = await cli(['SELECT 1', '--endpoint-url', moto.url, '--workgroup', 'primary', '--output', 'csv', '--outputs-file', NO_OUTPUTS]);
    expect(csv).toMatchObject({ code: 0, stdout: 'n,note\n1,"a, ""quoted"" value"\n' });
    expect(csv.stderr).toMatch(/^1 row in \d+\.\d s, 0 B scanned\nAthena bills 10\.0 MB \(the minimum\): \$0\.000048 at us-east-1 prices/);
    const out = join(scratch, 'rows.json');
    const json = await cli(['SELECT 1', '--endpoint-url', moto.url, '--workgroup', 'primary', '--output', 'json', '--out', out, '--outputs-file', NO_OUTPUTS]);
    expect(json.code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual([{ n: '1', note: 'a, "quoted" value' }]);
  });

  it('stops the query in Athena when cancelled', async () => {
    await motoApi(moto, 'state-manager/set-transition', { model_name: 'athena::execution', transition: { progression: 'manual', times: 3 } });
    const controller = new AbortController();
    let id = '';
    await expect(
      runQuery(
        client,
        { sql: 'SELECT * FROM "msk"."customer"."orders"', workgroup: 'primary' },
        {
          pollMs: [10, 10],
          signal: controller.signal,
          onProgress: (p) => {
            id = p.queryId;
            if (p.state === 'RUNNING') controller.abort();
          },
        },
      ),
    ).rejects.toBeInstanceOf(QueryCancelled);
    const { QueryExecution } = await client.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
    expect(QueryExecution?.Status?.State).toBe('CANCELLED');
    await motoApi(moto, 'state-manager/unset-transition', { model_name: 'athena::execution' });
  });

  it('reads its defaults from the deploy outputs file', async () => {
    const outputs = join(scratch, 'outputs.json');
    writeFileSync(outputs, JSON.stringify({ 'dev-analytics': { workgroup: 'from-outputs', catalog_name: 'msk', region: 'us-east-1' } }));
    const before = await cli(['SELECT 1', '--endpoint-url', moto.url, '--outputs-file', outputs]);
    expect(before).toMatchObject({ code: 1, stderr: 'query: workgroup not found: WorkGroup does not exist (check --workgroup, or the deploy outputs file)' });
    await client.send(new CreateWorkGroupCommand({ Name: 'from-outputs', Configuration: { ResultConfiguration: { OutputLocation: 's3://results/' } } }));
    expect((await cli(['SELECT 1', '--endpoint-url', moto.url, '--outputs-file', outputs])).code).toBe(0);
    const { QueryExecutionIds } = await client.send(new ListQueryExecutionsCommand({ WorkGroup: 'from-outputs' }));
    expect(QueryExecutionIds).toHaveLength(1);
  });
});

describe('query CLI against a local Athena protocol server (what moto cannot do)', () => {
  let fake: FakeAthena;
  beforeAll(async () => {
    fake = await startFakeAthena();
  });
  afterAll(() => fake.close());
  const args = (...extra: string[]) => ['--endpoint-url', fake.url, '--workgroup', 'wg', '--outputs-file', NO_OUTPUTS, ...extra];

  it('pages through several result pages', async () => {
    fake.plan = () => ({
      states: ['RUNNING', 'SUCCEEDED'],
      columns: ['n'],
      rows: Array.from({ length: 2500 }, (_, i) => [String(i)]),
      scannedBytes: 3 * 1024 * 1024,
    });
    const run = await cli(['SELECT n FROM t', ...args('--output', 'csv', '--max-rows', '5000')]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(2501);
    expect([lines[0], lines[1], lines[2500]]).toEqual(['n', '0', '2499']);
    expect(run.stderr).toMatch(/^2500 rows in \d+\.\d s, 3\.0 MB scanned\n/);
    expect(fake.calls.filter((c) => c === 'GetQueryResults')).toHaveLength(3);
  });

  it("ends with the price of the bytes Athena reports: whole megabytes, at least 10 MB, at the region's price", async () => {
    const price = async (scannedBytes: number, ...extra: string[]) => {
      fake.plan = () => ({ states: ['SUCCEEDED'], columns: ['n'], rows: [['1']], scannedBytes });
      const run = await cli(['SELECT 1', ...args(...extra)]);
      expect(run.code).toBe(0);
      return run.stderr.split('\n').at(-1);
    };
    expect(await price(3 * 1024 * 1024)).toMatch(
      /^Athena bills 10\.0 MB \(the minimum\): \$0\.000048 at us-east-1 prices of \d{4}-\d\d-\d\d; the connector's Lambda time is billed apart$/,
    );
    // 25 GB at $5 per TB: $0.12; one byte over a megabyte bills the whole next one.
    expect(await price(25 * 2 ** 30)).toMatch(/^Athena bills 25\.0 GB: \$0\.12 at us-east-1 prices/);
    expect(await price(20 * 2 ** 20 + 1)).toMatch(/^Athena bills 21\.0 MB: \$0\.00010 at/);
    expect(await price(0, '--region', 'ap-southeast-7')).toMatch(
      /^Athena bills 10\.0 MB \(the minimum\): \$0\.000048 at us-east-1 prices of [\d-]+, none listed for ap-southeast-7;/,
    );
  });

  it('runs a saved query by name, in its database, fetching saved queries 50 at a time', async () => {
    fake.savedQueries = Array.from({ length: 120 }, (_, i) => ({ name: `customer.q${i}`, database: 'customer', sql: `SELECT ${i} AS answer` }));
    fake.plan = (sql) => ({ states: ['SUCCEEDED'], columns: ['answer'], rows: [[sql.replace(/\D/g, '')]] });
    fake.calls.length = 0;
    const run = await cli(['--named', 'customer.q110', ...args('--output', 'json')]);
    expect(run).toMatchObject({ code: 0 });
    expect(JSON.parse(run.stdout)).toEqual([{ answer: '110' }]);
    // Three pages of ids, one batch each; stops at the page holding the query.
    expect(fake.calls.filter((c) => c === 'ListNamedQueries')).toHaveLength(3);
    expect(fake.calls.filter((c) => c === 'BatchGetNamedQuery')).toHaveLength(3);
    const missing = await cli(['--named', 'nope', ...args()]);
    expect(missing).toMatchObject({ code: 1, stderr: 'query: no saved query named "nope" in workgroup wg' });
  });

  it('stops paging at --max-rows and says so', async () => {
    fake.plan = () => ({ states: ['SUCCEEDED'], columns: ['n'], rows: Array.from({ length: 2500 }, (_, i) => [String(i)]) });
    const run = await cli(['SELECT n FROM t', ...args('--output', 'json', '--max-rows', '1200')]);
    expect(JSON.parse(run.stdout)).toHaveLength(1200);
    expect(run.stderr).toMatch(/^1200 rows \(stopped at --max-rows 1200\)/);
  });

  it("reports FAILED with Athena's reason in one line", async () => {
    fake.plan = () => ({ states: ['RUNNING', 'FAILED'], reason: "TABLE_NOT_FOUND: line 1:15: Table 'msk.customer.ordres' does not exist" });
    expect(await cli(['SELECT * FROM msk.customer.ordres', ...args()])).toMatchObject({
      code: 1,
      stdout: '',
      stderr: "query: query failed: TABLE_NOT_FOUND: line 1:15: Table 'msk.customer.ordres' does not exist",
    });
  });

  it("explains a query stopped by the workgroup's scan limit", async () => {
    fake.plan = () => ({ states: ['FAILED'], reason: 'Query exhausted resources: Bytes scanned limit was exceeded' });
    const run = await cli(['SELECT * FROM big', ...args()]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^query: query stopped: it scanned more than the workgroup's per-query limit \(athena\.bytesScannedCutoffMb\)/);
  });

  it('reports a query cancelled in Athena', async () => {
    fake.plan = () => ({ states: ['RUNNING', 'CANCELLED'] });
    expect(await cli(['SELECT 1', ...args()])).toMatchObject({ code: 130, stderr: expect.stringMatching(/^query: query q-\d+ cancelled in Athena$/) });
  });

  it('reports access denied in one line, saying what the caller needs', async () => {
    fake.deny = true;
    const run = await cli(['SELECT 1', ...args()]);
    fake.deny = false;
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'query: access denied: User: arn:aws:sts::111122223333:assumed-role/analyst/jo is not authorized to perform: athena:StartQueryExecution on resource: arn:aws:athena:us-east-1:111122223333:workgroup/wg (the caller needs athena, glue and lambda:InvokeFunction rights on this workgroup and catalog)',
    );
  });

  it('stops the query in Athena on Ctrl-C', async () => {
    fake.plan = () => ({ states: ['RUNNING'] });
    fake.calls.length = 0;
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bin', 'query.ts'), 'SELECT * FROM slow', ...args()], {
      cwd: ROOT,
      env: { PATH: process.env.PATH!, HOME: scratch, AWS_EC2_METADATA_DISABLED: 'true', ...CREDENTIALS },
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    while (!fake.calls.includes('GetQueryExecution')) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGINT');
    const code = await new Promise((r) => child.on('close', r));
    expect(code).toBe(130);
    expect(fake.calls).toContain('StopQueryExecution');
    expect(stderr.trim()).toMatch(/^query: query q-\d+ cancelled by you; the query was stopped in Athena$/);
  });

  it('reports an unknown catalog from smoke checks and lists pass and fail per table', async () => {
    const registries = readSchemaFolder(join(FIXTURE, 'schemas'), ROOT);
    fake.databases = { customer: ['orders'], telemetry: [] };
    fake.plan = (sql) =>
      sql.startsWith('SELECT count')
        ? { states: ['SUCCEEDED'], columns: ['records'], rows: [['120']] }
        : { states: ['SUCCEEDED'], columns: ['order_id', 'ordered_at', 'user_id', 'items'], rows: [['o', '2026-01-01 00:00:00.000', 'u', '[]']] };
    const client = new AthenaClient({ region: 'us-east-1', endpoint: fake.url, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    const checks = await runSmoke(client, { catalog: 'msk', workgroup: 'wg', registries });
    expect(checks.map((c) => [c.check, c.target, c.ok, c.detail])).toEqual([
      ['catalog', 'msk', true, '2 databases'],
      ['database', 'customer', true, 'found'],
      ['count', 'customer.orders', true, '120 records'],
      ['sample', 'customer.orders', true, '1 rows, 4 columns'],
      ['database', 'telemetry', true, 'found'],
      ['table', 'telemetry.sensor_readings', false, 'missing from the catalog'],
    ]);
    const unknown = await runSmoke(client, { catalog: 'kafka', workgroup: 'wg', registries });
    expect(unknown).toEqual([
      { check: 'catalog', target: 'kafka', ok: false, detail: 'not found: Catalog kafka not found (check --catalog and --database, or run npm run smoke)' },
    ]);
  });
});

describe('query CLI failures before any query runs', () => {
  it('says there are no credentials, in one line', async () => {
    const run = await cli(['SELECT 1', '--workgroup', 'wg', '--outputs-file', NO_OUTPUTS, '--endpoint-url', 'http://127.0.0.1:9'], { AWS_REGION: 'us-east-1' });
    expect(run).toMatchObject({ code: 1, stderr: 'query: no AWS credentials: set AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY) and try again' });
  });

  it('says the endpoint cannot be reached, in one line', async () => {
    const run = await cli(['SELECT 1', '--workgroup', 'wg', '--outputs-file', NO_OUTPUTS, '--endpoint-url', 'http://127.0.0.1:9']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^query: cannot reach http:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\): check the region, the network and any endpoint override$/);
  });

  it('refuses bad options with a pointer to --help', async () => {
    expect(await cli(['SELECT 1', '--output', 'xml'])).toMatchObject({ code: 2, stderr: 'query: --output must be table, csv or json, got "xml"; see --help' });
    expect(await cli([])).toMatchObject({ code: 2, stderr: 'query: give one SQL statement in quotes, or --named NAME; see --help' });
  });
});
