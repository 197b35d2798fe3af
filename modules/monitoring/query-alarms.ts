import { Construct } from 'constructs';
import type { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { METRICS } from '../../core/aws-facts';
import type { IAlertTopic } from './alert-topic';
import { metricAlarm } from './metric-alarm';

export interface QueryAlarmsProps {
  /** The workgroup, which must publish its metrics to CloudWatch (AnalyticsWorkgroup does). */
  readonly workgroupName: string;
  readonly topic: IAlertTopic;
  /** Start of every alarm name, e.g. `dev-msk-athena`. */
  readonly namePrefix: string;
  /**
   * Alarm above this many failed queries in 5 minutes. @default 2: a broken connector or
   * broker fails every query, a typo one; more than two failures in five minutes is rarely typing
   */
  readonly failedQueriesPer5Minutes?: number;
}

/**
 * Failed Athena queries in the workgroup. Athena publishes no count of failed
 * queries; it publishes each query's timings with a QueryState dimension, so the
 * number of TotalExecutionTime samples in state FAILED is the number of failures.
 */
export class QueryAlarms extends Construct {
  readonly failedQueries: CloudwatchMetricAlarm;

  constructor(scope: Construct, id: string, props: QueryAlarmsProps) {
    super(scope, id);
    const limit = props.failedQueriesPer5Minutes ?? 2;
    if (!Number.isInteger(limit) || limit < 0)
      throw new Error(`QueryAlarms ${this.node.path}: failedQueriesPer5Minutes must be a whole number of at least 0, got ${limit}`);
    const { namespace, workgroup, state, type } = METRICS.athena;
    this.failedQueries = metricAlarm(this, 'FailedQueries', props.topic, {
      alarmName: `${props.namePrefix}-failed-queries`,
      description:
        `More than ${limit} queries failed in workgroup ${props.workgroupName} within 5 minutes: a broken connector, broker or schema ` +
        `fails every query; see the query history for the error`,
      metric: {
        namespace,
        metricName: 'TotalExecutionTime',
        dimensions: { [state]: 'FAILED', [type]: 'DML', [workgroup]: props.workgroupName },
        stat: 'SampleCount',
        period: 300,
      },
      comparison: 'GreaterThanThreshold',
      threshold: limit,
      evaluationPeriods: 1,
      treatMissingData: 'notBreaching',
      missingDataReason: 'Athena publishes nothing for a period without failed queries',
    });
  }
}
