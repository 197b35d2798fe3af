import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { LOCAL_CREDENTIALS } from '../../scripts/moto/local-glue';
import { FIXTURE, ROOT, resourcesOf, type Json } from '../helpers/synth';
import { testBroker, testKafka } from './broker';
import { invoke, lambdaRuntimeVariables, referencedFunction, synthLikeNpm, unpack, type DeployedFunction, type Invocation } from './lambda-runtime';

/*
 * Node.js 24 (CI's line and the functions' runtime, nodejs24.x) prints a warning
 * for what it deems a bug in the code it runs: kafkajs 2.2.4 gave setTimeout a
 * negative delay on every connection (TimeoutNegativeWarning, kafkajs issue
 * 1751), which patches/kafkajs+2.2.4.patch fixes at install. A produce and
 * verify round trip on the suite's broker, through the Kafka tools and through
 * the function zips `npm run synth` writes, each in its own Node.js 24 process,
 * must cause no warning at all: a 'warning' event or a `(node:PID) ...Warning`
 * line on stderr fails it, whatever its cause.
 */

/** Node.js 24 from npm (scripts/node-binary.mjs), whatever line runs the suite. */
const node24 = join(
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'node-binary.mjs'), '24'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim(),
  'node',
);
const work = mkdtempSync(join(tmpdir(), 'node-warnings-'));
/** Preloaded into each tool's process: appends every 'warning' event to the file MSK_ATHENA_TEST_WARNINGS names. */
const recorder = join(work, 'record-warnings.cjs');
writeFileSync(
  recorder,
  "process.on('warning', (w) => require('node:fs').appendFileSync(process.env.MSK_ATHENA_TEST_WARNINGS, `${w.name}: ${w.message}\\n`));\n",
);
/** Node prints each warning as `(node:PID) NameWarning: ...` (or `[DEP0xxx] DeprecationWarning`) on stderr. */
const PRINTED_WARNING = /^\(node:\d+\) .*Warning\b.*$/gm;
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface ToolRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly warnings: string[];
}

/** `npm run <tool> -- args` as package.json runs it (scripts/run.mjs), on Node.js 24, recording its warnings. */
async function tool(name: string, args: string[]): Promise<ToolRun> {
  const script = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Json).scripts[name] as string;
  const [, runner, entry] = /^node (\S+) (\S+)/.exec(script)!;
  const record = join(work, `${name}-${Date.now()}-${Math.random().toString(36).slice(2)}.warnings`);
  writeFileSync(record, '');
  const child = spawn(node24, ['--require', recorder, runner, entry, ...args], {
    cwd: ROOT,
    env: { ...process.env, MSK_ATHENA_TEST_WARNINGS: record, MSK_ATHENA_SCHEMAS: join(FIXTURE, 'schemas'), PATH: `${dirname(node24)}:${process.env.PATH}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const status = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (status !== 0) throw new Error(`npm run ${name} ${args.join(' ')} exited with ${status}:\n${stdout}\n${stderr}`);
  const events = readFileSync(record, 'utf8').split('\n').filter(Boolean);
  return { status, stdout, warnings: [...events, ...(stderr.match(PRINTED_WARNING) ?? [])] };
}

/** The Node.js warnings of an invocation: its 'warning' events and what it printed as one. */
const warningsOf = (run: Invocation) => [...run.warnings, ...(run.logs.match(PRINTED_WARNING) ?? [])];

const resultOf = (run: Invocation): Json => {
  if ('errorType' in run) throw new Error(`${run.errorType}: ${run.errorMessage}\n${run.logs}`);
  return run.result;
};

describe('on Node.js 24, a Kafka round trip through the tools and the function zips', () => {
  let topics: DeployedFunction;
  let producer: DeployedFunction;
  let topicNames: string[];
  let region: string;
  let stackDir: string;
  let streaming: Json;

  beforeAll(async () => {
    expect(execFileSync(node24, ['--version'], { encoding: 'utf8' })).toMatch(/^v24\./);
    const outdir = join(work, 'cdktf.out');
    // The fixture's JSON and CSV tables: no Glue registry needed, so only Kafka is in play.
    synthLikeNpm(outdir, { MSK_ATHENA_ENVIRONMENTS: 'dev', MSK_ATHENA_SCHEMAS: join(FIXTURE, 'schemas') });
    stackDir = join(outdir, 'stacks', 'dev-streaming');
    streaming = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8'));
    region = streaming.provider.aws[0].region;
    const [invocation] = resourcesOf(streaming, 'aws_lambda_invocation');
    const [target] = resourcesOf(streaming, 'aws_cloudwatch_event_target');
    topics = referencedFunction(streaming, stackDir, invocation.function_name);
    producer = referencedFunction(streaming, stackDir, target.arn);
    topicNames = JSON.parse(invocation.input).topics.map((t: Json) => t.topic);
    // Fresh topics: other files of the suite use these names too.
    const admin = testKafka().admin();
    await admin.connect();
    const leftovers = (await admin.listTopics()).filter((t) => topicNames.includes(t));
    if (leftovers.length > 0) await admin.deleteTopics({ topics: leftovers });
    while ((await admin.listTopics()).some((t) => leftovers.includes(t))) await new Promise((r) => setTimeout(r, 200));
    await admin.disconnect();
  });

  const environment = (fn: DeployedFunction, taskRoot: string, extra: Record<string, string> = {}) => ({
    ...fn.variables,
    ...lambdaRuntimeVariables(fn, taskRoot, region, LOCAL_CREDENTIALS),
    PATH: `${dirname(node24)}:/usr/local/bin:/usr/bin:/bin`,
    // The broker listens in plaintext; everything else is as synthesized.
    KAFKA_BROKERS: testBroker().brokers,
    KAFKA_AUTH: 'plaintext',
    ...extra,
  });

  it('ship on nodejs24.x', () => {
    expect([topics.runtime, producer.runtime]).toEqual(['nodejs24.x', 'nodejs24.x']);
  });

  it('the topics and producer zips create the topics and write records, and the tools produce and verify them, with no warning', async () => {
    const topicsRoot = unpack(topics, work);
    const request = JSON.parse(resourcesOf(streaming, 'aws_lambda_invocation')[0].input);
    // One broker: one replica, as `npm run topics -- --local` declares them.
    const local = { topics: request.topics.map((t: Json) => ({ ...t, replicationFactor: 1 })) };
    const created = await invoke(topics, topicsRoot, local, environment(topics, topicsRoot), node24);
    expect(resultOf(created).plan.create.map((t: Json) => t.topic)).toEqual(topicNames);
    expect(warningsOf(created)).toEqual([]);

    const producerRoot = unpack(producer, work);
    const [target] = resourcesOf(streaming, 'aws_cloudwatch_event_target');
    // A short run: the records, not the synthesized duration, are what this needs.
    const produced = await invoke(
      producer,
      producerRoot,
      JSON.parse(target.input),
      environment(producer, producerRoot, { PRODUCER_DURATION_SECONDS: '2' }),
      node24,
    );
    const summary = resultOf(produced);
    expect(summary).toMatchObject({ errors: 0 });
    expect(warningsOf(produced)).toEqual([]);

    const brokers = ['--brokers', testBroker().brokers, '--auth', 'plaintext'];
    const written = await tool('produce', [...brokers, '--count', '200']);
    expect(written.warnings).toEqual([]);
    for (const topic of topicNames) {
      // verify reads a topic to its end: the function's records and the tool's share of 200 (one table per topic here).
      const verified = await tool('verify', [...brokers, '--topic', topic, '--json']);
      const report = JSON.parse(verified.stdout);
      const records = report.tables.reduce((n: number, t: Json) => n + t.records, 0);
      expect({ topic, records, problems: report.problems, warnings: verified.warnings }).toEqual({
        topic,
        records: summary.perTopic[topic] + 200 / topicNames.length,
        problems: 0,
        warnings: [],
      });
    }
  }, 600_000);
});
