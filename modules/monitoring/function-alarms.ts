import { Construct } from 'constructs';
import type { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { METRICS } from '../../core/aws-facts';
import { LAMBDA_MAX_TIMEOUT_SECONDS } from '../../core/limits';
import { requireWholeNumber } from '../shared/validate';
import type { IAlertTopic } from './alert-topic';
import { metricAlarm, type MetricSpec } from './metric-alarm';

export interface FunctionAlarmsProps {
  readonly functionName: string;
  /** How notifications name the function, e.g. `connector`. */
  readonly label: string;
  readonly topic: IAlertTopic;
  /** Start of every alarm name, e.g. `dev-msk-athena`. */
  readonly namePrefix: string;
  /** Also alarm when Lambda throttles the function (it has no retry of its own). @default false */
  readonly throttles?: boolean;
  /**
   * Alarm when the p99 duration passes this share of the timeout: the next longer run
   * fails. @default 90 where `timeoutSeconds` is given: a p99 run within 10% of the
   * timeout means the next larger topic fails its query
   */
  readonly durationPercentOfTimeout?: number;
  /** The function's timeout in seconds; given, a duration alarm is made. @default no duration alarm */
  readonly timeoutSeconds?: number;
}

// Lambda publishes these only for periods with invocations: no data is no trouble.
const IDLE = 'Lambda publishes nothing for a period without invocations';

/** A Lambda function's failures: errors always; throttles and a duration near the timeout where asked. */
export class FunctionAlarms extends Construct {
  readonly alarms: CloudwatchMetricAlarm[] = [];
  readonly errors: CloudwatchMetricAlarm;

  constructor(scope: Construct, id: string, props: FunctionAlarmsProps) {
    super(scope, id);
    const metric = (metricName: string, stat: string): MetricSpec => ({
      namespace: METRICS.lambda.namespace,
      metricName,
      dimensions: { [METRICS.lambda.function]: props.functionName },
      stat,
      period: 300,
    });
    const name = (what: string) => `${props.namePrefix}-${props.label}-${what}`;
    this.errors = metricAlarm(this, 'Errors', props.topic, {
      alarmName: name('errors'),
      description: `The ${props.label} function (${props.functionName}) failed: read its log with npm run logs -- ${props.label}`,
      metric: metric('Errors', 'Sum'),
      comparison: 'GreaterThanThreshold',
      threshold: 0,
      evaluationPeriods: 1,
      treatMissingData: 'notBreaching',
      missingDataReason: IDLE,
    });
    this.alarms.push(this.errors);
    if (props.throttles) {
      this.alarms.push(
        metricAlarm(this, 'Throttles', props.topic, {
          alarmName: name('throttles'),
          description:
            `Lambda refused runs of the ${props.label} function (${props.functionName}) for want of concurrency: queries fail or slow ` +
            `down; raise the account's concurrency quota`,
          metric: metric('Throttles', 'Sum'),
          comparison: 'GreaterThanThreshold',
          threshold: 0,
          evaluationPeriods: 1,
          treatMissingData: 'notBreaching',
          missingDataReason: IDLE,
        }),
      );
    }
    if (props.durationPercentOfTimeout !== undefined && props.timeoutSeconds === undefined) {
      throw new Error(`FunctionAlarms ${this.node.path}: durationPercentOfTimeout needs timeoutSeconds`);
    }
    if (props.timeoutSeconds !== undefined) {
      const timeout = requireWholeNumber(this, 'timeoutSeconds', props.timeoutSeconds, { min: 1, max: LAMBDA_MAX_TIMEOUT_SECONDS });
      const share = props.durationPercentOfTimeout ?? 90;
      if (!(share > 0 && share <= 100))
        throw new Error(`FunctionAlarms ${this.node.path}: durationPercentOfTimeout must be above 0 and at most 100, got ${share}`);
      const limitMs = Math.round(timeout * 1000 * (share / 100));
      this.alarms.push(
        metricAlarm(this, 'Duration', props.topic, {
          alarmName: name('duration-near-timeout'),
          description:
            `The ${props.label} function's p99 duration passed ${share}% of its ${timeout} s timeout (${limitMs} ms): longer runs fail; ` +
            `shorten topic retention or split the query`,
          metric: metric('Duration', 'p99'),
          comparison: 'GreaterThanThreshold',
          threshold: limitMs,
          evaluationPeriods: 1,
          treatMissingData: 'notBreaching',
          missingDataReason: IDLE,
        }),
      );
    }
  }
}
