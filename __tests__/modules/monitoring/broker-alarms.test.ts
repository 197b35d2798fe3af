import { BrokerAlarms } from '../../../modules/monitoring/broker-alarms';
import { bareStack, resourcesOf, synthJson } from '../construct-stack';

const topic = { topicArn: 'arn:aws:sns:eu-west-1:111122223333:alerts', addEmailSubscription: () => undefined };

function alarms(props: Partial<ConstructorParameters<typeof BrokerAlarms>[2]> = {}) {
  const stack = bareStack();
  new BrokerAlarms(stack, 'Brokers', { clusterName: 'dev-kafka', brokerCount: 3, topic, namePrefix: 'dev', ...props });
  const all = resourcesOf(synthJson(stack), 'aws_cloudwatch_metric_alarm');
  return { all, named: (name: string) => all.find((a) => a.alarm_name === name) };
}

describe('BrokerAlarms', () => {
  it('watches disk, CPU and under-replication of every broker by id, plus offline partitions and the controller', () => {
    const { all } = alarms();
    expect(all.map((a) => a.alarm_name).sort()).toEqual(
      [
        'dev-active-controller-count',
        ...[1, 2, 3].flatMap((b) => [`dev-broker-${b}-cpu`, `dev-broker-${b}-disk`, `dev-broker-${b}-under-replicated-partitions`]),
        'dev-offline-partitions',
      ].sort(),
    );
    for (const a of all) expect(a).toMatchObject({ actions_enabled: true, alarm_actions: [topic.topicArn], ok_actions: [topic.topicArn] });
  });

  it('alarms per broker on KafkaDataLogsDiskUsed above 85% by default, with the cluster and broker dimensions', () => {
    const disk = alarms().named('dev-broker-2-disk');
    expect(disk).toMatchObject({
      namespace: 'AWS/Kafka',
      metric_name: 'KafkaDataLogsDiskUsed',
      statistic: 'Maximum',
      threshold: 85,
      comparison_operator: 'GreaterThanThreshold',
      dimensions: { 'Cluster Name': 'dev-kafka', 'Broker ID': '2' },
    });
    expect(alarms({ diskUsedPercent: 70 }).named('dev-broker-2-disk').threshold).toBe(70);
  });

  it('adds CpuUser and CpuSystem with metric math and alarms above 60% for three 5-minute periods', () => {
    const cpu = alarms().named('dev-broker-3-cpu');
    expect(cpu).toMatchObject({ threshold: 60, evaluation_periods: 3, datapoints_to_alarm: 3 });
    const [expression, ...inputs] = cpu.metric_query;
    expect(expression).toMatchObject({ id: 'e1', expression: 'user + system', return_data: true });
    expect(inputs.map((q: { id: string; metric: { metric_name: string; dimensions: object } }) => [q.id, q.metric.metric_name, q.metric.dimensions])).toEqual([
      ['user', 'CpuUser', { 'Cluster Name': 'dev-kafka', 'Broker ID': '3' }],
      ['system', 'CpuSystem', { 'Cluster Name': 'dev-kafka', 'Broker ID': '3' }],
    ]);
    expect(cpu.metric_name).toBeUndefined();
  });

  it('alarms when the sum of active controllers over the brokers is not 1, and on any offline partition', () => {
    const { named } = alarms();
    const controller = named('dev-active-controller-count');
    expect(controller.metric_query[0].expression).toBe('ABS(controllers - 1)');
    expect(controller.metric_query[1].metric).toMatchObject({ metric_name: 'ActiveControllerCount', stat: 'Sum', dimensions: { 'Cluster Name': 'dev-kafka' } });
    expect(controller).toMatchObject({ threshold: 0, comparison_operator: 'GreaterThanThreshold', treat_missing_data: 'breaching' });
    expect(named('dev-offline-partitions')).toMatchObject({ metric_name: 'OfflinePartitionsCount', threshold: 0, dimensions: { 'Cluster Name': 'dev-kafka' } });
  });

  it('chooses what missing data means per alarm and says why in the description', () => {
    const { named } = alarms();
    expect(named('dev-broker-1-cpu').treat_missing_data).toBe('missing');
    expect(named('dev-broker-1-under-replicated-partitions').treat_missing_data).toBe('breaching');
    expect(named('dev-broker-1-disk').alarm_description).toMatch(/\(missing data: missing, .+partition and controller alarms\)$/);
  });

  it('refuses a broker count or threshold that cannot be', () => {
    expect(() => alarms({ brokerCount: 0 })).toThrow('BrokerAlarms test/Brokers: brokerCount must be a whole number of at least 1, got 0');
    expect(() => alarms({ cpuPercent: 120 })).toThrow('BrokerAlarms test/Brokers: cpuPercent must be a percentage above 0 and at most 100, got 120');
  });
});
