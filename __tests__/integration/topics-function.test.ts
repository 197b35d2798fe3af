import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LambdaClient } from '@aws-sdk/client-lambda';
import type { Admin } from 'kafkajs';
import { askTopicsFunction, synthesizedTopicsRequest, topicSection } from '../../cli/plan/topic-changes';
import { readTopicState } from '../../functions/topics/reconcile';
import type { TopicsRequest, TopicSpec } from '../../core/kafka/topic-spec';
import { LOCAL_CREDENTIALS } from '../../scripts/moto/local-glue';
import { FIXTURE, resourcesOf, type Json } from '../helpers/synth';
import { testBroker, testKafka } from './broker';
import { invoke, lambdaRuntimeVariables, referencedFunction, synthLikeNpm, unpack, type DeployedFunction } from './lambda-runtime';

/*
 * The topics function as it ships (the zip `npm run synth` writes, run the way
 * Lambda runs it) on a team's existing topic, and `npm run plan`'s question to
 * it: the plan's Lambda client talks to a Lambda-shaped endpoint that runs the
 * zip with the request it received, against the suite's broker.
 */

const DAY = 86_400_000;
const TEAM_TOPIC = 'it-fn-team-ledger';
const work = mkdtempSync(join(tmpdir(), 'topics-fn-'));
let fn: DeployedFunction;
let taskRoot: string;
let env: Record<string, string>;
/** The read-only planner npm run plan asks: the same zip, TOPICS_MODE=plan, describe-only rights. */
let planner: DeployedFunction;
let plannerRoot: string;
let plannerEnv: Record<string, string>;
let synthesized: TopicsRequest;
let admin: Admin;

/** The synthesized declaration, with one replica (the suite's broker is one node) and the team's topic declared by the defaults. */
const request = (team: Partial<TopicSpec> = {}): TopicsRequest => ({
  topics: [
    ...synthesized.topics.map((t) => ({ ...t, replicationFactor: 1, configs: { ...t.configs, 'min.insync.replicas': '1' } })),
    { ...synthesized.topics[0], topic: TEAM_TOPIC, replicationFactor: 1, configs: { ...synthesized.topics[0].configs, 'min.insync.replicas': '1' }, ...team },
  ],
});

const team = async () => (await readTopicState(admin, [TEAM_TOPIC])).get(TEAM_TOPIC)!;

beforeAll(async () => {
  const outdir = join(work, 'cdktf.out');
  mkdirSync(outdir);
  synthLikeNpm(outdir, { MSK_ATHENA_ENVIRONMENTS: 'dev', MSK_ATHENA_SCHEMAS: join(FIXTURE, 'schemas') });
  const stackDir = join(outdir, 'stacks', 'dev-streaming');
  const streaming = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')) as Json;
  const [invocation] = resourcesOf(streaming, 'aws_lambda_invocation');
  fn = referencedFunction(streaming, stackDir, invocation.function_name);
  synthesized = synthesizedTopicsRequest([{ name: 'dev-streaming', dir: stackDir }])!;
  taskRoot = unpack(fn, work);
  const region = streaming.provider.aws[0].region;
  env = { ...fn.variables, ...lambdaRuntimeVariables(fn, taskRoot, region, LOCAL_CREDENTIALS), KAFKA_BROKERS: testBroker().brokers, KAFKA_AUTH: 'plaintext' };
  const plannerAddress = resourcesOf(streaming, 'aws_lambda_function').find((f) => f.function_name === `${fn.functionName}-plan`)!.address;
  planner = referencedFunction(streaming, stackDir, `\${${plannerAddress}.function_name}`);
  plannerRoot = unpack(planner, work);
  plannerEnv = {
    ...planner.variables,
    ...lambdaRuntimeVariables(planner, plannerRoot, region, LOCAL_CREDENTIALS),
    KAFKA_BROKERS: testBroker().brokers,
    KAFKA_AUTH: 'plaintext',
  };

  admin = testKafka().admin();
  await admin.connect();
  const names = [...synthesized.topics.map((t) => t.topic), TEAM_TOPIC];
  const leftovers = (await admin.listTopics()).filter((t) => names.includes(t));
  if (leftovers.length > 0) await admin.deleteTopics({ topics: leftovers });
  while ((await admin.listTopics()).some((t) => leftovers.includes(t))) await new Promise((r) => setTimeout(r, 200));
  // The team's topic: 30 days of keyed records in one partition.
  await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic: TEAM_TOPIC, numPartitions: 1, replicationFactor: 1, configEntries: [{ name: 'retention.ms', value: String(30 * DAY) }] }],
  });
  const producer = testKafka().producer();
  await producer.connect();
  await producer.send({ topic: TEAM_TOPIC, messages: Array.from({ length: 20 }, (_, i) => ({ key: `k${i % 3}`, value: JSON.stringify({ i }) })) });
  await producer.disconnect();
}, 600_000);

afterAll(async () => {
  await admin?.disconnect();
  rmSync(work, { recursive: true, force: true });
});

describe('the shipped topics function on an onboarded topic', () => {
  it('creates the declared topics and leaves the team topic as it is, saying what it kept', async () => {
    const run = await invoke(fn, taskRoot, request() as unknown as Json, env);
    if ('errorType' in run) throw new Error(`${run.errorType}: ${run.errorMessage}\n${run.logs}`);
    expect(run.result.plan.create.map((t: Json) => t.topic)).toEqual(synthesized.topics.map((t) => t.topic));
    expect(run.result.plan.kept.filter((k: Json) => k.topic === TEAM_TOPIC).map((k: Json) => k.setting)).toEqual(['partitions', 'retention.ms']);
    expect(await team()).toMatchObject({ partitions: 1, holdsRecords: true, configs: { 'retention.ms': String(30 * DAY) } });
  });

  it('refuses an unconfirmed retention cut and partition raise, changing nothing', async () => {
    const run = await invoke(fn, taskRoot, request({ declared: ['partitions', 'retention.ms'] }) as unknown as Json, env);
    expect(run).toMatchObject({ errorType: 'TopicChangeRefused' });
    const message = (run as { errorMessage: string }).errorMessage;
    expect(message).toContain(`${TEAM_TOPIC}: partitions 1 -> 3 refused (not confirmed): keys move to other partitions`);
    expect(message).toMatch(new RegExp(`${TEAM_TOPIC}: retention\\.ms 30 d -> \\d+ [dh] refused \\(not confirmed\\): records older than`));
    expect(await team()).toMatchObject({ partitions: 1, configs: { 'retention.ms': String(30 * DAY) } });
  });
});

describe("npm run plan's question to the deployed topics planner", () => {
  let server: Server;
  let client: LambdaClient;
  const invoked: Json[] = [];

  beforeAll(async () => {
    // Lambda's Invoke API, answered by running the planner's zip with the request's payload.
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', async () => {
        const event = JSON.parse(body);
        invoked.push(event);
        const run = await invoke(planner, plannerRoot, event, plannerEnv);
        const failed = 'errorType' in run;
        res.writeHead(200, { 'content-type': 'application/json', ...(failed ? { 'x-amz-function-error': 'Unhandled' } : {}) });
        res.end(JSON.stringify(failed ? { errorType: run.errorType, errorMessage: run.errorMessage } : run.result));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = new LambdaClient({
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      region: 'us-east-1',
      credentials: LOCAL_CREDENTIALS,
      maxAttempts: 1,
    });
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('lists a refused change first, and a confirmed one with its consequence, changing nothing', async () => {
    const declaration = request({
      partitions: 2,
      declared: ['partitions', 'retention.ms'],
      configs: { ...synthesized.topics[0].configs, 'retention.ms': String(7 * DAY) },
      confirmed: { 'retention.ms': String(7 * DAY) },
    });
    const check = await askTopicsFunction(client, planner.functionName, declaration);
    expect(invoked[invoked.length - 1]).toMatchObject({ dryRun: true });
    expect(check.kind).toBe('planned');
    if (check.kind !== 'planned') return;
    expect(check.plan.refused.map((r) => [r.topic, r.setting, r.from, r.to])).toEqual([[TEAM_TOPIC, 'partitions', '1', '2']]);
    expect(check.plan.changes).toEqual([
      expect.objectContaining({ topic: TEAM_TOPIC, setting: 'retention.ms', consequence: expect.stringMatching(/^records older than 7 d are deleted/) }),
    ]);
    const md = topicSection(check).join('\n');
    expect(md).toContain(`- ${TEAM_TOPIC}: retention.ms 30 d -> 7 d (confirmed: records older than 7 d are deleted`);
    expect(await team()).toMatchObject({ partitions: 1, configs: { 'retention.ms': String(30 * DAY) } });
  });

  it('the planner refuses any request that is not a dry run, and changes nothing', async () => {
    expect(planner.variables).toMatchObject({ TOPICS_MODE: 'plan' });
    const run = await invoke(
      planner,
      plannerRoot,
      request({ partitions: 2, declared: ['partitions'], confirmed: { partitions: '2' } }) as unknown as Json,
      plannerEnv,
    );
    expect(run).toMatchObject({ errorType: 'ConfigurationError', errorMessage: expect.stringMatching(/this function only plans \(TOPICS_MODE=plan\)/) });
    expect((await team()).partitions).toBe(1);
  });
});
