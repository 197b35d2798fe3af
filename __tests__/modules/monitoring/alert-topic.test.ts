import { AlertTopic } from '../../../modules/monitoring/alert-topic';
import { bareStack, policyStatements, resourcesOf, synthJson } from '../construct-stack';

describe('AlertTopic', () => {
  it('encrypts the topic with a rotating key of its own that CloudWatch alarms may use', () => {
    const stack = bareStack();
    new AlertTopic(stack, 'Alerts', { topicName: 'dev-alerts' });
    const json = synthJson(stack);
    const [topic] = resourcesOf(json, 'aws_sns_topic');
    const [key] = resourcesOf(json, 'aws_kms_key');
    expect(topic).toMatchObject({ name: 'dev-alerts', kms_master_key_id: `\${${key.address}.arn}` });
    expect(key).toMatchObject({ enable_key_rotation: true, lifecycle: { prevent_destroy: true } });
    expect(resourcesOf(json, 'aws_kms_alias')).toEqual([expect.objectContaining({ name: 'alias/dev-alerts' })]);
    const cloudwatch = policyStatements(json, key.policy).find((s) => s.sid === 'CloudWatchAlarmsPublishToEncryptedTopics');
    expect(cloudwatch).toMatchObject({
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      principals: [{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com'] }],
    });
  });

  it("lets only this account's alarms publish, and denies publishing over plain HTTP", () => {
    const stack = bareStack();
    new AlertTopic(stack, 'Alerts', { topicName: 'dev-alerts' });
    const json = synthJson(stack);
    const [topic] = resourcesOf(json, 'aws_sns_topic');
    const [policy] = resourcesOf(json, 'aws_sns_topic_policy');
    expect(policy.arn).toBe(`\${${topic.address}.arn}`);
    const statements = policyStatements(json, policy.policy);
    const alarms = statements.find((s) => s.sid === 'CloudWatchAlarmsOfThisAccountPublish');
    expect(alarms.condition.map((c: { variable: string }) => c.variable).sort()).toEqual(['aws:SourceAccount', 'aws:SourceArn']);
    expect(alarms.condition.find((c: { variable: string }) => c.variable === 'aws:SourceArn').values[0]).toMatch(/:cloudwatch:eu-west-1:.+:alarm:\*$/);
    expect(statements.find((s) => s.sid === 'DenyPlainHttp')).toMatchObject({
      effect: 'Deny',
      condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
    });
    for (const s of statements) expect(s.resources).toEqual([`\${${topic.address}.arn}`]);
  });

  it('subscribes each email address, and nothing else', () => {
    const stack = bareStack();
    const alerts = new AlertTopic(stack, 'Alerts', { topicName: 'dev-alerts', emails: ['ops@example.com', 'Kafka.Team@example.org'] });
    const subs = resourcesOf(synthJson(stack), 'aws_sns_topic_subscription');
    expect(subs.map((s) => [s.protocol, s.endpoint]).sort()).toEqual([
      ['email', 'Kafka.Team@example.org'],
      ['email', 'ops@example.com'],
    ]);
    for (const s of subs) expect(s.topic_arn).toBe('${aws_sns_topic.Alerts_91F83244.arn}');
    expect(alerts.topicArn).toBeDefined();
  });

  it("adopts a team's topic: no topic, key or policy, only the subscriptions added to it", () => {
    const stack = bareStack();
    const arn = 'arn:aws:sns:eu-west-1:111122223333:team-alerts';
    const topic = AlertTopic.fromTopicArn(stack, 'Alerts', arn);
    topic.addEmailSubscription('ops@example.com');
    const json = synthJson(stack);
    expect(topic.topicArn).toBe(arn);
    for (const type of ['aws_sns_topic', 'aws_kms_key', 'aws_sns_topic_policy']) expect(resourcesOf(json, type)).toEqual([]);
    expect(resourcesOf(json, 'aws_sns_topic_subscription')).toEqual([
      expect.objectContaining({ topic_arn: arn, protocol: 'email', endpoint: 'ops@example.com' }),
    ]);
  });

  it('refuses a topic name SNS would refuse, a repeated address and one that is not an address', () => {
    expect(() => new AlertTopic(bareStack(), 'Alerts', { topicName: 'dev alerts' })).toThrow(
      'AlertTopic test/Alerts: topicName must be 1-256 of A-Z, a-z, 0-9, - and _, got "dev alerts"',
    );
    expect(() => new AlertTopic(bareStack(), 'Alerts', { topicName: 'a', emails: ['x@example.com', 'X@example.com'] })).toThrow(
      'emails lists X@example.com twice',
    );
    expect(() => new AlertTopic(bareStack(), 'Alerts', { topicName: 'a', emails: ['ops'] })).toThrow('emails must be email addresses, got "ops"');
  });
});
