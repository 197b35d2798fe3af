import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { main, readLogs } from '../../cli/logs/command';
import { startMoto, type Moto } from '../../scripts/moto/emulator';

const STREAM = '2026/11/29/[$LATEST]0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const REQUEST = '6f1c2b7e-1d2a-4c3b-9e8f-0a1b2c3d4e5f';

/** Runs the logs CLI in-process; returns its exit code, printed lines and error lines. */
async function logs(args: string[]): Promise<{ code: number; lines: string[]; errors: string[] }> {
  const lines: string[] = [];
  const errors: string[] = [];
  const error = jest.spyOn(console, 'error').mockImplementation((line) => void errors.push(String(line)));
  try {
    const code = await main(args, (line) => lines.push(line));
    return { code, lines, errors };
  } finally {
    error.mockRestore();
  }
}

describe('logs against moto (CloudWatch Logs over HTTP)', () => {
  let moto: Moto;
  let client: CloudWatchLogsClient;
  const saved = { ...process.env };
  const now = Date.now();

  beforeAll(async () => {
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_EC2_METADATA_DISABLED: 'true' });
    moto = await startMoto(Number(process.env.MSK_ATHENA_TEST_MOTO_PORT ?? 25000));
    client = new CloudWatchLogsClient({ region: 'us-east-1', endpoint: moto.url, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    const logGroupName = '/aws/lambda/dev-athena-msk-connector';
    await client.send(new CreateLogGroupCommand({ logGroupName }));
    await client.send(new CreateLogStreamCommand({ logGroupName, logStreamName: STREAM }));
    await client.send(
      new PutLogEventsCommand({
        logGroupName,
        logStreamName: STREAM,
        logEvents: [
          { timestamp: now - 3 * 3_600_000, message: `START RequestId: ${REQUEST} Version: $LATEST\n` },
          { timestamp: now - 30 * 60_000, message: `2026-11-29 13:45:09 ${REQUEST} INFO  AmazonMskMetadataHandler:389 - Total pieces created 3\n` },
          { timestamp: now - 10 * 60_000, message: `2026-11-29 13:55:09 ${REQUEST} ERROR AmazonMskRecordHandler:120 - poll failed\n` },
        ],
      }),
    );
  });
  afterAll(async () => {
    await moto.stop();
    process.env = saved;
  });

  it("prints the connector's events of the last hour, one line each without the runtime prefix", async () => {
    const { code, lines } = await logs(['connector', '--endpoint-url', moto.url]);
    expect(code).toBe(0);
    expect(lines).toEqual([
      `${new Date(now - 30 * 60_000).toISOString()} 0a1b2c3d INFO AmazonMskMetadataHandler:389 - Total pieces created 3`,
      `${new Date(now - 10 * 60_000).toISOString()} 0a1b2c3d ERROR AmazonMskRecordHandler:120 - poll failed`,
    ]);
  });

  it('goes further back with --since and narrows with --filter', async () => {
    expect((await logs(['connector', '--endpoint-url', moto.url, '--since', '4h'])).lines).toHaveLength(3);
    expect((await logs(['connector', '--endpoint-url', moto.url, '--since', '15m'])).lines).toHaveLength(1);
    const filtered = await logs(['connector', '--endpoint-url', moto.url, '--since', '4h', '--filter', 'ERROR']);
    expect(filtered.lines).toHaveLength(1);
    expect(filtered.lines[0]).toMatch(/ERROR AmazonMskRecordHandler:120 - poll failed$/);
  });

  it('follows new events until stopped, printing each once', async () => {
    const logGroup = '/aws/lambda/dev-msk-athena-topics';
    const logStreamName = '2026/11/29/[$LATEST]ffeeddccbbaa99887766554433221100';
    await client.send(new CreateLogGroupCommand({ logGroupName: logGroup }));
    await client.send(new CreateLogStreamCommand({ logGroupName: logGroup, logStreamName }));
    const put = (message: string, timestamp = Date.now()) =>
      client.send(new PutLogEventsCommand({ logGroupName: logGroup, logStreamName, logEvents: [{ timestamp, message }] }));
    const stamp = Date.now() - 1_000;
    await put(`2026-11-29T13:45:09.123Z\t${REQUEST}\tINFO\tfirst\n`, stamp);
    const controller = new AbortController();
    const lines: string[] = [];
    const following = readLogs(client, {
      logGroup,
      startTime: Date.now() - 60_000,
      follow: true,
      signal: controller.signal,
      pollMs: 50,
      print: (line) => {
        lines.push(line);
        if (lines.length === 1) void put(`2026-11-29T13:45:10.123Z\t${REQUEST}\tWARN\tsecond\n`, stamp);
        if (lines.length === 2) setTimeout(() => controller.abort(), 300);
      },
    });
    expect(await following).toBe(2);
    expect(lines.map((l) => l.split(' ').slice(1).join(' '))).toEqual(['ffeeddcc INFO first', 'ffeeddcc WARN second']);
  });

  it('says the environment has no producer rather than looking for its logs', async () => {
    const { code, errors } = await logs(['producer', '--env', 'prod', '--endpoint-url', moto.url]);
    expect(code).toBe(1);
    expect(errors).toEqual(['logs: config/prod.json: producer.enabled is false, so this environment deploys no producer; there are no producer logs to read']);
  });

  it('names the missing log group and how to get it', async () => {
    const { code, errors } = await logs(['producer', '--endpoint-url', moto.url]);
    expect(code).toBe(1);
    expect(errors[0]).toBe(
      "logs: no log group /aws/lambda/dev-msk-athena-producer in us-east-1: the producer function of dev is not deployed there (cdktf deploy 'dev-*'), or --region/--env name another place",
    );
  });

  it('refuses a misspelt function and a bad --since with exit 2', async () => {
    expect(await logs(['conector'])).toMatchObject({
      code: 2,
      errors: ['logs: "conector" is not a function of this project (did you mean connector?); use connector, producer, topics, topics-plan; see --help'],
    });
    expect(await logs(['connector', '--since', '1y'])).toMatchObject({
      code: 2,
      errors: ['logs: --since must be a duration such as 30m, 1h or 2d, got "1y"; see --help'],
    });
  });
});
