import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onlyResource, ref, resourcesOf, FIXTURE, roleStatements, synthEnvironment } from '../helpers/synth';

describe('streaming stack', () => {
  const { streaming, analytics } = synthEnvironment();
  const cluster = onlyResource(streaming, 'aws_msk_cluster');

  it('accepts IAM clients only, over TLS, with TLS inside the cluster', () => {
    expect(cluster.client_authentication).toEqual({ sasl: { iam: true }, unauthenticated: false });
    expect(cluster.encryption_info.encryption_in_transit).toEqual({ client_broker: 'TLS', in_cluster: true });
  });

  it('encrypts data at rest with its own rotating key', () => {
    const key = resourcesOf(streaming, 'aws_kms_key').find((k) => k.description.startsWith('Encrypts data at rest'));
    expect(key.enable_key_rotation).toBe(true);
    expect(key.deletion_window_in_days).toBe(30);
    expect(cluster.encryption_info.encryption_at_rest_kms_key_arn).toBe(ref(key.address, 'arn'));
  });

  it('sizes brokers from config', () => {
    expect(cluster).toMatchObject({ cluster_name: 'dev-msk-athena', kafka_version: '3.8.x', number_of_broker_nodes: 2, enhanced_monitoring: 'DEFAULT' });
    expect(cluster.broker_node_group_info).toMatchObject({ instance_type: 'kafka.t3.small', storage_info: { ebs_storage_info: { volume_size: 20 } } });
  });

  it('sends broker logs to a log group with retention', () => {
    const logs = resourcesOf(streaming, 'aws_cloudwatch_log_group').find((g) => g.name.startsWith('/aws/msk/'));
    expect(logs).toMatchObject({ name: '/aws/msk/dev-msk-athena', retention_in_days: 14 });
    expect(cluster.logging_info.broker_logs.cloudwatch_logs).toEqual({ enabled: true, log_group: ref(logs.address, 'name') });
  });

  it('turns off automatic topic creation and sets replication defaults', () => {
    const config = onlyResource(streaming, 'aws_msk_configuration');
    expect(config.server_properties.split('\n')).toEqual(
      expect.arrayContaining(['auto.create.topics.enable=false', 'default.replication.factor=2', 'min.insync.replicas=1']),
    );
    expect(cluster.configuration_info).toEqual({ arn: ref(config.address, 'arn'), revision: ref(config.address, 'latest_revision') });
    // A Kafka upgrade creates the next configuration beside this one before removing it.
    expect(config).toMatchObject({ name: 'dev-msk-athena-3-8-x', kafka_versions: ['3.8.x'], lifecycle: { create_before_destroy: true } });
  });

  it('grows storage automatically up to the configured maximum', () => {
    expect(onlyResource(streaming, 'aws_appautoscaling_target')).toMatchObject({ scalable_dimension: 'kafka:broker-storage:VolumeSize', max_capacity: 100 });
    expect(
      onlyResource(streaming, 'aws_appautoscaling_policy').target_tracking_scaling_policy_configuration.predefined_metric_specification.predefined_metric_type,
    ).toBe('KafkaBrokerStorageUtilization');
  });

  it('admits port 9098 only from registered client groups, never a CIDR', () => {
    const brokers = resourcesOf(streaming, 'aws_security_group').find((g) => g.name_prefix.endsWith('-brokers-'));
    const ingress = resourcesOf(analytics, 'aws_vpc_security_group_ingress_rule').filter((r) => r.from_port === 9098);
    expect(ingress).toHaveLength(1);
    expect(ingress[0]).toMatchObject({ to_port: 9098, ip_protocol: 'tcp' });
    expect(ingress[0].security_group_id).toMatch(
      /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-dev-streaming\.outputs\..*Kafka_SecurityGroup.*id\}$/,
    );
    expect(brokers.name_prefix).toBe('dev-msk-athena-brokers-');
    expect(ingress[0].referenced_security_group_id).toBe(ref('aws_security_group.Connector_SecurityGroup_8EA76127'));
    const inStack = resourcesOf(streaming, 'aws_vpc_security_group_ingress_rule');
    expect(inStack.map((r) => r.referenced_security_group_id)).toEqual([
      expect.stringContaining('Producer_Function_SecurityGroup'),
      expect.stringContaining('Topics_Function_SecurityGroup'),
      expect.stringContaining('Topics_Planner_SecurityGroup'),
    ]);
    for (const r of [...inStack, ...ingress]) {
      expect(r.cidr_ipv4).toBeUndefined();
      expect([r.from_port, r.to_port]).toEqual([9098, 9098]);
    }
  });

  it('outputs the bootstrap brokers under one name whatever the cluster kind (IAM here), and the cluster ARN', () => {
    expect(streaming.output.bootstrap_brokers).toMatchObject({ description: 'Bootstrap brokers for IAM clients (TLS, port 9098)' });
    expect(streaming.output.bootstrap_brokers.value).toBe(ref(cluster.address, 'bootstrap_brokers_sasl_iam'));
    expect(streaming.output.cluster_arn.value).toBe(ref(cluster.address, 'arn'));
  });

  it('refuses a broker count that does not divide over the zones', () => {
    expect(() => synthEnvironment({ network: { availabilityZones: 3 }, msk: { brokerCount: 4 } })).toThrow(
      'config(dev): msk.brokerCount: 4 brokers cannot be spread evenly over 3 Availability Zones; use a multiple of 3, such as 3 or 6',
    );
  });

  it('builds MSK Serverless with IAM auth when configured', () => {
    const { streaming: s } = synthEnvironment({ msk: { mode: 'serverless' } });
    expect(resourcesOf(s, 'aws_msk_cluster')).toEqual([]);
    const serverless = onlyResource(s, 'aws_msk_serverless_cluster');
    expect(serverless.client_authentication).toEqual({ sasl: { iam: { enabled: true } } });
    expect(s.output.bootstrap_brokers.value).toBe(ref(serverless.address, 'bootstrap_brokers_sasl_iam'));
  });
});

describe('streaming stack functions', () => {
  const { streaming } = synthEnvironment();
  const fn = (name: string) => resourcesOf(streaming, 'aws_lambda_function').find((f) => f.function_name === name);
  const topics = fn('dev-msk-athena-topics');
  const producer = fn('dev-msk-athena-producer');
  const cluster = onlyResource(streaming, 'aws_msk_cluster');
  const clusterArn = ref(cluster.address, 'arn');
  const topicArn = (t: string) => `\${replace(${cluster.address}.arn, ":cluster/", ":topic/")}/${t}`;

  it('runs both functions on Node.js 24 (nodejs24.x, arm64) in the private subnets, each with its own security group, on the IAM brokers', () => {
    for (const f of [topics, producer]) {
      expect(f).toMatchObject({ runtime: 'nodejs24.x', handler: 'index.handler', architectures: ['arm64'] });
      expect(f.vpc_config.subnet_ids).toHaveLength(2);
      expect(f.vpc_config.security_group_ids).toHaveLength(1);
      expect(f.source_code_hash).toMatch(/^[A-Za-z0-9+/]{43}=$/);
      expect(f.filename).toMatch(/^assets\/.+\.zip$/);
      expect(f.environment.variables).toMatchObject({ KAFKA_AUTH: 'iam', KAFKA_BROKERS: ref(cluster.address, 'bootstrap_brokers_sasl_iam') });
    }
  });

  it('gives the producer its configured rate and duration, and a minute more than the duration to finish', () => {
    expect(producer).toMatchObject({ timeout: 110, environment: { variables: { PRODUCER_RECORDS_PER_SECOND: '20', PRODUCER_DURATION_SECONDS: '50' } } });
  });

  it('reserves no concurrency by default, since any reservation fails in an account at the new-account quota of 10', () => {
    expect([topics.reserved_concurrent_executions, producer.reserved_concurrent_executions]).toEqual([undefined, undefined]);
    const { streaming: s } = synthEnvironment({ producer: { targets: 3 } });
    expect(
      resourcesOf(s, 'aws_lambda_function')
        .map((f) => [f.function_name, f.reserved_concurrent_executions])
        .sort(),
    ).toEqual([
      ['dev-msk-athena-producer', undefined],
      ['dev-msk-athena-topics', undefined],
      ['dev-msk-athena-topics-plan', undefined],
    ]);
  });

  it("gives each function a log group with retention, encrypted with the stack's logs key", () => {
    const logsKey = resourcesOf(streaming, 'aws_kms_key').find((k) => k.description.startsWith('Encrypts the CloudWatch log groups'));
    const groups = resourcesOf(streaming, 'aws_cloudwatch_log_group').map((g) => [g.name, g.retention_in_days, g.kms_key_id]);
    const key = ref(logsKey.address, 'arn');
    expect(groups).toEqual(
      expect.arrayContaining([
        ['/aws/lambda/dev-msk-athena-topics', 14, key],
        ['/aws/lambda/dev-msk-athena-producer', 14, key],
      ]),
    );
  });

  it('lets the topics function manage only the declared topics', () => {
    const kafka = roleStatements(streaming, 'dev-msk-athena-topics-role').filter((s: { sid: string }) => s.sid.startsWith('Kafka'));
    expect(kafka).toEqual([
      { sid: 'KafkaConnect', effect: 'Allow', actions: ['kafka-cluster:Connect'], resources: [clusterArn] },
      {
        sid: 'KafkaManageTopics',
        effect: 'Allow',
        actions: [
          'kafka-cluster:CreateTopic',
          'kafka-cluster:DescribeTopic',
          'kafka-cluster:AlterTopic',
          'kafka-cluster:DescribeTopicDynamicConfiguration',
          'kafka-cluster:AlterTopicDynamicConfiguration',
        ],
        resources: [topicArn('orders'), topicArn('sensor-readings')],
      },
    ]);
  });

  it("lets the producer write, idempotently, only to the tables' topics", () => {
    const kafka = roleStatements(streaming, 'dev-msk-athena-producer-role').filter((s: { sid: string }) => s.sid.startsWith('Kafka'));
    expect(kafka).toEqual([
      { sid: 'KafkaConnect', effect: 'Allow', actions: ['kafka-cluster:Connect'], resources: [clusterArn] },
      {
        sid: 'KafkaWriteTopics',
        effect: 'Allow',
        actions: ['kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData'],
        resources: [topicArn('orders'), topicArn('sensor-readings')],
      },
      { sid: 'KafkaWriteTopicsIdempotent', effect: 'Allow', actions: ['kafka-cluster:WriteDataIdempotently'], resources: [clusterArn] },
    ]);
  });

  it('registers the functions as MSK clients on 9098 and nothing else', () => {
    const egress = resourcesOf(streaming, 'aws_vpc_security_group_egress_rule');
    expect(egress.map((r) => [r.security_group_id, r.from_port, r.to_port, r.referenced_security_group_id])).toEqual([
      [expect.stringContaining('Producer_Function_SecurityGroup'), 9098, 9098, expect.stringContaining('Kafka_SecurityGroup')],
      [expect.stringContaining('Topics_Function_SecurityGroup'), 9098, 9098, expect.stringContaining('Kafka_SecurityGroup')],
      [expect.stringContaining('Topics_Planner_SecurityGroup'), 9098, 9098, expect.stringContaining('Kafka_SecurityGroup')],
    ]);
    expect(resourcesOf(streaming, 'aws_vpc_security_group_ingress_rule')).toHaveLength(3);
  });

  it('invokes the topics function with the declared topics, after its permissions and network rules exist', () => {
    const invocation = onlyResource(streaming, 'aws_lambda_invocation');
    expect(JSON.parse(invocation.input)).toEqual({
      topics: [
        {
          topic: 'orders',
          partitions: 3,
          replicationFactor: 2,
          configs: { 'retention.ms': '86400000', 'min.insync.replicas': '1' },
          declared: [],
          confirmed: {},
        },
        {
          topic: 'sensor-readings',
          partitions: 3,
          replicationFactor: 2,
          configs: { 'retention.ms': '86400000', 'min.insync.replicas': '1' },
          declared: [],
          confirmed: {},
        },
      ],
    });
    expect(invocation.triggers.code).toBe(topics.source_code_hash);
    expect(invocation.depends_on).toEqual(
      expect.arrayContaining([expect.stringMatching(/^aws_iam_role_policy\.Topics/), expect.stringMatching(/^aws_vpc_security_group_ingress_rule\.Topics/)]),
    );
  });

  it('schedules the producer with one target per configured invocation, after the topics exist', () => {
    const { streaming: s } = synthEnvironment({ producer: { targets: 3, schedule: 'rate(5 minutes)' } });
    const rule = onlyResource(s, 'aws_cloudwatch_event_rule');
    expect(rule).toMatchObject({ schedule_expression: 'rate(5 minutes)', state: 'ENABLED' });
    expect(rule.depends_on).toContain(onlyResource(s, 'aws_lambda_invocation').address);
    const targets = resourcesOf(s, 'aws_cloudwatch_event_target');
    expect(targets.map((t) => [t.target_id, JSON.parse(t.input)])).toEqual([
      ['producer-1', { target: 1 }],
      ['producer-2', { target: 2 }],
      ['producer-3', { target: 3 }],
    ]);
    expect(onlyResource(s, 'aws_lambda_permission')).toMatchObject({
      principal: 'events.amazonaws.com',
      action: 'lambda:InvokeFunction',
      source_arn: ref(rule.address, 'arn'),
    });
  });

  it('caps concurrency with reserveConcurrency: one run per producer target, one for the topics function', () => {
    const { streaming: s } = synthEnvironment({ reserveConcurrency: true, producer: { targets: 3 } });
    const fns = resourcesOf(s, 'aws_lambda_function')
      .map((f) => [f.function_name, f.reserved_concurrent_executions])
      .sort();
    // The planner answers a pull request's plan now and then: it needs no reservation.
    expect(fns).toEqual([
      ['dev-msk-athena-producer', 3],
      ['dev-msk-athena-topics', 1],
      ['dev-msk-athena-topics-plan', undefined],
    ]);
  });

  it('ships the tables beside the producer code, so a schema change redeploys it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'msk-athena-schemas-'));
    cpSync(join(FIXTURE, 'schemas'), dir, { recursive: true });
    const file = join(dir, 'customer', 'orders.json');
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    doc.message.fields.push({ name: 'channel', mapping: 'channel', type: 'VARCHAR' });
    writeFileSync(file, JSON.stringify(doc));
    const { streaming: changed } = synthEnvironment({}, { schemaDir: dir });
    const after = resourcesOf(changed, 'aws_lambda_function').find((f) => f.function_name === 'dev-msk-athena-producer');
    expect(after.source_code_hash).not.toBe(producer.source_code_hash);
    expect(resourcesOf(changed, 'aws_lambda_function').find((f) => f.function_name === 'dev-msk-athena-topics').source_code_hash).toBe(topics.source_code_hash);
  });
});
