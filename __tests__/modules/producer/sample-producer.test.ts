import { join } from 'node:path';
import { producerTables } from '../../../core/tables/producer-tables';
import { readSchemaFolder } from '../../../core/tables/schema-folder';
import { ProvisionedCluster } from '../../../modules/msk/provisioned-cluster';
import { SampleProducer } from '../../../modules/producer/sample-producer';
import { FIXTURE, REGISTRY_FORMATS, ROOT } from '../../helpers/synth';
import { bareStack, foundations, resourcesOf, roleStatements, synthJson } from '../construct-stack';

function producer(schemaDir: string, props: { targets?: number; durationSeconds?: number } = {}) {
  const stack = bareStack();
  const { key, network } = foundations(stack);
  const cluster = new ProvisionedCluster(stack, 'Kafka', { clusterName: 'kafka', network, logsKey: key });
  const tables = producerTables(readSchemaFolder(schemaDir, ROOT));
  new SampleProducer(stack, 'Producer', {
    functionName: 'producer',
    entry: join(ROOT, 'functions', 'producer', 'handler.ts'),
    cluster,
    network,
    tables,
    targets: props.targets ?? 1,
    recordsPerSecond: 10,
    durationSeconds: props.durationSeconds ?? 50,
    logsKey: key,
  });
  return { stack, tables };
}

describe('SampleProducer', () => {
  it("runs on a schedule, once per target, and writes for its duration plus a minute's timeout", () => {
    const { stack } = producer(join(FIXTURE, 'schemas'), { targets: 2 });
    const json = synthJson(stack);
    expect(resourcesOf(json, 'aws_cloudwatch_event_rule')).toEqual([
      expect.objectContaining({ name: 'producer-schedule', schedule_expression: 'rate(1 minute)', state: 'ENABLED' }),
    ]);
    expect(resourcesOf(json, 'aws_cloudwatch_event_target').map((t) => [t.target_id, JSON.parse(t.input)])).toEqual([
      ['producer-1', { target: 1 }],
      ['producer-2', { target: 2 }],
    ]);
    expect(resourcesOf(json, 'aws_lambda_permission')).toEqual([
      expect.objectContaining({ principal: 'events.amazonaws.com', source_arn: expect.stringContaining('aws_cloudwatch_event_rule') }),
    ]);
    const [fn] = resourcesOf(json, 'aws_lambda_function');
    expect(fn).toMatchObject({
      timeout: 110,
      environment: { variables: expect.objectContaining({ PRODUCER_DURATION_SECONDS: '50', PRODUCER_RECORDS_PER_SECOND: '10', KAFKA_AUTH: 'iam' }) },
    });
  });

  it("may write to the tables' topics only; no schema lookups for JSON and CSV tables", () => {
    const { stack, tables } = producer(join(FIXTURE, 'schemas'));
    const json = synthJson(stack);
    const statements = roleStatements(json, 'producer-role');
    expect(statements.map((s) => s.sid)).toEqual(['WriteLogs', 'VpcNetworkInterfaces', 'KafkaConnect', 'KafkaWriteTopics', 'KafkaWriteTopicsIdempotent']);
    expect(statements[3].resources.map((r: string) => r.split('/').pop()).sort()).toEqual([...new Set(tables.map((t) => t.topic))].sort());
  });

  it('looks up Avro and Protobuf schema versions in exactly their registries and schemas, through the Glue endpoint', () => {
    const { stack, tables } = producer(REGISTRY_FORMATS);
    const json = synthJson(stack);
    const glue = roleStatements(json, 'producer-role').find((s) => s.sid === 'GlueSchemaVersionIds');
    expect(glue.actions).toEqual(['glue:GetSchemaByDefinition']);
    expect(glue.resources).toHaveLength(new Set(tables.map((t) => t.registry)).size + tables.length);
    expect(glue.resources.every((r: string) => /:glue:eu-west-1:.+:(registry|schema)\//.test(r))).toBe(true);
    expect(resourcesOf(json, 'aws_vpc_security_group_egress_rule').some((r) => r.from_port === 443 && String(r.security_group_id).includes('Producer'))).toBe(
      true,
    );
  });

  it('refuses more targets than EventBridge allows and a duration the function cannot finish', () => {
    expect(() => producer(join(FIXTURE, 'schemas'), { targets: 6 })).toThrow(
      "SampleProducer test/Producer: targets must be a whole number from 1 to 5 (EventBridge's limit per rule), got 6",
    );
    expect(() => producer(join(FIXTURE, 'schemas'), { durationSeconds: 841 })).toThrow(
      'SampleProducer test/Producer: durationSeconds must be a whole number from 1 to 840 (the function stops at 900 s), got 841',
    );
  });
});
