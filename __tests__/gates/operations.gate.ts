import { policyStatements, resourcesOf } from '../helpers/synth';
import { found, type NamedStack } from '../helpers/all-stacks';

/** The stacks of each variant (dev, prod, dev-serverless, ...), by the part of the name before the slash. */
function variants(stacks: readonly NamedStack[]): Map<string, NamedStack[]> {
  const byVariant = new Map<string, NamedStack[]>();
  for (const s of stacks) {
    const variant = s.name.split('/')[0];
    byVariant.set(variant, [...(byVariant.get(variant) ?? []), s]);
  }
  return byVariant;
}

/** Every Lambda function of a variant by name: ours, and the connector the SAR stack makes. */
function functionsOf(stacks: readonly NamedStack[]): string[] {
  return stacks.flatMap((s) => [
    ...resourcesOf(s.json, 'aws_lambda_function').map((f) => f.function_name),
    ...resourcesOf(s.json, 'aws_serverlessapplicationrepository_cloudformation_stack').map((c) => c.parameters.LambdaFunctionName),
  ]);
}

export function operationsGate(stacks: readonly NamedStack[]): void {
  describe('operations gate', () => {
    const all = [...variants(stacks)];

    it('has one monitoring stack and one dashboard per environment', () => {
      expect(all.length).toBeGreaterThan(4);
      for (const [variant, parts] of all) {
        const monitoring = parts.filter((p) => p.name.endsWith('/monitoring'));
        expect({
          variant,
          monitoring: monitoring.length,
          dashboards: monitoring.flatMap((m) => resourcesOf(m.json, 'aws_cloudwatch_dashboard')).length,
        }).toEqual({ variant, monitoring: 1, dashboards: 1 });
      }
    });

    it('gives every Lambda function, ours and the connector, an errors alarm', () => {
      for (const [, parts] of all) {
        const monitoring = parts.find((p) => p.name.endsWith('/monitoring'))!;
        const errorAlarms = resourcesOf(monitoring.json, 'aws_cloudwatch_metric_alarm').filter(
          (a) => a.namespace === 'AWS/Lambda' && a.metric_name === 'Errors',
        );
        for (const fn of found(functionsOf(parts), 'functions')) {
          expect({ fn, errorsAlarm: errorAlarms.some((a) => a.dimensions.FunctionName === fn) }).toEqual({ fn, errorsAlarm: true });
        }
      }
    });

    it("makes every alarm notify the environment's topic when it fires and when it clears, with actions enabled", () => {
      for (const [variant, parts] of all) {
        const monitoring = parts.find((p) => p.name.endsWith('/monitoring'))!;
        const [topic] = resourcesOf(monitoring.json, 'aws_sns_topic');
        const arn = `\${${topic.address}.arn}`;
        const alarms = found(
          parts.flatMap((p) => resourcesOf(p.json, 'aws_cloudwatch_metric_alarm').map((a) => ({ ...a, stack: p.name }))),
          `${variant} alarms`,
        );
        for (const a of alarms) {
          expect({ alarm: `${a.stack} ${a.alarm_name}`, enabled: a.actions_enabled, onAlarm: a.alarm_actions, onOk: a.ok_actions }).toEqual({
            alarm: `${a.stack} ${a.alarm_name}`,
            enabled: true,
            onAlarm: [arn],
            onOk: [arn],
          });
          expect(a.treat_missing_data).toMatch(/^(missing|breaching|notBreaching|ignore)$/);
        }
      }
    });

    it('encrypts every alert topic with a key of its own stack that CloudWatch alarms may use', () => {
      for (const s of stacks) {
        for (const topic of resourcesOf(s.json, 'aws_sns_topic')) {
          const keyAddress = /^\$\{(aws_kms_key\.[^.]+)\.arn\}$/.exec(topic.kms_master_key_id ?? '')?.[1];
          const key = resourcesOf(s.json, 'aws_kms_key').find((k) => k.address === keyAddress);
          const cloudwatchMayUse = key
            ? policyStatements(s.json, key.policy).some(
                (st: { principals?: { identifiers: string[] }[]; actions: string[] }) =>
                  (st.principals ?? []).some((p) => p.identifiers.includes('cloudwatch.amazonaws.com')) &&
                  ['kms:Decrypt', 'kms:GenerateDataKey'].every((a) => st.actions.includes(a)),
              )
            : false;
          expect({ topic: `${s.name} ${topic.address}`, encrypted: Boolean(key), cloudwatchMayUse }).toEqual({
            topic: `${s.name} ${topic.address}`,
            encrypted: true,
            cloudwatchMayUse: true,
          });
        }
      }
    });
  });
}
