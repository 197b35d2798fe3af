import { ADOPTED } from '../helpers/adopted-clusters';
import { onlyResource, resourcesOf, synthEnvironment, type Json } from '../helpers/synth';

const alarmNames = (stack: Json) =>
  resourcesOf(stack, 'aws_cloudwatch_metric_alarm')
    .map((a) => a.alarm_name)
    .sort();
const named = (stack: Json, name: string) => resourcesOf(stack, 'aws_cloudwatch_metric_alarm').find((a) => a.alarm_name === name);
const widgetTitles = (stack: Json) =>
  JSON.parse(onlyResource(stack, 'aws_cloudwatch_dashboard').dashboard_body).widgets.map((w: { properties: { title: string } }) => w.properties.title);

const CONNECTOR_AND_QUERIES = ['connector-duration-near-timeout', 'connector-errors', 'connector-throttles', 'failed-queries'];
const brokerAlarms = (n: number) => [
  'active-controller-count',
  'offline-partitions',
  ...Array.from({ length: n }, (_, i) => [`broker-${i + 1}-cpu`, `broker-${i + 1}-disk`, `broker-${i + 1}-under-replicated-partitions`]).flat(),
];
const withPrefix = (env: string, names: string[]) => names.map((n) => `${env}-msk-athena-${n}`).sort();

describe('monitoring stack', () => {
  it("watches dev's two brokers, the connector, both functions and the queries, and outputs the topic and dashboard", () => {
    const { monitoring } = synthEnvironment();
    expect(alarmNames(monitoring)).toEqual(
      withPrefix('dev', [...brokerAlarms(2), ...CONNECTOR_AND_QUERIES, 'topics-errors', 'topics-plan-errors', 'producer-errors']),
    );
    expect(named(monitoring, 'dev-msk-athena-broker-1-disk').dimensions).toEqual({ 'Cluster Name': 'dev-msk-athena', 'Broker ID': '1' });
    expect(named(monitoring, 'dev-msk-athena-connector-errors').dimensions).toEqual({ FunctionName: 'dev-athena-msk-connector' });
    expect(named(monitoring, 'dev-msk-athena-topics-errors').dimensions).toEqual({ FunctionName: 'dev-msk-athena-topics' });
    // The workgroup comes from the analytics stack's state, so the monitoring stack deploys after it.
    expect(named(monitoring, 'dev-msk-athena-failed-queries').dimensions.WorkGroup).toMatch(
      /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-dev-analytics\.outputs\./,
    );
    // The alarms' own defaults: MSK best practices for the brokers, ours for the connector and queries.
    expect(named(monitoring, 'dev-msk-athena-connector-duration-near-timeout').threshold).toBe(810_000);
    expect(named(monitoring, 'dev-msk-athena-broker-1-cpu').threshold).toBe(60);
    expect(named(monitoring, 'dev-msk-athena-broker-1-disk').threshold).toBe(85);
    expect(named(monitoring, 'dev-msk-athena-failed-queries').threshold).toBe(2);
    const topic = onlyResource(monitoring, 'aws_sns_topic');
    expect(topic.name).toBe('dev-msk-athena-alerts');
    expect(monitoring.output.alert_topic_arn.value).toBe(`\${${topic.address}.arn}`);
    expect(onlyResource(monitoring, 'aws_cloudwatch_dashboard').dashboard_name).toBe('dev-msk-athena');
    expect(monitoring.output.dashboard_name).toBeDefined();
  });

  it("watches prod's three brokers and no producer (prod deploys none)", () => {
    const { monitoring } = synthEnvironment({}, { env: 'prod' });
    expect(alarmNames(monitoring)).toEqual(withPrefix('prod', [...brokerAlarms(3), ...CONNECTOR_AND_QUERIES, 'topics-errors', 'topics-plan-errors']));
  });

  it('takes thresholds from the config', () => {
    const { monitoring } = synthEnvironment({
      alerts: { thresholds: { brokerCpuPercent: 50, brokerDiskUsedPercent: 75, connectorDurationPercentOfTimeout: 50, failedQueriesPer5Minutes: 0 } },
    });
    expect(named(monitoring, 'dev-msk-athena-broker-2-cpu').threshold).toBe(50);
    expect(named(monitoring, 'dev-msk-athena-broker-2-disk').threshold).toBe(75);
    expect(named(monitoring, 'dev-msk-athena-connector-duration-near-timeout').threshold).toBe(450_000);
    expect(named(monitoring, 'dev-msk-athena-failed-queries').threshold).toBe(0);
  });

  it('makes no broker alarms on MSK Serverless, which publishes no broker metrics, and shows topic traffic instead', () => {
    const { monitoring } = synthEnvironment({ msk: { mode: 'serverless' } });
    expect(alarmNames(monitoring)).toEqual(withPrefix('dev', [...CONNECTOR_AND_QUERIES, 'topics-errors', 'topics-plan-errors', 'producer-errors']));
    expect(widgetTitles(monitoring)).toContain('Kafka: bytes in per topic');
    expect(widgetTitles(monitoring)).not.toContain('Brokers: CPU user + system (%)');
  });

  it('makes no broker alarms on an adopted cluster unless its broker count is given, and always watches the connector', () => {
    expect(alarmNames(synthEnvironment(ADOPTED.iam).monitoring)).toEqual(withPrefix('dev', CONNECTOR_AND_QUERIES));
    const watched = synthEnvironment({ ...ADOPTED.iam, alerts: { adoptedClusterBrokers: 3 } }).monitoring;
    expect(alarmNames(watched)).toEqual(withPrefix('dev', [...brokerAlarms(3), ...CONNECTOR_AND_QUERIES]));
    expect(named(watched, 'dev-msk-athena-broker-3-cpu').metric_query[1].metric.dimensions).toEqual({ 'Cluster Name': 'shared', 'Broker ID': '3' });
  });

  it("notifies a team's topic instead of making one, and subscribes the configured addresses to it", () => {
    const arn = 'arn:aws:sns:us-east-1:111122223333:team-alerts';
    const { monitoring } = synthEnvironment({ alerts: { topicArn: arn, emails: ['ops@example.com'] } });
    expect(resourcesOf(monitoring, 'aws_sns_topic')).toEqual([]);
    expect(resourcesOf(monitoring, 'aws_kms_key')).toEqual([]);
    for (const a of resourcesOf(monitoring, 'aws_cloudwatch_metric_alarm')) expect(a.alarm_actions).toEqual([arn]);
    expect(onlyResource(monitoring, 'aws_sns_topic_subscription')).toMatchObject({ topic_arn: arn, protocol: 'email', endpoint: 'ops@example.com' });
    expect(monitoring.output.alert_topic_arn.value).toBe(arn);
  });

  it("needs nothing of the streaming stack's state, and only the workgroup name of the analytics stack's", () => {
    const { streaming, analytics, monitoring } = synthEnvironment();
    expect(Object.keys(monitoring.data.terraform_remote_state)).toEqual(['cross-stack-reference-input-dev-analytics']);
    expect(Object.keys(streaming.output).filter((o) => o.includes('aws_lambda_function'))).toEqual([]);
    expect(Object.keys(analytics.output).filter((o) => o.startsWith('cross-stack-output-'))).toEqual([
      'cross-stack-output-aws_athena_workgroupWorkgroup_D5BC63A0name',
    ]);
  });
});
