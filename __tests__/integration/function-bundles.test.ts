import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { CreateRegistryCommand, CreateSchemaCommand, GlueClient } from '@aws-sdk/client-glue';
import { cliKafka } from '../../cli/lib/kafka/connection';
import { verifyTopic } from '../../cli/verify/command';
import { SchemaVersions } from '../../functions/shared/schema-versions';
import { readTopicState } from '../../functions/topics/reconcile';
import { TABLES_FILE, type ProducerTable } from '../../core/tables/producer-tables';
import { topicsRequestSchema, type TopicsRequest } from '../../core/kafka/topic-spec';
import { startMoto, type Moto } from '../../scripts/moto/emulator';
import { LOCAL_CREDENTIALS } from '../../scripts/moto/local-glue';
import { FIXTURE, REGISTRY_FORMATS, ROOT, resourcesOf, type Json } from '../helpers/synth';
import { testBroker, testKafka } from './broker';
import {
  invoke,
  lambdaRuntimeVariables,
  nodeModulesAbove,
  referencedFunction,
  synthLikeNpm,
  unpack,
  type DeployedFunction,
  type Invocation,
} from './lambda-runtime';

/*
 * What ships is what is tested: the zips `npm run synth` writes for the topics
 * and producer functions, run the way Lambda runs them, with the environment
 * Terraform gives them, against the suite's broker and a moto Glue stand-in
 * holding the analytics stack's registries and schemas. The one difference from
 * AWS: the broker listens in plaintext (no TLS, no IAM), so the two variables
 * that say how to reach Kafka are replaced, and the Glue endpoint is pointed at
 * the stand-in; every other variable keeps its synthesized value. The IAM
 * variant keeps KAFKA_AUTH=iam too: the functions sign in to the broker's IAM
 * listener exactly as on MSK, and only the broker address, the credentials
 * (the listener's test keys) and the CA the runtime trusts differ.
 */

/** Everything this file writes: the synthesized tree, the task roots. */
const work = mkdtempSync(join(tmpdir(), 'bundles-'));
let stackDir: string;
let streaming: Json;
let analytics: Json;
let region: string;
let moto: Moto;
let versions: SchemaVersions;

beforeAll(async () => {
  // The fixture project's JSON and CSV tables plus the Avro and Protobuf ones: every format.
  const schemas = join(work, 'schemas');
  mkdirSync(schemas);
  for (const from of [join(FIXTURE, 'schemas'), REGISTRY_FORMATS]) cpSync(from, schemas, { recursive: true });
  const outdir = join(work, 'cdktf.out');
  synthLikeNpm(outdir, { MSK_ATHENA_ENVIRONMENTS: 'dev', MSK_ATHENA_SCHEMAS: schemas });
  stackDir = join(outdir, 'stacks', 'dev-streaming');
  streaming = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8'));
  analytics = JSON.parse(readFileSync(join(outdir, 'stacks', 'dev-analytics', 'cdk.tf.json'), 'utf8'));
  region = streaming.provider.aws[0].region;
  moto = await startMoto();
  versions = new SchemaVersions({ endpoint: moto.url, region, credentials: LOCAL_CREDENTIALS });
  await registerAnalyticsSchemas(new GlueClient({ endpoint: moto.url, region, credentials: LOCAL_CREDENTIALS }));
}, 600_000);
afterAll(async () => {
  await moto?.stop();
  rmSync(work, { recursive: true, force: true });
});

/** The analytics stack's Glue registries and schemas, created in the stand-in as Terraform would create them. */
async function registerAnalyticsSchemas(glue: GlueClient): Promise<void> {
  const registryName = new Map<string, string>();
  for (const r of resourcesOf(analytics, 'aws_glue_registry')) {
    await glue.send(new CreateRegistryCommand({ RegistryName: r.registry_name, Description: r.description }));
    registryName.set(`\${${r.address}.arn}`, r.registry_name);
  }
  for (const s of resourcesOf(analytics, 'aws_glue_schema')) {
    await glue.send(
      new CreateSchemaCommand({
        RegistryId: { RegistryName: registryName.get(s.registry_arn) },
        SchemaName: s.schema_name,
        DataFormat: s.data_format,
        Compatibility: s.compatibility,
        SchemaDefinition: s.schema_definition,
      }),
    );
  }
}

/** What `cdktf deploy` would run each function with here: Terraform's variables, the runtime's, and the replacements. */
function environmentOf(fn: DeployedFunction, taskRoot: string, replacements: Record<string, string>, credentials = LOCAL_CREDENTIALS) {
  const env = { ...fn.variables, ...lambdaRuntimeVariables(fn, taskRoot, region, credentials), ...replacements };
  const replaced = Object.keys(replacements)
    .filter((name) => name in fn.variables)
    .sort();
  const added = Object.keys(replacements)
    .filter((name) => !(name in fn.variables))
    .sort();
  const kept = Object.fromEntries(Object.entries(fn.variables).filter(([name]) => !(name in replacements)));
  return { env, replaced, added, kept };
}

const kafkaReplacements = () => ({ KAFKA_BROKERS: testBroker().brokers, KAFKA_AUTH: 'plaintext' });

const succeeded = (run: Invocation): Json => {
  if ('errorType' in run) throw new Error(`${run.errorType}: ${run.errorMessage}\n${run.logs}`);
  return run.result;
};

describe('the Lambda zips Terraform deploys', () => {
  let topics: DeployedFunction;
  let request: TopicsRequest;
  let producer: DeployedFunction;
  let target: Json;

  beforeAll(async () => {
    const [invocation] = resourcesOf(streaming, 'aws_lambda_invocation');
    topics = referencedFunction(streaming, stackDir, invocation.function_name);
    request = topicsRequestSchema.parse(JSON.parse(invocation.input));
    [target] = resourcesOf(streaming, 'aws_cloudwatch_event_target');
    producer = referencedFunction(streaming, stackDir, target.arn);
    // A clean cluster, as on a first deploy: earlier test files may have made topics of these names.
    const admin = testKafka().admin();
    await admin.connect();
    const existing = new Set(await admin.listTopics());
    const leftovers = request.topics.map((t) => t.topic).filter((t) => existing.has(t));
    if (leftovers.length > 0) await admin.deleteTopics({ topics: leftovers });
    while ((await admin.listTopics()).some((t) => leftovers.includes(t))) await new Promise((r) => setTimeout(r, 200));
    await admin.disconnect();
  });

  it('are self-contained Node.js handlers with IAM auth against MSK', () => {
    for (const fn of [topics, producer]) {
      expect(fn).toMatchObject({ handler: 'index.handler', runtime: expect.stringMatching(/^nodejs(2[2-9]|[3-9]\d)\.x$/) });
      expect(fn.variables).toMatchObject({
        KAFKA_AUTH: 'iam',
        KAFKA_BROKERS: expect.stringMatching(/^\$\{aws_msk_cluster\.\w+\.bootstrap_brokers_sasl_iam\}$/),
      });
      const taskRoot = unpack(fn, work);
      expect({ taskRoot: relative(ROOT, taskRoot).startsWith('..'), nodeModules: nodeModulesAbove(taskRoot) }).toEqual({ taskRoot: true, nodeModules: [] });
    }
  });

  it('topics: refuses the declared replication on a one-broker cluster, naming every topic, and creates nothing', async () => {
    const taskRoot = unpack(topics, work);
    const { env, replaced, added } = environmentOf(topics, taskRoot, kafkaReplacements());
    expect({ replaced, added }).toEqual({ replaced: ['KAFKA_AUTH', 'KAFKA_BROKERS'], added: [] });
    expect(request.topics.every((t) => t.replicationFactor === 2)).toBe(true);
    const run = await invoke(topics, taskRoot, request, env);
    expect(run).toMatchObject({ errorType: 'TopicChangeRefused' });
    for (const t of request.topics) {
      expect((run as { errorMessage: string }).errorMessage).toContain(
        `${t.topic}: refused: a new topic with replication factor 2 needs 2 brokers and the cluster has 1; declare at most 1`,
      );
    }
    const admin = testKafka().admin();
    await admin.connect();
    const existing = await admin.listTopics();
    await admin.disconnect();
    expect(request.topics.map((t) => t.topic).filter((t) => existing.includes(t))).toEqual([]);
  });

  it('topics: applies the synthesized invocation input (one replica, as on the local loop) and changes nothing the second time', async () => {
    const taskRoot = unpack(topics, work);
    const { env } = environmentOf(topics, taskRoot, kafkaReplacements());
    // The test broker is one node: the same one-replica adjustment `npm run topics -- --local` makes; nothing else changes.
    const local: TopicsRequest = { topics: request.topics.map((t) => ({ ...t, replicationFactor: 1 })) };
    const first = succeeded(await invoke(topics, taskRoot, local, env));
    expect(first.plan.create.map((t: Json) => t.topic)).toEqual(request.topics.map((t) => t.topic));
    expect(first.summary).toBe(request.topics.map((t) => `created ${t.topic} (${t.partitions} partitions)`).join('; '));

    const admin = testKafka().admin();
    await admin.connect();
    const state = await readTopicState(
      admin,
      request.topics.map((t) => t.topic),
    );
    await admin.disconnect();
    for (const t of request.topics) {
      expect(state.get(t.topic)).toMatchObject({ topic: t.topic, partitions: t.partitions, replicationFactor: 1, configs: t.configs });
    }
    const again = succeeded(await invoke(topics, taskRoot, local, env));
    expect(again.summary).toBe(`no change (${request.topics.length} topics as declared or kept as they are)`);
  });

  it('producer: the scheduled invocation writes every table, Avro and Protobuf through Glue, and verify finds 0 problems', async () => {
    const taskRoot = unpack(producer, work);
    const tables = JSON.parse(readFileSync(join(taskRoot, TABLES_FILE), 'utf8')) as ProducerTable[];
    expect(tables.map((t) => t.format).sort()).toEqual(['avro', 'csv', 'json', 'protobuf']);
    // The producer looks its schema version ids up by definition: it must ship what the analytics stack registers.
    const registered = new Map(resourcesOf(analytics, 'aws_glue_schema').map((s) => [s.schema_name, s.schema_definition]));
    for (const t of tables) expect({ table: t.table, definition: registered.get(t.table) }).toEqual({ table: t.table, definition: t.definition });

    const { env, replaced, added, kept } = environmentOf(producer, taskRoot, { ...kafkaReplacements(), AWS_ENDPOINT_URL_GLUE: moto.url });
    expect({ replaced, added }).toEqual({ replaced: ['KAFKA_AUTH', 'KAFKA_BROKERS'], added: ['AWS_ENDPOINT_URL_GLUE'] });
    expect(Object.keys(kept).sort()).toEqual(['PRODUCER_DURATION_SECONDS', 'PRODUCER_RECORDS_PER_SECOND']);

    // The handler's event offers no record count: it runs with the EventBridge target's input for the synthesized duration.
    const summary = succeeded(await invoke(producer, taskRoot, JSON.parse(target.input), env));
    expect(summary).toMatchObject({ errors: 0 });
    expect(Object.keys(summary.perTopic).sort()).toEqual(tables.map((t) => t.topic).sort());
    for (const t of tables) expect(summary.perTopic[t.topic]).toBeGreaterThan(0);

    for (const t of tables) {
      const result = await verifyTopic(testKafka(), t.topic, tables, summary.records, versions);
      expect(result.reports.map((r) => ({ table: r.table, records: r.records, unreadable: r.unreadable }))).toEqual([
        { table: `${t.registry}.${t.table}`, records: summary.perTopic[t.topic], unreadable: 0 },
      ]);
      expect({ table: t.table, problems: result.problems }).toEqual({ table: t.table, problems: 0 });
    }
  }, 600_000);
});

describe('the Lambda zips Terraform deploys, against the IAM listener as on MSK', () => {
  const broker = testBroker();
  let topics: DeployedFunction;
  let local: TopicsRequest;
  let producer: DeployedFunction;
  let target: Json;
  let iamCredentials: { accessKeyId: string; secretAccessKey: string };
  // The listener presents a certificate of the broker's own CA: the runtime trusts it as Lambda trusts Amazon's.
  const iamReplacements = () => ({ KAFKA_BROKERS: broker.bootstrap('iam'), NODE_EXTRA_CA_CERTS: broker.tls.ca });

  beforeAll(() => {
    const [invocation] = resourcesOf(streaming, 'aws_lambda_invocation');
    topics = referencedFunction(streaming, stackDir, invocation.function_name);
    const request = topicsRequestSchema.parse(JSON.parse(invocation.input));
    local = { topics: request.topics.map((t) => ({ ...t, replicationFactor: 1 })) };
    [target] = resourcesOf(streaming, 'aws_cloudwatch_event_target');
    producer = referencedFunction(streaming, stackDir, target.arn);
    const { iam } = broker.credentials()!;
    iamCredentials = { accessKeyId: iam.accessKeyId, secretAccessKey: iam.secretAccessKey };
    // The listener checks tokens for its region, as an MSK cluster lives in one.
    expect({ stackRegion: region }).toEqual({ stackRegion: iam.region });
  });

  it('topics: signs in over IAM with the synthesized settings and makes every declared topic exist', async () => {
    const taskRoot = unpack(topics, work);
    const { env, replaced, added } = environmentOf(topics, taskRoot, iamReplacements(), iamCredentials);
    expect({ replaced, added, auth: env.KAFKA_AUTH }).toEqual({ replaced: ['KAFKA_BROKERS'], added: ['NODE_EXTRA_CA_CERTS'], auth: 'iam' });
    const run = succeeded(await invoke(topics, taskRoot, local, env));
    expect(run.summary).toMatch(/^(no change|created)/);
    const admin = (await cliKafka({ local: true, auth: 'iam' }, 'it-bundles', broker)).kafka.admin();
    await admin.connect();
    const existing = await admin.listTopics();
    await admin.disconnect();
    expect(local.topics.map((t) => t.topic).filter((t) => !existing.includes(t))).toEqual([]);
  });

  it('producer: writes every table over IAM, and verify over IAM finds 0 problems', async () => {
    const taskRoot = unpack(producer, work);
    const tables = JSON.parse(readFileSync(join(taskRoot, TABLES_FILE), 'utf8')) as ProducerTable[];
    const { env } = environmentOf(producer, taskRoot, { ...iamReplacements(), AWS_ENDPOINT_URL_GLUE: moto.url }, iamCredentials);
    const summary = succeeded(await invoke(producer, taskRoot, JSON.parse(target.input), env));
    expect(summary).toMatchObject({ errors: 0 });
    for (const t of tables) expect(summary.perTopic[t.topic]).toBeGreaterThan(0);
    const { kafka } = await cliKafka({ local: true, auth: 'iam' }, 'it-bundles', broker);
    for (const t of tables) {
      const result = await verifyTopic(kafka, t.topic, tables, 100_000, versions);
      expect({ table: t.table, unreadable: result.reports[0].unreadable, problems: result.problems }).toEqual({ table: t.table, unreadable: 0, problems: 0 });
    }
  }, 600_000);

  it("topics: credentials with another secret fail the invocation with the listener's reason", async () => {
    const taskRoot = unpack(topics, work);
    const { env } = environmentOf(topics, taskRoot, iamReplacements(), { ...iamCredentials, secretAccessKey: 'not-the-secret' });
    const run = await invoke(topics, taskRoot, local, env);
    expect(run).toMatchObject({ errorMessage: expect.stringContaining('IAM token refused: the signature does not match') });
  });
});
