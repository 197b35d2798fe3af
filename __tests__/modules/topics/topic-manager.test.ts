import { join } from 'node:path';
import { ProvisionedCluster } from '../../../modules/msk/provisioned-cluster';
import { TopicManager } from '../../../modules/topics/topic-manager';
import { bareStack, foundations, resourcesOf, roleStatements, synthJson } from '../construct-stack';
import { ROOT } from '../../helpers/synth';

const TOPICS = [
  { topic: 'orders', partitions: 3, replicationFactor: 2, configs: { 'retention.ms': '86400000', 'min.insync.replicas': '1' } },
  { topic: 'sensor-readings', partitions: 6, replicationFactor: 2, configs: { 'retention.ms': '3600000' } },
];

const TOPICS_HANDLER = join(ROOT, 'functions', 'topics', 'handler.ts');

function managed() {
  const stack = bareStack();
  const { key, network } = foundations(stack);
  const cluster = new ProvisionedCluster(stack, 'Kafka', { clusterName: 'kafka', network, logsKey: key });
  return { stack, cluster, key, network };
}

describe('TopicManager', () => {
  it('invokes its function with the declared topics, again whenever they or the code change', () => {
    const { stack, cluster, key, network } = managed();
    const manager = new TopicManager(stack, 'Topics', { functionName: 'topics', entry: TOPICS_HANDLER, cluster, network, topics: TOPICS, logsKey: key });
    const json = synthJson(stack);
    const [invocation] = resourcesOf(json, 'aws_lambda_invocation');
    expect(JSON.parse(invocation.input)).toEqual({ topics: TOPICS });
    expect(invocation.triggers).toEqual({ code: manager.function.codeHash });
    expect(invocation.depends_on).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^aws_lambda_function\./),
        expect.stringMatching(/^aws_iam_role_policy\./),
        expect.stringMatching(/^aws_vpc_security_group_egress_rule\./),
      ]),
    );
    expect(resourcesOf(json, 'aws_lambda_function').find((f) => f.function_name === 'topics')).toMatchObject({ timeout: 120 });
  });

  it('deploys a planner from the same code that may only describe the declared topics, and answers dry runs only', () => {
    const { stack, cluster, key, network } = managed();
    const manager = new TopicManager(stack, 'Topics', { functionName: 'topics', entry: TOPICS_HANDLER, cluster, network, topics: TOPICS, logsKey: key });
    const json = synthJson(stack);
    const planner = resourcesOf(json, 'aws_lambda_function').find((f) => f.function_name === 'topics-plan');
    expect(planner).toMatchObject({ environment: { variables: { KAFKA_AUTH: 'iam', TOPICS_MODE: 'plan' } } });
    expect(manager.planner.codeHash).toBe(manager.function.codeHash);
    const statements = roleStatements(json, 'topics-plan-role');
    expect(statements.map((s) => s.sid)).toEqual(['WriteLogs', 'VpcNetworkInterfaces', 'KafkaConnect', 'KafkaDescribeTopics']);
    expect(statements[3].actions).toEqual(['kafka-cluster:DescribeTopic', 'kafka-cluster:DescribeTopicDynamicConfiguration']);
    expect(statements[3].resources.map((r: string) => r.split('/').pop())).toEqual(['orders', 'sensor-readings']);
    // Terraform invokes the function that applies, never the planner.
    expect(resourcesOf(json, 'aws_lambda_invocation')[0].function_name).toMatch(
      new RegExp(`^\\$\\{aws_lambda_function\\.${manager.function.resource.friendlyUniqueId}\\.function_name\\}$`),
    );
  });

  it('may connect, and create and alter exactly the declared topics', () => {
    const { stack, cluster, key, network } = managed();
    new TopicManager(stack, 'Topics', { functionName: 'topics', entry: TOPICS_HANDLER, cluster, network, topics: TOPICS, logsKey: key });
    const statements = roleStatements(synthJson(stack), 'topics-role');
    expect(statements.map((s) => s.sid)).toEqual(['WriteLogs', 'VpcNetworkInterfaces', 'KafkaConnect', 'KafkaManageTopics']);
    const manage = statements[3];
    expect(manage.actions).toEqual([
      'kafka-cluster:CreateTopic',
      'kafka-cluster:DescribeTopic',
      'kafka-cluster:AlterTopic',
      'kafka-cluster:DescribeTopicDynamicConfiguration',
      'kafka-cluster:AlterTopicDynamicConfiguration',
    ]);
    expect(manage.resources.map((r: string) => r.split('/').pop())).toEqual(['orders', 'sensor-readings']);
  });

  it('refuses an empty declaration', () => {
    const { stack, cluster, key, network } = managed();
    expect(() => new TopicManager(stack, 'Topics', { functionName: 'topics', entry: TOPICS_HANDLER, cluster, network, topics: [], logsKey: key })).toThrow(
      'TopicManager test/Topics: topics must name at least one topic, got none',
    );
  });
});
