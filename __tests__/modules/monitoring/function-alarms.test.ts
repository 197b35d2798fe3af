import { FunctionAlarms } from '../../../modules/monitoring/function-alarms';
import { bareStack, resourcesOf, synthJson } from '../construct-stack';

const topic = { topicArn: 'arn:aws:sns:eu-west-1:111122223333:alerts', addEmailSubscription: () => undefined };

function alarms(props: Partial<ConstructorParameters<typeof FunctionAlarms>[2]> = {}) {
  const stack = bareStack();
  new FunctionAlarms(stack, 'Fn', { functionName: 'dev-fn', label: 'topics', topic, namePrefix: 'dev', ...props });
  return resourcesOf(synthJson(stack), 'aws_cloudwatch_metric_alarm');
}

describe('FunctionAlarms', () => {
  it('alarms on any error by default, treating a period without invocations as fine', () => {
    expect(alarms()).toEqual([
      expect.objectContaining({
        alarm_name: 'dev-topics-errors',
        namespace: 'AWS/Lambda',
        metric_name: 'Errors',
        statistic: 'Sum',
        threshold: 0,
        dimensions: { FunctionName: 'dev-fn' },
        treat_missing_data: 'notBreaching',
        alarm_actions: [topic.topicArn],
      }),
    ]);
  });

  it('adds throttles and a p99 duration alarm at the given share of the timeout', () => {
    const all = alarms({ label: 'connector', throttles: true, durationPercentOfTimeout: 90, timeoutSeconds: 900 });
    expect(all.map((a) => a.alarm_name).sort()).toEqual(['dev-connector-duration-near-timeout', 'dev-connector-errors', 'dev-connector-throttles']);
    const duration = all.find((a) => a.alarm_name === 'dev-connector-duration-near-timeout');
    expect(duration).toMatchObject({ metric_name: 'Duration', extended_statistic: 'p99', threshold: 810_000 });
    expect(duration.statistic).toBeUndefined();
    expect(alarms({ durationPercentOfTimeout: 50, timeoutSeconds: 60 }).find((a) => a.metric_name === 'Duration').threshold).toBe(30_000);
  });

  it('watches the duration at 90% of the timeout unless told otherwise, and not at all without a timeout', () => {
    expect(alarms({ timeoutSeconds: 100 }).find((a) => a.metric_name === 'Duration').threshold).toBe(90_000);
    expect(alarms({}).some((a) => a.metric_name === 'Duration')).toBe(false);
  });

  it('refuses a duration alarm without a timeout, or a share beyond it', () => {
    expect(() => alarms({ durationPercentOfTimeout: 90 })).toThrow('FunctionAlarms test/Fn: durationPercentOfTimeout needs timeoutSeconds');
    expect(() => alarms({ durationPercentOfTimeout: 0, timeoutSeconds: 60 })).toThrow('durationPercentOfTimeout must be above 0 and at most 100, got 0');
  });
});
