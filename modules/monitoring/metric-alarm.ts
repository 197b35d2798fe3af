import type { Construct } from 'constructs';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import type { IAlertTopic } from './alert-topic';

/** One CloudWatch metric with the statistic and period it is read at. */
export interface MetricSpec {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  /** Average, Sum, Maximum, SampleCount, or a percentile such as p99. */
  readonly stat: string;
  /** Seconds. */
  readonly period: number;
}

/**
 * What CloudWatch does with a period without data. Every alarm states its choice and
 * why in `missingDataReason`, because the wrong one either pages on silence or hides
 * a broker that stopped reporting.
 */
export type MissingData = 'missing' | 'ignore' | 'breaching' | 'notBreaching';

export interface AlarmSpec {
  /** Physical name, unique per account and region. */
  readonly alarmName: string;
  /** What it means and what to do; shown in the notification. */
  readonly description: string;
  /** The metric compared, or metric math over `inputs`. */
  readonly metric: MetricSpec | { readonly expression: string; readonly label: string; readonly inputs: Readonly<Record<string, MetricSpec>> };
  readonly comparison: 'GreaterThanThreshold' | 'GreaterThanOrEqualToThreshold' | 'LessThanThreshold';
  readonly threshold: number;
  /** Periods looked at; the alarm fires when `datapointsToAlarm` of them breach. */
  readonly evaluationPeriods: number;
  /** @default evaluationPeriods */
  readonly datapointsToAlarm?: number;
  readonly treatMissingData: MissingData;
  readonly missingDataReason: string;
}

const isPercentile = (stat: string) => /^p\d+(\.\d+)?$/.test(stat);

/**
 * An alarm that notifies `topic` when it fires and when it clears (an all-clear
 * saves a look at the console). Actions are enabled explicitly: a disabled alarm
 * looks armed in a plan and never notifies.
 */
export function metricAlarm(scope: Construct, id: string, topic: IAlertTopic, spec: AlarmSpec): CloudwatchMetricAlarm {
  const common = {
    alarmName: spec.alarmName,
    alarmDescription: `${spec.description} (missing data: ${spec.treatMissingData}, ${spec.missingDataReason})`,
    comparisonOperator: spec.comparison,
    threshold: spec.threshold,
    evaluationPeriods: spec.evaluationPeriods,
    datapointsToAlarm: spec.datapointsToAlarm ?? spec.evaluationPeriods,
    treatMissingData: spec.treatMissingData,
    actionsEnabled: true,
    alarmActions: [topic.topicArn],
    okActions: [topic.topicArn],
  };
  const m = spec.metric;
  if ('expression' in m) {
    return new CloudwatchMetricAlarm(scope, id, {
      ...common,
      metricQuery: [
        { id: 'e1', expression: m.expression, label: m.label, returnData: true },
        ...Object.entries(m.inputs).map(([queryId, input]) => ({
          id: queryId,
          returnData: false,
          metric: { namespace: input.namespace, metricName: input.metricName, dimensions: { ...input.dimensions }, stat: input.stat, period: input.period },
        })),
      ],
    });
  }
  return new CloudwatchMetricAlarm(scope, id, {
    ...common,
    namespace: m.namespace,
    metricName: m.metricName,
    dimensions: { ...m.dimensions },
    period: m.period,
    ...(isPercentile(m.stat) ? { extendedStatistic: m.stat } : { statistic: m.stat }),
  });
}
