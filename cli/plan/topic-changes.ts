import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetFunctionConfigurationCommand, InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { isEmptyPlan, valueText, type TopicPlan } from '../../core/kafka/topic-plan';
import { createText, planSections, refusalText } from '../../core/kafka/topic-plan-text';
import { specValue, topicsRequestSchema, type TopicsRequest } from '../../core/kafka/topic-spec';
import { describeAwsError, isAccessDenied, isNotFound } from '../lib/aws/errors';
import type { SynthesizedStack } from '../lib/terraform/stacks';

/*
 * The Kafka part of a pull request's plan. Terraform shows the topics function's
 * invocation only as its input JSON; what that input does depends on the topics
 * as the cluster has them. So the plan asks the deployed topics planner (the
 * topics function's code with describe-only rights), in a dry run, with exactly
 * the input the apply will send: it runs where the cluster is reachable
 * (private subnets, IAM auth) and reads the topics with the deployed code.
 * When the pull request changes that code, the apply runs the new code, so
 * the summary says the plan came from the code being replaced. When it cannot
 * be asked, the summary says so and lists what the declaration names, never
 * "no change".
 */

/** The planner's deployed code against the code this change deploys (Lambda's CodeSha256, base64 SHA-256 of the zip). */
export interface PlannerCode {
  readonly deployed: string;
  readonly proposed: string;
}

export type TopicsCheck =
  | { readonly kind: 'planned'; readonly functionName: string; readonly plan: TopicPlan; readonly code?: PlannerCode }
  | { readonly kind: 'not-asked'; readonly functionName: string; readonly reason: string; readonly request: TopicsRequest }
  | { readonly kind: 'unmanaged' };

/** The topics request the apply will send: the input of the environment's aws_lambda_invocation, as synthesized. */
export function synthesizedTopicsRequest(stacks: readonly SynthesizedStack[]): TopicsRequest | undefined {
  for (const { dir } of stacks) {
    const file = join(dir, 'cdk.tf.json');
    if (!existsSync(file)) continue;
    const invocations =
      (JSON.parse(readFileSync(file, 'utf8')) as { resource?: { aws_lambda_invocation?: Record<string, { input: string }> } }).resource
        ?.aws_lambda_invocation ?? {};
    for (const { input } of Object.values(invocations)) {
      const request = topicsRequestSchema.safeParse(JSON.parse(input));
      if (request.success) return request.data;
    }
  }
  return undefined;
}

/** The code hash (source_code_hash) the synthesized stacks give the function named `functionName`. */
export function synthesizedCodeHash(stacks: readonly SynthesizedStack[], functionName: string): string | undefined {
  for (const { dir } of stacks) {
    const file = join(dir, 'cdk.tf.json');
    if (!existsSync(file)) continue;
    const functions =
      (JSON.parse(readFileSync(file, 'utf8')) as { resource?: { aws_lambda_function?: Record<string, { function_name?: string; source_code_hash?: string }> } })
        .resource?.aws_lambda_function ?? {};
    const found = Object.values(functions).find((f) => f.function_name === functionName);
    if (found?.source_code_hash) return found.source_code_hash;
  }
  return undefined;
}

/**
 * Asks the deployed topics function for its plan of `request`; a failure becomes the reason the cluster was not asked.
 * With `proposedCode` (the code hash this change deploys), the deployed code's hash is read too, to tell whether
 * the plan was decided by the code the apply will run.
 */
export async function askTopicsFunction(lambda: LambdaClient, functionName: string, request: TopicsRequest, proposedCode?: string): Promise<TopicsCheck> {
  const notAsked = (reason: string): TopicsCheck => ({ kind: 'not-asked', functionName, reason, request });
  let response;
  try {
    response = await lambda.send(new InvokeCommand({ FunctionName: functionName, Payload: Buffer.from(JSON.stringify({ ...request, dryRun: true })) }));
  } catch (err) {
    if (isNotFound(err))
      return notAsked(`the topics planner ${functionName} is not deployed yet (a first deploy, or the first since plans ask it), so no topic could be read`);
    if (isAccessDenied(err))
      return notAsked(
        `the plan's credentials may not invoke ${functionName}; give them lambda:InvokeFunction on that function (docs/deploying.md, "Kafka in the plan")`,
      );
    return notAsked(describeAwsError(err, 'Lambda'));
  }
  const payload = response.Payload ? Buffer.from(response.Payload).toString('utf8') : '';
  if (response.FunctionError) {
    let message = payload;
    try {
      const body = JSON.parse(payload) as { errorType?: string; errorMessage?: string };
      message = `${body.errorType ?? 'Error'}: ${body.errorMessage ?? payload}`;
    } catch {
      // not JSON: shown as it came
    }
    return notAsked(`${functionName} failed: ${message}`);
  }
  const result = JSON.parse(payload) as { plan?: TopicPlan; dryRun?: boolean };
  if (!result.plan || result.dryRun !== true) return notAsked(`${functionName} answered without a dry-run plan`);
  const planned = { kind: 'planned' as const, functionName, plan: result.plan };
  if (!proposedCode) return planned;
  // Credentials that may invoke the planner but not read its configuration: the plan stands, unqualified.
  const deployed = await lambda
    .send(new GetFunctionConfigurationCommand({ FunctionName: functionName }))
    .then((c) => c.CodeSha256)
    .catch(() => undefined);
  return deployed && deployed !== proposedCode ? { ...planned, code: { deployed, proposed: proposedCode } } : planned;
}

/** What the summary says when the plan came from code this change replaces. */
function codeChangeLines(code: PlannerCode | undefined): string[] {
  if (!code) return [];
  const short = (hash: string) => Buffer.from(hash, 'base64').toString('hex').slice(0, 12);
  return [
    `**This change replaces the topics function's code** (deployed ${short(code.deployed)}, this change ${short(code.proposed)}): ` +
      'the topic changes below were decided by the deployed code, and the apply runs the new code, which decides them again and may decide otherwise. ' +
      'To see what the new code decides, run `npm run topics -- --plan --env ENV --brokers LIST` on this change from a host that reaches the cluster.',
    '',
  ];
}

/** The summary's opening lines: topic changes the apply would refuse (it then fails at the topics function). */
export function topicRefusals(check: TopicsCheck | undefined): string[] {
  if (check?.kind !== 'planned' || check.plan.refused.length === 0) return [];
  return [
    '### Kafka topic changes that would be refused',
    '',
    'The topics function refuses these before changing any topic, so `terraform apply` fails at its invocation:',
    '',
    ...check.plan.refused.map((r) => `- ${refusalText(r)}`),
    '',
  ];
}

/** The section on Kafka topics: what the apply changes on the cluster, or why that is not known. */
export function topicSection(check: TopicsCheck | undefined): string[] {
  if (!check) return [];
  if (check.kind === 'unmanaged') return ['_Kafka topics: not managed in this environment (topics.manage is false); the deploy changes no topic._', ''];
  if (check.kind === 'planned') {
    const { plan } = check;
    const head = `### Kafka topics (asked of the cluster by ${check.functionName}, in a dry run)`;
    const code = codeChangeLines(check.code);
    if (isEmptyPlan(plan)) {
      const kept = plan.kept.length > 0 ? `; ${plan.kept.length} setting(s) of existing topics differ from the defaults and are kept (below)` : '';
      const lines = [head, '', ...code, `No topic changes: ${plan.unchanged.length} topic(s) as declared${kept}.`, ''];
      return plan.kept.length > 0
        ? [...lines, ...planSections(plan).flatMap((s) => [`${capital(s.heading)}:`, '', ...s.lines.map((l) => `- ${l}`), ''])]
        : lines;
    }
    return [
      head,
      '',
      ...code,
      ...planSections(plan)
        .filter((s) => !s.heading.startsWith('refused'))
        .flatMap((s) => [`${capital(s.heading)}:`, '', ...s.lines.map((l) => `- ${l}`), '']),
      ...(plan.unchanged.length > 0 ? [`Unchanged: ${plan.unchanged.join(', ')}.`, ''] : []),
    ];
  }
  const named = check.request.topics.flatMap((t) =>
    (t.declared ?? []).map((s) => {
      const confirmed = t.confirmed?.[s] !== undefined ? ' (a confirmed irreversible change, if the topic has another value)' : '';
      return `- ${t.topic}: ${s} ${valueText(s, specValue(t, s)!)}${confirmed}`;
    }),
  );
  return [
    '### Kafka topics: the cluster could not be asked',
    '',
    `**Topic changes are not known.** ${capital(check.reason)}.`,
    '',
    'What the apply does with this declaration: a declared topic that does not exist is created as below; an existing topic keeps every setting except those topics.overrides names.',
    '',
    'Created if missing:',
    '',
    ...check.request.topics.map((t) => `- ${createText(t).replace(': created with ', ': ')}`),
    '',
    ...(named.length > 0
      ? ['Set on existing topics (topics.overrides):', '', ...named, '']
      : ['topics.overrides names no setting: existing topics are left as they are.', '']),
    'To see the exact changes, run `npm run topics -- --plan --env ENV --brokers LIST` from a host that reaches the cluster.',
    '',
  ];
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
