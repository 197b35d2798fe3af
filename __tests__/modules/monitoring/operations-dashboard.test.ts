import { OperationsDashboard, type OperationsDashboardProps } from '../../../modules/monitoring/operations-dashboard';
import { bareStack, resourcesOf, synthJson } from '../construct-stack';

const base: OperationsDashboardProps = {
  dashboardName: 'dev-ops',
  cluster: { kind: 'brokers', clusterName: 'dev-kafka', brokerCount: 2 },
  connector: { functionName: 'dev-connector', timeoutSeconds: 900 },
  functions: [{ label: 'topics', functionName: 'dev-topics' }],
  workgroupName: 'dev-wg',
  alarmArns: ['arn:aws:cloudwatch:eu-west-1:111122223333:alarm:a'],
};

function body(props: Partial<OperationsDashboardProps> = {}) {
  const stack = bareStack();
  new OperationsDashboard(stack, 'Dashboard', { ...base, ...props });
  const [dashboard] = resourcesOf(synthJson(stack), 'aws_cloudwatch_dashboard');
  return { name: dashboard.dashboard_name, text: dashboard.dashboard_body as string, widgets: JSON.parse(dashboard.dashboard_body).widgets };
}

const titles = (widgets: { properties: { title: string } }[]) => widgets.map((w) => w.properties.title);

describe('OperationsDashboard', () => {
  it('shows alarms, broker health, the connector, function errors and Athena data scanned, two widgets a row', () => {
    const { name, widgets } = body();
    expect(name).toBe('dev-ops');
    expect(titles(widgets)).toEqual([
      'Alarms',
      'Brokers: CPU user + system (%)',
      'Brokers: data disk used (%)',
      'Partitions and controller',
      'Connector: invocations, errors, throttles',
      'Connector: duration (ms)',
      'Connector: concurrent executions',
      'Functions: errors',
      'Athena: data scanned (bytes)',
    ]);
    expect(widgets.map((w: { x: number; y: number }) => [w.x, w.y]).slice(0, 4)).toEqual([
      [0, 0],
      [12, 0],
      [0, 6],
      [12, 6],
    ]);
    expect(widgets[0].properties.alarms).toEqual(base.alarmArns);
  });

  it('plots CPU per broker as CpuUser + CpuSystem and marks the connector timeout on its duration', () => {
    const { widgets } = body();
    const cpu = widgets[1].properties.metrics;
    expect(cpu[0]).toEqual([{ expression: 'u1 + s1', label: 'broker 1' }]);
    expect(cpu[1]).toEqual(['AWS/Kafka', 'CpuUser', 'Cluster Name', 'dev-kafka', 'Broker ID', '1', { id: 'u1', visible: false, stat: 'Average' }]);
    expect(cpu).toHaveLength(6);
    expect(widgets[5].properties.annotations.horizontal).toEqual([{ label: 'timeout', value: 900_000 }]);
    expect(widgets[8].properties.metrics[0]).toEqual([
      'AWS/Athena',
      'ProcessedBytes',
      'QueryState',
      'SUCCEEDED',
      'QueryType',
      'DML',
      'WorkGroup',
      'dev-wg',
      { stat: 'Sum', label: 'succeeded' },
    ]);
  });

  it('shows traffic per topic instead of brokers on MSK Serverless, and no function panel without functions', () => {
    const { widgets } = body({ cluster: { kind: 'topics', clusterName: 'dev-kafka' }, functions: [] });
    expect(titles(widgets)).toEqual([
      'Alarms',
      'Kafka: bytes in per topic',
      'Kafka: bytes out per topic',
      'Connector: invocations, errors, throttles',
      'Connector: duration (ms)',
      'Connector: concurrent executions',
      'Athena: data scanned (bytes)',
    ]);
    expect(widgets[1].properties.metrics[0][0].expression).toBe(
      `SEARCH('{AWS/Kafka,"Cluster Name","Topic"} MetricName="BytesInPerSec" "Cluster Name"="dev-kafka"', 'Sum', 60)`,
    );
  });

  it('writes the same body for the same props', () => {
    expect(body().text).toBe(body().text);
    expect(body().text).not.toBe(body({ connector: { functionName: 'dev-connector', timeoutSeconds: 600 } }).text);
  });
});
