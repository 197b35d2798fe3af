import { ADOPTED } from '../helpers/adopted-clusters';
import { onlyResource, resourcesOf, roleStatements, synthEnvironment, type Json, type SynthesizedEnvironment } from '../helpers/synth';

/*
 * The sample producer exists only where producer.enabled: a function that must
 * never run (prod holds real topics) would still hold write grants on every topic.
 */

/** `type.name` of every resource and data source of a stack that is, or points at, the producer. */
function producerParts(stack: Json): string[] {
  return (['resource', 'data'] as const).flatMap((kind) =>
    Object.entries<Record<string, unknown>>(stack[kind] ?? {}).flatMap(([type, byName]) =>
      Object.entries(byName)
        .filter(([name, body]) => /producer/i.test(name + JSON.stringify(body)))
        .map(([name]) => `${type}.${name}`),
    ),
  );
}

const typesOf = (parts: string[]) => [...new Set(parts.map((p) => p.split('.')[0]))].sort();

/** Everything of the producer in any stack of the environment, outputs included. */
const anywhere = (env: SynthesizedEnvironment) =>
  [env.network, env.streaming, env.analytics, env.monitoring].flatMap((stack) => [
    ...producerParts(stack),
    ...Object.keys(stack.output ?? {}).filter((o) => /producer/i.test(o)),
  ]);

const PRODUCER_TYPES = [
  'aws_cloudwatch_event_rule',
  'aws_cloudwatch_event_target',
  'aws_cloudwatch_log_group',
  'aws_iam_policy_document',
  'aws_iam_role',
  'aws_iam_role_policy',
  'aws_lambda_function',
  'aws_lambda_permission',
  'aws_security_group',
  'aws_vpc_security_group_egress_rule',
  'aws_vpc_security_group_ingress_rule',
];

describe('sample producer per environment', () => {
  it('deploys the producer in dev with its function, role, log group, security group, permission and an ENABLED schedule', () => {
    const { streaming } = synthEnvironment();
    expect(typesOf(producerParts(streaming))).toEqual(PRODUCER_TYPES);
    expect(onlyResource(streaming, 'aws_cloudwatch_event_rule').state).toBe('ENABLED');
    expect(
      resourcesOf(streaming, 'aws_lambda_function')
        .map((f) => f.function_name)
        .sort(),
    ).toEqual(['dev-msk-athena-producer', 'dev-msk-athena-topics', 'dev-msk-athena-topics-plan']);
  });

  it.each(['prod', 'staging'])('deploys no producer at all in %s, whose producer is off by default, and keeps the topics function', (env) => {
    const synthesized = synthEnvironment({}, { env });
    expect(anywhere(synthesized)).toEqual([]);
    expect(resourcesOf(synthesized.streaming, 'aws_cloudwatch_event_rule')).toEqual([]);
    expect(resourcesOf(synthesized.streaming, 'aws_lambda_function').map((f) => f.function_name)).toEqual([
      `${env}-msk-athena-topics`,
      `${env}-msk-athena-topics-plan`,
    ]);
  });

  it('deploys no producer in dev with producer.enabled false', () => {
    expect(anywhere(synthEnvironment({ producer: { enabled: false } }))).toEqual([]);
  });

  it('deploys the producer in prod only when its config turns it on', () => {
    const { streaming } = synthEnvironment({ producer: { enabled: true } }, { env: 'prod' });
    expect(typesOf(producerParts(streaming))).toEqual(PRODUCER_TYPES);
    expect(onlyResource(streaming, 'aws_cloudwatch_event_rule').state).toBe('ENABLED');
  });
});

describe('sample producer on an adopted IAM cluster', () => {
  it('deploys no producer by default (the team owns its traffic)', () => {
    expect(anywhere(synthEnvironment(ADOPTED.iam))).toEqual([]);
  });

  it("deploys the producer, scheduled and allowed to write the tables' topics on the adopted cluster, when producer.enabled", () => {
    const { streaming } = synthEnvironment({ ...ADOPTED.iam, producer: { enabled: true } });
    // The brokers' group is given in this example, so the environment adds the producer's ingress rule too.
    expect(typesOf(producerParts(streaming))).toEqual(PRODUCER_TYPES);
    expect(onlyResource(streaming, 'aws_cloudwatch_event_rule').state).toBe('ENABLED');
    expect(onlyResource(streaming, 'aws_lambda_function').function_name).toBe('dev-msk-athena-producer');
    const write = roleStatements(streaming, 'dev-msk-athena-producer-role').find((s: { sid: string }) => s.sid === 'KafkaWriteTopics');
    const topicOf = (topic: string) => `\${replace("${ADOPTED.iam.msk.existing.clusterArn}", ":cluster/", ":topic/")}/${topic}`;
    expect(write.resources).toEqual([topicOf('orders'), topicOf('sensor-readings')]);
  });

  it("never writes to a team's topic (sampleRecords false): no write grant on it, and the others keep theirs", () => {
    const overrides = { ...ADOPTED.iam, producer: { enabled: true }, topics: { manage: false, overrides: { orders: { sampleRecords: false } } } };
    const { streaming } = synthEnvironment(overrides);
    const write = roleStatements(streaming, 'dev-msk-athena-producer-role').find((s: { sid: string }) => s.sid === 'KafkaWriteTopics');
    const topicOf = (topic: string) => `\${replace("${ADOPTED.iam.msk.existing.clusterArn}", ":cluster/", ":topic/")}/${topic}`;
    expect(write.resources).toEqual([topicOf('sensor-readings')]);
  });

  it('refuses a producer with nothing but team topics to write to, naming the key', () => {
    const overrides = {
      ...ADOPTED.iam,
      producer: { enabled: true },
      topics: { manage: false, overrides: { orders: { sampleRecords: false }, 'sensor-readings': { sampleRecords: false } } },
    };
    expect(() => synthEnvironment(overrides)).toThrow(
      "config(dev): producer.enabled: is true, but every topic the tables read is a team's (topics.overrides.<topic>.sampleRecords false): " +
        "the producer would write nothing; set false, or add a table whose topic is the project's own",
    );
  });
});
