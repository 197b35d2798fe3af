import { QueryAlarms } from '../../../modules/monitoring/query-alarms';
import { bareStack, resourcesOf, synthJson } from '../construct-stack';

const topic = { topicArn: 'arn:aws:sns:eu-west-1:111122223333:alerts', addEmailSubscription: () => undefined };

describe('QueryAlarms', () => {
  it("counts the workgroup's queries in state FAILED (samples of TotalExecutionTime) and alarms above the limit", () => {
    const stack = bareStack();
    new QueryAlarms(stack, 'Queries', { workgroupName: 'dev-wg', topic, namePrefix: 'dev', failedQueriesPer5Minutes: 4 });
    expect(resourcesOf(synthJson(stack), 'aws_cloudwatch_metric_alarm')).toEqual([
      expect.objectContaining({
        alarm_name: 'dev-failed-queries',
        namespace: 'AWS/Athena',
        metric_name: 'TotalExecutionTime',
        statistic: 'SampleCount',
        period: 300,
        dimensions: { QueryState: 'FAILED', QueryType: 'DML', WorkGroup: 'dev-wg' },
        threshold: 4,
        comparison_operator: 'GreaterThanThreshold',
        treat_missing_data: 'notBreaching',
        alarm_actions: [topic.topicArn],
      }),
    ]);
  });

  it('refuses a negative or fractional limit', () => {
    expect(() => new QueryAlarms(bareStack(), 'Q', { workgroupName: 'w', topic, namePrefix: 'd', failedQueriesPer5Minutes: -1 })).toThrow(
      'QueryAlarms test/Q: failedQueriesPer5Minutes must be a whole number of at least 0, got -1',
    );
  });
});
