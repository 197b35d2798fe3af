import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { summarize } from '../../cli/plan/summarize';
import { askTopicsFunction, synthesizedCodeHash, topicSection, type TopicsCheck } from '../../cli/plan/topic-changes';
import { synthEnvironment } from '../helpers/synth';
import { planTopics, type TopicState } from '../../core/kafka/topic-plan';
import type { TopicsRequest, TopicSpec } from '../../core/kafka/topic-spec';

const DAY = 86_400_000;
const spec = (topic: string, over: Partial<TopicSpec> = {}): TopicSpec => ({
  topic,
  partitions: 3,
  replicationFactor: 2,
  configs: { 'retention.ms': String(DAY), 'min.insync.replicas': '1' },
  ...over,
});
const ledger: TopicState = {
  topic: 'team_ledger',
  partitions: 1,
  replicationFactor: 2,
  configs: { 'retention.ms': String(30 * DAY), 'min.insync.replicas': '1' },
  holdsRecords: true,
};
const request: TopicsRequest = { topics: [spec('orders'), spec('team_ledger', { declared: ['retention.ms'] })] };

describe('the plan summary on Kafka topics', () => {
  const planned: TopicsCheck = { kind: 'planned', functionName: 'dev-msk-athena-topics', plan: planTopics(request.topics, new Map([['team_ledger', ledger]])) };

  it('opens with the topic changes the apply would refuse, and lists what it creates', () => {
    const md = summarize([], { topics: planned });
    const lines = md.split('\n');
    expect(lines.slice(0, 7)).toEqual([
      '## Terraform plan summary',
      '',
      '### Kafka topic changes that would be refused',
      '',
      'The topics function refuses these before changing any topic, so `terraform apply` fails at its invocation:',
      '',
      expect.stringMatching(
        /^- team_ledger: retention\.ms 30 d -> 1 d refused \(not confirmed\): records older than 1 d are deleted .*"confirm": \{ "retentionHours": 24 \}/,
      ),
    ]);
    expect(md).toContain('### Kafka topics (asked of the cluster by dev-msk-athena-topics, in a dry run)');
    expect(md).toContain('- orders: created with 3 partitions, replication factor 2, retention.ms 1 d, min.insync.replicas 1');
  });

  it('lists confirmed changes with their consequence', () => {
    const confirmed = planTopics(
      [spec('team_ledger', { declared: ['retention.ms'], confirmed: { 'retention.ms': String(DAY) } })],
      new Map([['team_ledger', ledger]]),
    );
    const md = topicSection({ kind: 'planned', functionName: 'f', plan: confirmed }).join('\n');
    expect(md).toMatch(/Changed:\n\n- team_ledger: retention\.ms 30 d -> 1 d \(confirmed: records older than 1 d are deleted/);
  });

  it('says plainly when there is no topic change, and what it keeps', () => {
    const plan = planTopics([spec('team_ledger')], new Map([['team_ledger', ledger]]));
    const md = topicSection({ kind: 'planned', functionName: 'f', plan }).join('\n');
    expect(md).toContain('No topic changes: 1 topic(s) as declared; 2 setting(s) of existing topics differ from the defaults and are kept (below).');
    expect(md).toContain('- team_ledger: retention.ms stays 30 d (topics.overrides names none; new topics get 1 d)');
  });

  it('when the cluster could not be asked, says so and what the declaration does, never "no change"', () => {
    const md = topicSection({
      kind: 'not-asked',
      functionName: 'f',
      reason: 'the topics function f is not deployed yet (a first deploy), so no topic could be read',
      request,
    }).join('\n');
    expect(md).toContain('### Kafka topics: the cluster could not be asked');
    expect(md).toContain('**Topic changes are not known.** The topics function f is not deployed yet');
    expect(md).toContain('- orders: 3 partitions, replication factor 2, retention.ms 1 d, min.insync.replicas 1');
    expect(md).toContain('Set on existing topics (topics.overrides):\n\n- team_ledger: retention.ms 1 d');
    expect(md).not.toMatch(/no (topic )?change/i);
  });
});

describe('asking the deployed topics function', () => {
  let server: Server;
  let answer: (body: string, path: string) => { status: number; headers?: Record<string, string>; body: string };
  const calls: { path: string; body: string }[] = [];
  let client: LambdaClient;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        calls.push({ path: req.url ?? '', body });
        const a = answer(body, req.url ?? '');
        res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
        res.end(a.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    client = new LambdaClient({
      endpoint: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 's' },
      maxAttempts: 1,
    });
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it("sends the apply's request with dryRun and takes the plan it returns", async () => {
    const plan = planTopics(request.topics, new Map());
    answer = () => ({ status: 200, body: JSON.stringify({ summary: 's', plan, dryRun: true }) });
    const check = await askTopicsFunction(client, 'dev-msk-athena-topics', request);
    expect(check).toEqual({ kind: 'planned', functionName: 'dev-msk-athena-topics', plan });
    const last = calls[calls.length - 1];
    expect(last.path).toBe('/2015-03-31/functions/dev-msk-athena-topics/invocations');
    expect(JSON.parse(last.body)).toEqual({ ...request, dryRun: true });
  });

  // Lambda's CodeSha256 and the synthesized source_code_hash: base64 of the zip's SHA-256.
  const DEPLOYED = Buffer.alloc(32, 1).toString('base64');
  const PROPOSED = Buffer.alloc(32, 2).toString('base64');
  const planAndCode = (plan: unknown, codeSha256: string) => (_body: string, path: string) =>
    path.endsWith('/configuration')
      ? { status: 200, body: JSON.stringify({ FunctionName: 'dev-msk-athena-topics-plan', CodeSha256: codeSha256 }) }
      : { status: 200, body: JSON.stringify({ summary: 's', plan, dryRun: true }) };

  it('says in bold that the plan came from the deployed code when this change replaces it, with both hashes', async () => {
    const plan = planTopics(request.topics, new Map());
    answer = planAndCode(plan, DEPLOYED);
    const check = await askTopicsFunction(client, 'dev-msk-athena-topics-plan', request, PROPOSED);
    expect(check).toEqual({ kind: 'planned', functionName: 'dev-msk-athena-topics-plan', plan, code: { deployed: DEPLOYED, proposed: PROPOSED } });
    expect(calls[calls.length - 1].path).toBe('/2015-03-31/functions/dev-msk-athena-topics-plan/configuration');
    const md = topicSection(check).join('\n');
    expect(md).toContain("**This change replaces the topics function's code** (deployed 010101010101, this change 020202020202)");
    expect(md).toContain('npm run topics -- --plan --env ENV --brokers LIST');
  });

  it('says nothing of the code when the deployed code is the code this change deploys', async () => {
    const plan = planTopics(request.topics, new Map());
    answer = planAndCode(plan, PROPOSED);
    const check = await askTopicsFunction(client, 'dev-msk-athena-topics-plan', request, PROPOSED);
    expect(check).toEqual({ kind: 'planned', functionName: 'dev-msk-athena-topics-plan', plan });
    expect(topicSection(check).join('\n')).not.toContain('replaces the topics function');
  });

  it('keeps the plan when the deployed code cannot be read (no lambda:GetFunctionConfiguration)', async () => {
    const plan = planTopics(request.topics, new Map());
    answer = (body, path) =>
      path.endsWith('/configuration')
        ? { status: 403, headers: { 'x-amzn-errortype': 'AccessDeniedException' }, body: JSON.stringify({ Message: 'no' }) }
        : planAndCode(plan, PROPOSED)(body, path);
    expect(await askTopicsFunction(client, 'dev-msk-athena-topics-plan', request, PROPOSED)).toEqual({
      kind: 'planned',
      functionName: 'dev-msk-athena-topics-plan',
      plan,
    });
  });

  it('says the function is not deployed yet when Lambda has no such function', async () => {
    answer = () => ({
      status: 404,
      headers: { 'x-amzn-errortype': 'ResourceNotFoundException' },
      body: JSON.stringify({ Type: 'User', Message: 'Function not found' }),
    });
    expect(await askTopicsFunction(client, 'dev-msk-athena-topics', request)).toMatchObject({
      kind: 'not-asked',
      reason: expect.stringMatching(/is not deployed yet/),
    });
  });

  it('names the permission when the plan may not invoke it', async () => {
    answer = () => ({ status: 403, headers: { 'x-amzn-errortype': 'AccessDeniedException' }, body: JSON.stringify({ Message: 'not authorized' }) });
    expect(await askTopicsFunction(client, 'dev-msk-athena-topics', request)).toMatchObject({ reason: expect.stringMatching(/lambda:InvokeFunction/) });
  });

  it('passes on what the function said when it failed (the cluster unreachable, say)', async () => {
    answer = () => ({
      status: 200,
      headers: { 'x-amz-function-error': 'Unhandled' },
      body: JSON.stringify({ errorType: 'KafkaJSConnectionError', errorMessage: 'Connection timeout' }),
    });
    expect(await askTopicsFunction(client, 'f', request)).toMatchObject({ reason: 'f failed: KafkaJSConnectionError: Connection timeout' });
  });
});

describe('the code this change deploys to the topics planner', () => {
  it("is the source_code_hash of the planner's function in the synthesized stacks", () => {
    const dir = mkdtempSync(join(tmpdir(), 'msk-athena-plan-code-'));
    try {
      const { streaming } = synthEnvironment();
      writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(streaming));
      const planner = Object.values<{ function_name: string; source_code_hash: string }>(streaming.resource.aws_lambda_function).find(
        (f) => f.function_name === 'dev-msk-athena-topics-plan',
      )!;
      const hash = synthesizedCodeHash([{ name: 'dev-streaming', dir }], 'dev-msk-athena-topics-plan');
      expect(hash).toBe(planner.source_code_hash);
      expect(Buffer.from(hash!, 'base64')).toHaveLength(32);
      expect(synthesizedCodeHash([{ name: 'dev-streaming', dir }], 'dev-msk-athena-no-such-function')).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
