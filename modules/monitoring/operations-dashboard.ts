import { Construct } from 'constructs';
import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { METRICS } from '../../core/aws-facts';
import { AwsContext } from '../shared/aws-context';

/** What the dashboard shows of the Kafka cluster. */
export type DashboardCluster =
  /** Provisioned brokers numbered 1..brokerCount: CPU, disk and partition health. */
  | { readonly kind: 'brokers'; readonly clusterName: string; readonly brokerCount: number }
  /** MSK Serverless (or a cluster whose brokers are not ours): traffic per topic only. */
  | { readonly kind: 'topics'; readonly clusterName: string };

export interface OperationsDashboardProps {
  readonly dashboardName: string;
  readonly cluster: DashboardCluster;
  readonly connector: { readonly functionName: string; readonly timeoutSeconds: number };
  /** Our other functions by label (topics, producer), where they exist. */
  readonly functions: readonly { readonly label: string; readonly functionName: string }[];
  readonly workgroupName: string;
  /** ARNs of the alarms to list at the top. */
  readonly alarmArns: readonly string[];
}

type MetricLine = (string | Record<string, unknown>)[];
interface Widget {
  readonly type: 'metric' | 'alarm';
  readonly title: string;
  readonly properties: Record<string, unknown>;
}

const WIDTH = 12;
const HEIGHT = 6;
const { kafka, lambda, athena } = METRICS;

/**
 * One CloudWatch dashboard per environment: alarms, broker health (or topic traffic
 * on MSK Serverless), the connector's invocations, duration, errors and concurrency,
 * the other functions' errors, and the data Athena scanned. The body is built in a
 * fixed order from the props alone, so an unchanged tree plans no change.
 */
export class OperationsDashboard extends Construct {
  readonly resource: CloudwatchDashboard;
  readonly dashboardName: string;

  constructor(scope: Construct, id: string, props: OperationsDashboardProps) {
    super(scope, id);
    // Metric widgets name their region; the dashboard shows the stack's own.
    const region = AwsContext.regionOf(this);
    const graph = (title: string, metrics: MetricLine[], extra: Record<string, unknown> = {}): Widget => ({
      type: 'metric',
      title,
      properties: { title, region, view: 'timeSeries', stacked: false, period: 300, metrics, ...extra },
    });
    const fn = (name: string, metricName: string, stat: string, label: string): MetricLine => [
      lambda.namespace,
      metricName,
      lambda.function,
      name,
      { stat, label },
    ];
    const connector = props.connector.functionName;

    const widgets: Widget[] = [
      { type: 'alarm', title: 'Alarms', properties: { title: 'Alarms', alarms: [...props.alarmArns], sortBy: 'stateUpdatedTimestamp' } },
      ...clusterWidgets(props.cluster, graph),
      graph('Connector: invocations, errors, throttles', [
        fn(connector, 'Invocations', 'Sum', 'invocations'),
        fn(connector, 'Errors', 'Sum', 'errors'),
        fn(connector, 'Throttles', 'Sum', 'throttles'),
      ]),
      graph(
        'Connector: duration (ms)',
        [fn(connector, 'Duration', 'p50', 'p50'), fn(connector, 'Duration', 'p99', 'p99'), fn(connector, 'Duration', 'Maximum', 'max')],
        {
          annotations: { horizontal: [{ label: 'timeout', value: props.connector.timeoutSeconds * 1000 }] },
        },
      ),
      graph('Connector: concurrent executions', [fn(connector, 'ConcurrentExecutions', 'Maximum', 'concurrent')]),
      ...(props.functions.length > 0
        ? [
            graph(
              'Functions: errors',
              props.functions.map((f) => fn(f.functionName, 'Errors', 'Sum', f.label)),
            ),
          ]
        : []),
      graph(
        'Athena: data scanned (bytes)',
        ['SUCCEEDED', 'FAILED', 'CANCELED'].map((state): MetricLine => [
          athena.namespace,
          'ProcessedBytes',
          athena.state,
          state,
          athena.type,
          'DML',
          athena.workgroup,
          props.workgroupName,
          { stat: 'Sum', label: state.toLowerCase() },
        ]),
      ),
    ];
    const body = {
      widgets: widgets.map((w, i) => ({
        type: w.type,
        x: (i % 2) * WIDTH,
        y: Math.floor(i / 2) * HEIGHT,
        width: WIDTH,
        height: HEIGHT,
        properties: w.properties,
      })),
    };
    this.resource = new CloudwatchDashboard(this, 'Resource', { dashboardName: props.dashboardName, dashboardBody: JSON.stringify(body) });
    this.dashboardName = this.resource.dashboardName;
  }
}

function clusterWidgets(cluster: DashboardCluster, graph: (title: string, metrics: MetricLine[], extra?: Record<string, unknown>) => Widget): Widget[] {
  const name = cluster.clusterName;
  if (cluster.kind === 'topics') {
    // MSK Serverless publishes per-topic traffic only (no brokers, CPU or disk to show).
    const search = (metric: string) => ({
      expression: `SEARCH('{${kafka.namespace},"${kafka.cluster}","${kafka.topic}"} MetricName="${metric}" "${kafka.cluster}"="${name}"', 'Sum', 60)`,
      label: metric,
    });
    return [graph('Kafka: bytes in per topic', [[search('BytesInPerSec')]]), graph('Kafka: bytes out per topic', [[search('BytesOutPerSec')]])];
  }
  const ids = Array.from({ length: cluster.brokerCount }, (_, i) => String(i + 1));
  const brokerMetric = (metricName: string, id: string, opts: Record<string, unknown>): MetricLine => [
    kafka.namespace,
    metricName,
    kafka.cluster,
    name,
    kafka.broker,
    id,
    opts,
  ];
  return [
    graph(
      'Brokers: CPU user + system (%)',
      ids.flatMap((id) => [
        [{ expression: `u${id} + s${id}`, label: `broker ${id}` }],
        brokerMetric('CpuUser', id, { id: `u${id}`, visible: false, stat: 'Average' }),
        brokerMetric('CpuSystem', id, { id: `s${id}`, visible: false, stat: 'Average' }),
      ]),
      { yAxis: { left: { min: 0, max: 100 } } },
    ),
    graph(
      'Brokers: data disk used (%)',
      ids.map((id) => brokerMetric('KafkaDataLogsDiskUsed', id, { stat: 'Maximum', label: `broker ${id}` })),
      { yAxis: { left: { min: 0, max: 100 } } },
    ),
    graph('Partitions and controller', [
      ...ids.map((id) => brokerMetric('UnderReplicatedPartitions', id, { stat: 'Maximum', label: `under-replicated, broker ${id}` })),
      [kafka.namespace, 'OfflinePartitionsCount', kafka.cluster, name, { stat: 'Maximum', label: 'offline partitions' }],
      [kafka.namespace, 'ActiveControllerCount', kafka.cluster, name, { stat: 'Sum', period: 60, label: 'active controllers (sum)' }],
    ]),
  ];
}
