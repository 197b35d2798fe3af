import { AthenaMskConnector, secretName } from '../../../modules/connector/athena-msk-connector';
import { connectorStack } from '../analytics-fixture';
import { reference, resourcesOf, roleStatements, synthJson } from '../construct-stack';

describe('AthenaMskConnector', () => {
  it('deploys the connector from the Serverless Application Repository with our role, group, subnets and spill bucket', () => {
    const { stack, connector } = connectorStack();
    const json = synthJson(stack);
    const [app] = resourcesOf(json, 'aws_serverlessapplicationrepository_cloudformation_stack');
    expect(app).toMatchObject({
      name: 'test-connector',
      application_id: 'arn:aws:serverlessrepo:us-east-1:292517598671:applications/AthenaMSKConnector',
      semantic_version: '2026.33.1',
      capabilities: ['CAPABILITY_IAM', 'CAPABILITY_RESOURCE_POLICY'],
    });
    expect(app.parameters).toMatchObject({
      AuthType: 'SASL_SSL_AWS_MSK_IAM',
      LambdaFunctionName: 'test-connector',
      SpillPrefix: 'athena-spill',
      DisableSpillEncryption: 'false',
      LambdaMemory: '3008',
      LambdaTimeout: '900',
      LambdaRoleARN: expect.stringMatching(/^\$\{aws_iam_role\./),
      SecurityGroupIds: expect.stringMatching(/^\$\{aws_security_group\./),
    });
    expect(app.parameters.SecretNamePrefix).toBeUndefined();
    expect(app.depends_on).toEqual(
      expect.arrayContaining([expect.stringMatching(/^aws_cloudwatch_log_group\./), expect.stringMatching(/^aws_iam_role_policy\./)]),
    );
    expect(reference(stack, connector.functionArn)).toMatch(/:lambda:eu-west-1:\$\{data\.aws_caller_identity\.[^}]+\}:function:test-connector$/);
    expect(resourcesOf(json, 'aws_cloudwatch_log_group').map((g) => g.name)).toContain('/aws/lambda/test-connector');
  });

  it('may read the declared topics, discover the registries and use its spill prefix, and nothing else', () => {
    const { stack, schemas } = connectorStack();
    const json = synthJson(stack);
    const sids = roleStatements(json, 'test-connector-role').map((s) => s.sid);
    expect(sids).toEqual([
      'WriteLogs',
      'VpcNetworkInterfaces',
      'KafkaConnect',
      'KafkaReadTopics',
      'GlueListRegistries',
      ...schemas.registries.flatMap(() => [expect.stringMatching(/Registry$/), expect.stringMatching(/Schemas$/)]),
      'SpillList',
      'SpillObjects',
      'SpillKey',
    ]);
    const read = roleStatements(json, 'test-connector-role').find((s) => s.sid === 'KafkaReadTopics');
    expect(read.resources).toHaveLength(schemas.topics.length);
  });

  it('names the secret the connector asks Secrets Manager for, without its suffix', () => {
    expect(secretName('arn:aws:secretsmanager:eu-west-1:111122223333:secret:AmazonMSK_orders-AbCdEf')).toBe('AmazonMSK_orders');
  });

  it('refuses a function name the connector template refuses', () => {
    const { stack, schemas, network, key } = connectorStack();
    const cluster = stack.node.findChild('Kafka') as never;
    expect(
      () =>
        new AthenaMskConnector(stack, 'Bad', {
          functionName: 'Bad_Name',
          semanticVersion: '1.0.0',
          cluster,
          schemas,
          network,
          encryptionKey: key,
          logsKey: key,
          spillBucketPrefix: 'x-spill',
        }),
    ).toThrow('AthenaMskConnector test/Bad: functionName must be 1-64 of a-z, 0-9, - and _, got "Bad_Name"');
  });
});
