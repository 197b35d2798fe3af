import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dataOf, onlyResource, ref, resourcesOf, FIXTURE, roleStatements, synthEnvironment } from '../helpers/synth';

const STREAMING = 'data.terraform_remote_state.cross-stack-reference-input-dev-streaming.outputs';
const NETWORK = 'data.terraform_remote_state.cross-stack-reference-input-dev-network.outputs';

describe('analytics stack', () => {
  const { analytics } = synthEnvironment();
  const sar = onlyResource(analytics, 'aws_serverlessapplicationrepository_cloudformation_stack');
  const connectorGroup = resourcesOf(analytics, 'aws_security_group').find((g) => g.name_prefix === 'dev-athena-msk-connector-');
  const spill = resourcesOf(analytics, 'aws_s3_bucket').find((b) => b.bucket_prefix.includes('spill'));
  const results = resourcesOf(analytics, 'aws_s3_bucket').find((b) => b.bucket_prefix.includes('results'));
  const key = resourcesOf(analytics, 'aws_kms_key').find((k) => k.description.includes('Athena results'));
  const registries = resourcesOf(analytics, 'aws_glue_registry');
  const schemas = resourcesOf(analytics, 'aws_glue_schema');

  describe('schema registry', () => {
    it('makes one registry per schemas/ folder, each carrying the discovery marker', () => {
      expect(registries.map((r) => r.registry_name).sort()).toEqual(['dev_customer', 'dev_telemetry']);
      for (const r of registries) expect(r.description).toMatch(/^\{AthenaFederationMSK\} \S/);
    });

    it('makes one JSON schema per file, holding the file unchanged in meaning', () => {
      const orders = schemas.find((s) => s.schema_name === 'orders');
      expect(orders).toMatchObject({ data_format: 'JSON', registry_arn: ref(registries.find((r) => r.registry_name === 'dev_customer').address, 'arn') });
      expect(JSON.parse(orders.schema_definition)).toEqual(JSON.parse(readFileSync(join(FIXTURE, 'schemas/customer/orders.json'), 'utf8')));
      expect(schemas.map((s) => s.schema_name).sort()).toEqual(['orders', 'sensor_readings']);
    });

    it('picks up a new table file with no other change', () => {
      const dir = mkdtempSync(join(tmpdir(), 'msk-athena-schemas-'));
      cpSync(join(FIXTURE, 'schemas'), dir, { recursive: true });
      writeFileSync(
        join(dir, 'customer', 'refunds.json'),
        JSON.stringify({ topicName: 'refunds', message: { dataFormat: 'json', fields: [{ name: 'order_id', mapping: 'order_id', type: 'VARCHAR' }] } }),
      );
      const { analytics: a } = synthEnvironment({}, { schemaDir: dir });
      expect(
        resourcesOf(a, 'aws_glue_schema')
          .map((s) => s.schema_name)
          .sort(),
      ).toEqual(['orders', 'refunds', 'sensor_readings']);
      const read = roleStatements(a, 'dev-athena-msk-connector-role').find((s) => s.sid === 'KafkaReadTopics');
      expect(read.resources.map((r: string) => r.split('/').pop())).toEqual(['orders', 'refunds', 'sensor-readings']);
      expect(resourcesOf(a, 'aws_athena_named_query').map((q) => q.name)).toContain('dev_customer.refunds: sample');
    });

    it('refuses to build from a broken schema file, naming file and field', () => {
      const dir = mkdtempSync(join(tmpdir(), 'msk-athena-schemas-'));
      cpSync(join(FIXTURE, 'schemas'), dir, { recursive: true });
      writeFileSync(
        join(dir, 'customer', 'orders.json'),
        JSON.stringify({ topicName: 'orders', message: { dataFormat: 'json', fields: [{ name: 'x', mapping: 'x', type: 'TIMESTAMP' }] } }),
      );
      expect(() => synthEnvironment({}, { schemaDir: dir })).toThrow(
        /customer\/orders\.json: message\.fields\[0\]( \(x\))?\.formatHint: is required for TIMESTAMP/,
      );
    });
  });

  describe('connector', () => {
    it('deploys the pinned connector version with both capabilities', () => {
      expect(sar).toMatchObject({
        application_id: 'arn:aws:serverlessrepo:us-east-1:292517598671:applications/AthenaMSKConnector',
        semantic_version: '2026.33.1',
        capabilities: ['CAPABILITY_IAM', 'CAPABILITY_RESOURCE_POLICY'],
        name: 'dev-athena-msk-connector',
      });
    });

    it('passes IAM auth, brokers, spill, sizing and network as template parameters', () => {
      const role = onlyResource(analytics, 'aws_iam_role');
      expect(sar.parameters).toEqual({
        AuthType: 'SASL_SSL_AWS_MSK_IAM',
        KafkaEndpoint: `\${${STREAMING}.cross-stack-output-aws_msk_clusterKafka_DE2CE4FAbootstrap_brokers_sasl_iam}`,
        LambdaFunctionName: 'dev-athena-msk-connector',
        LambdaRoleARN: ref(role.address, 'arn'),
        SpillBucket: ref(spill.address, 'bucket'),
        SpillPrefix: 'athena-spill',
        DisableSpillEncryption: 'false',
        LambdaMemory: '3008',
        LambdaTimeout: '900',
        SecurityGroupIds: ref(connectorGroup.address),
        SubnetIds: expect.stringMatching(new RegExp(`^\\$\\{join\\(",", \\[${NETWORK}\\.\\S+Private1\\S+id, ${NETWORK}\\.\\S+Private2\\S+id\\]\\)\\}$`)),
      });
    });

    it('waits for its log group and permissions before the function exists', () => {
      expect(sar.depends_on).toEqual(
        expect.arrayContaining([expect.stringMatching(/^aws_cloudwatch_log_group\./), expect.stringMatching(/^aws_iam_role_policy\./)]),
      );
    });

    it('runs as a role trusted by Lambda alone', () => {
      const trust = dataOf(analytics, 'aws_iam_policy_document').find((d) => d.address.includes('Role_Trust'));
      expect(trust.statement).toEqual([
        { sid: 'AssumedByService', actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }] },
      ]);
    });

    it('holds exactly the permissions the connector uses, each scoped to our resources', () => {
      const statements = roleStatements(analytics, 'dev-athena-msk-connector-role');
      const cluster = `\${${STREAMING}.cross-stack-output-aws_msk_clusterKafka_DE2CE4FAarn}`;
      const topic = (t: string) => `\${replace(${cluster.slice(2, -1)}, ":cluster/", ":topic/")}/${t}`;
      const registry = (n: string) => ref(registries.find((r) => r.registry_name === `dev_${n}`).address, 'arn');
      const schemasOf = (n: string) => `\${replace(${registries.find((r) => r.registry_name === `dev_${n}`).address}.arn, ":registry/", ":schema/")}/*`;
      const logs = onlyResource(analytics, 'aws_cloudwatch_log_group');
      const workgroup = onlyResource(analytics, 'aws_athena_workgroup');
      expect(statements.map(({ sid, actions, resources }: { sid: string; actions: string[]; resources: string[] }) => ({ sid, actions, resources }))).toEqual([
        { sid: 'WriteLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [`${ref(logs.address, 'arn')}:*`] },
        {
          sid: 'VpcNetworkInterfaces',
          actions: [
            'ec2:CreateNetworkInterface',
            'ec2:DescribeNetworkInterfaces',
            'ec2:DescribeSubnets',
            'ec2:DeleteNetworkInterface',
            'ec2:AssignPrivateIpAddresses',
            'ec2:UnassignPrivateIpAddresses',
          ],
          resources: ['*'],
        },
        { sid: 'KafkaConnect', actions: ['kafka-cluster:Connect'], resources: [cluster] },
        { sid: 'KafkaReadTopics', actions: ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData'], resources: [topic('orders'), topic('sensor-readings')] },
        { sid: 'GlueListRegistries', actions: ['glue:ListRegistries'], resources: ['*'] },
        { sid: 'GlueDevCustomerRegistry', actions: ['glue:GetRegistry', 'glue:ListSchemas'], resources: [registry('customer')] },
        { sid: 'GlueDevCustomerSchemas', actions: ['glue:GetSchema', 'glue:GetSchemaVersion'], resources: [registry('customer'), schemasOf('customer')] },
        { sid: 'GlueDevTelemetryRegistry', actions: ['glue:GetRegistry', 'glue:ListSchemas'], resources: [registry('telemetry')] },
        { sid: 'GlueDevTelemetrySchemas', actions: ['glue:GetSchema', 'glue:GetSchemaVersion'], resources: [registry('telemetry'), schemasOf('telemetry')] },
        { sid: 'SpillList', actions: ['s3:ListBucket'], resources: [ref(spill.address, 'arn')] },
        { sid: 'SpillObjects', actions: ['s3:GetObject', 's3:PutObject'], resources: [`${ref(spill.address, 'arn')}/athena-spill/*`] },
        { sid: 'SpillKey', actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [ref(key.address, 'arn')] },
        { sid: 'AthenaQueryStatus', actions: ['athena:GetQueryExecution'], resources: [ref(workgroup.address, 'arn')] },
      ]);
      for (const s of statements) expect(s.effect).toBe('Allow');
    });

    it('may only reach the brokers on 9098, the endpoints on 443 and S3 on 443', () => {
      const egress = resourcesOf(analytics, 'aws_vpc_security_group_egress_rule').filter((r) => r.security_group_id === ref(connectorGroup.address));
      const summary = egress.map((r) => ({
        port: [r.from_port, r.to_port],
        protocol: r.ip_protocol,
        to: r.referenced_security_group_id ?? r.prefix_list_id,
        cidr: r.cidr_ipv4,
      }));
      expect(summary).toEqual(
        expect.arrayContaining([
          { port: [9098, 9098], protocol: 'tcp', to: expect.stringContaining('Kafka_SecurityGroup'), cidr: undefined },
          { port: [443, 443], protocol: 'tcp', to: expect.stringContaining('Endpoints_SecurityGroup'), cidr: undefined },
          { port: [443, 443], protocol: 'tcp', to: expect.stringContaining('aws_vpc_endpointNetwork_Endpoints_S3'), cidr: undefined },
        ]),
      );
      expect(egress).toHaveLength(3);
      for (const r of egress) expect(r.description).toBeTruthy();
    });

    it('spills to a private, KMS-encrypted, HTTPS-only bucket whose spill expires after a day', () => {
      const of = (type: string) => resourcesOf(analytics, type).find((r) => r.bucket === ref(spill.address));
      expect(of('aws_s3_bucket_public_access_block')).toMatchObject({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
      expect(of('aws_s3_bucket_server_side_encryption_configuration').rule[0]).toEqual({
        apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: ref(key.address, 'arn') },
        bucket_key_enabled: true,
      });
      const rules = of('aws_s3_bucket_lifecycle_configuration').rule;
      expect(rules).toEqual([
        { id: 'expire-spill', status: 'Enabled', filter: [{ prefix: 'athena-spill/' }], expiration: [{ days: 1 }] },
        { id: 'abort-incomplete-uploads', status: 'Enabled', filter: [{ prefix: '' }], abort_incomplete_multipart_upload: [{ days_after_initiation: 1 }] },
      ]);
      const policyDoc = dataOf(analytics, 'aws_iam_policy_document').find((d) => d.address === of('aws_s3_bucket_policy').policy.slice(2, -6));
      expect(policyDoc.statement[0]).toMatchObject({
        effect: 'Deny',
        actions: ['s3:*'],
        condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
      });
    });

    it("keeps its logs for the configured days, encrypted with the stack's logs key", () => {
      const logsKey = resourcesOf(analytics, 'aws_kms_key').find((k) => k.description.includes('log groups'));
      expect(onlyResource(analytics, 'aws_cloudwatch_log_group')).toMatchObject({
        name: '/aws/lambda/dev-athena-msk-connector',
        retention_in_days: 14,
        kms_key_id: ref(logsKey.address, 'arn'),
      });
    });
  });

  it("grants by pattern beyond 25 topics, so the role stays under IAM's policy size limit", () => {
    const dir = mkdtempSync(join(tmpdir(), 'msk-athena-schemas-'));
    for (let i = 0; i < 30; i++) {
      mkdirSync(join(dir, 'many'), { recursive: true });
      writeFileSync(
        join(dir, 'many', `t${i}.json`),
        JSON.stringify({ topicName: `many.t${i}`, message: { dataFormat: 'json', fields: [{ name: 'id', mapping: 'id', type: 'VARCHAR' }] } }),
      );
    }
    const { analytics: a } = synthEnvironment({}, { schemaDir: dir });
    const read = roleStatements(a, 'dev-athena-msk-connector-role').find((s) => s.sid === 'KafkaReadTopics');
    expect(read.resources).toEqual([`\${replace(${STREAMING}.cross-stack-output-aws_msk_clusterKafka_DE2CE4FAarn, ":cluster/", ":topic/")}/*`]);
    const policy = JSON.stringify(roleStatements(a, 'dev-athena-msk-connector-role'));
    expect(policy.length).toBeLessThan(6000);
  });

  describe('catalog and workgroup', () => {
    it('registers the connector as a Lambda data catalog after the SAR stack exists', () => {
      const catalog = onlyResource(analytics, 'aws_athena_data_catalog');
      expect(catalog).toMatchObject({
        name: 'msk_dev',
        type: 'LAMBDA',
        parameters: {
          function: expect.stringMatching(
            /^arn:\$\{data\.aws_partition\.\S+\.partition\}:lambda:us-east-1:\$\{data\.aws_caller_identity\.\S+\.account_id\}:function:dev-athena-msk-connector$/,
          ),
        },
        depends_on: [sar.address],
      });
      expect(catalog.description).toBeTruthy();
    });

    it('enforces engine 3, encrypted results and a per-query scan cutoff', () => {
      const wg = onlyResource(analytics, 'aws_athena_workgroup');
      expect(wg.name).toBe('dev-msk-analytics');
      expect(wg.configuration).toMatchObject({
        enforce_workgroup_configuration: true,
        bytes_scanned_cutoff_per_query: 10240 * 1024 * 1024,
        engine_version: { selected_engine_version: 'Athena engine version 3' },
        result_configuration: {
          output_location: `s3://${ref(results.address, 'bucket')}/results/`,
          encryption_configuration: { encryption_option: 'SSE_KMS', kms_key_arn: ref(key.address, 'arn') },
        },
      });
      const lifecycle = resourcesOf(analytics, 'aws_s3_bucket_lifecycle_configuration').find((r) => r.bucket === ref(results.address));
      expect(lifecycle.rule[0]).toMatchObject({ id: 'expire-results', expiration: [{ days: 30 }] });
    });

    it('saves a sample per table and the orders flattening query', () => {
      const queries = resourcesOf(analytics, 'aws_athena_named_query');
      expect(queries.map((q) => q.name).sort()).toEqual(['dev_customer.orders: sample', 'dev_customer.orders_items', 'dev_telemetry.sensor_readings: sample']);
      const flatten = queries.find((q) => q.name === 'dev_customer.orders_items');
      expect(flatten.query).toContain('FROM "msk_dev"."dev_customer"."orders"');
      expect(flatten.query).toMatch(/CAST\(json_parse\(items\) AS ARRAY\(ROW\(product_id INTEGER, quantity INTEGER\)\)\)/);
      expect(flatten.query).toContain('CROSS JOIN UNNEST');
      expect(flatten.database).toBe('dev_customer');
    });

    it('offers a managed policy with exactly what querying needs', () => {
      const policy = onlyResource(analytics, 'aws_iam_policy');
      expect(policy.name).toBe('dev-msk-athena-query');
      const doc = dataOf(analytics, 'aws_iam_policy_document').find((d) => `\${${d.address}.json}` === policy.policy);
      const catalog = onlyResource(analytics, 'aws_athena_data_catalog');
      const workgroup = onlyResource(analytics, 'aws_athena_workgroup');
      expect(
        doc.statement.map(({ sid, actions, resources }: { sid: string; actions: string[]; resources: string[] }) => ({ sid, actions, resources })),
      ).toEqual([
        {
          sid: 'RunQueries',
          actions: [
            'athena:GetWorkGroup',
            'athena:StartQueryExecution',
            'athena:GetQueryExecution',
            'athena:GetQueryResults',
            'athena:StopQueryExecution',
            'athena:ListQueryExecutions',
            'athena:ListNamedQueries',
            'athena:GetNamedQuery',
            'athena:BatchGetNamedQuery',
          ],
          resources: [ref(workgroup.address, 'arn')],
        },
        {
          sid: 'RunQueriesResultsList',
          actions: ['s3:ListBucket', 's3:GetBucketLocation', 's3:ListBucketMultipartUploads'],
          resources: [ref(results.address, 'arn')],
        },
        {
          sid: 'RunQueriesResultsObjects',
          actions: ['s3:GetObject', 's3:PutObject', 's3:ListMultipartUploadParts', 's3:AbortMultipartUpload'],
          resources: [`${ref(results.address, 'arn')}/results/*`],
        },
        { sid: 'RunQueriesResultsKey', actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [ref(key.address, 'arn')] },
        {
          sid: 'ReadCatalog',
          actions: ['athena:GetDataCatalog', 'athena:ListDatabases', 'athena:GetDatabase', 'athena:ListTableMetadata', 'athena:GetTableMetadata'],
          resources: [ref(catalog.address, 'arn')],
        },
        { sid: 'ConnectorInvoke', actions: ['lambda:InvokeFunction'], resources: [analytics.output.connector_function_arn.value] },
        { sid: 'ConnectorSpillList', actions: ['s3:ListBucket'], resources: [ref(spill.address, 'arn')] },
        { sid: 'ConnectorSpillObjects', actions: ['s3:GetObject'], resources: [`${ref(spill.address, 'arn')}/athena-spill/*`] },
        { sid: 'ConnectorSpillKey', actions: ['kms:Decrypt'], resources: [ref(key.address, 'arn')] },
      ]);
      expect(analytics.output.query_policy_arn.value).toBe(ref(policy.address, 'arn'));
    });

    it('outputs what a user needs next', () => {
      expect(
        Object.keys(analytics.output)
          .filter((o) => !o.startsWith('cross-stack-output-'))
          .sort(),
      ).toEqual(['catalog_name', 'connector_function_arn', 'example_query', 'query_policy_arn', 'region', 'results_bucket', 'workgroup']);
      expect(analytics.output.example_query.value).toBe('SELECT * FROM "msk_dev"."dev_customer"."orders" LIMIT 10');
    });

    it('uses the configured catalog name everywhere', () => {
      const { analytics: a } = synthEnvironment({ connector: { catalogName: 'kafka' } });
      expect(onlyResource(a, 'aws_athena_data_catalog').name).toBe('kafka');
      expect(a.output.example_query.value).toBe('SELECT * FROM "kafka"."dev_customer"."orders" LIMIT 10');
    });
  });

  describe('environments sharing an account', () => {
    it('give every account-wide name its environment, so dev and staging cannot collide', () => {
      const names = (env: string) => {
        const { analytics: a } = synthEnvironment({}, { env });
        return [onlyResource(a, 'aws_athena_data_catalog').name, ...resourcesOf(a, 'aws_glue_registry').map((r) => r.registry_name)];
      };
      const dev = names('dev');
      const staging = names('staging');
      expect(dev).toEqual(['msk_dev', 'dev_customer', 'dev_telemetry']);
      expect(staging.filter((n) => dev.includes(n))).toEqual([]);
    });

    it('leave prod with the plain names analysts type, at the same Terraform addresses', () => {
      const { analytics: prod } = synthEnvironment({}, { env: 'prod' });
      expect(onlyResource(prod, 'aws_athena_data_catalog').name).toBe('msk');
      const devAddresses = resourcesOf(analytics, 'aws_glue_registry').map((r) => r.address);
      expect(resourcesOf(prod, 'aws_glue_registry').map((r) => [r.address, r.registry_name])).toEqual(
        devAddresses.map((a, i) => [a, ['customer', 'telemetry'][i]]),
      );
      expect(prod.output.example_query.value).toBe('SELECT * FROM "msk"."customer"."orders" LIMIT 10');
    });

    it("fill {{database}} in saved queries with the environment's database", () => {
      const { analytics: prod } = synthEnvironment({}, { env: 'prod' });
      expect(resourcesOf(prod, 'aws_athena_named_query').find((q) => q.name === 'customer.orders_items')).toMatchObject({
        database: 'customer',
        query: expect.stringContaining('FROM "msk"."customer"."orders"'),
      });
    });
  });
});
