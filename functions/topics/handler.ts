import { ConfigurationError } from '../shared/errors';
import { createKafka } from '../shared/kafka-client';
import { kafkaSettingsFromEnv } from '../shared/settings';
import { ensureTopics } from './reconcile';
import { topicsRequestSchema } from '../../core/kafka/topic-spec';
import type { TopicPlan } from '../../core/kafka/topic-plan';
import { describePlan, planLines } from '../../core/kafka/topic-plan-text';

export interface TopicsResult {
  readonly summary: string;
  readonly plan: TopicPlan;
  /** True when nothing was changed: the request asked only for the plan. */
  readonly dryRun: boolean;
}

/**
 * Invoked by Terraform (aws_lambda_invocation) with the declared topics: makes
 * them so, or throws (failing the apply) when a change is refused, before
 * anything is changed. `npm run plan` invokes its read-only twin (the same
 * code with TOPICS_MODE=plan) with `dryRun` to show the pull request what the
 * apply would do against the live cluster.
 */
export async function handler(event: unknown): Promise<TopicsResult> {
  const request = topicsRequestSchema.safeParse(event);
  if (!request.success) {
    throw new ConfigurationError(request.error.issues.map((i) => `event.${i.path.join('.')}: ${i.message}`));
  }
  const dryRun = request.data.dryRun === true;
  // The planner's role may only describe topics: it says so plainly instead of failing on a denied alter.
  if (process.env.TOPICS_MODE === 'plan' && !dryRun) {
    throw new ConfigurationError(['event.dryRun: this function only plans (TOPICS_MODE=plan); send "dryRun": true, or invoke the topics function to apply']);
  }
  const admin = createKafka(kafkaSettingsFromEnv()).admin();
  await admin.connect();
  try {
    const plan = await ensureTopics(admin, request.data.topics, { dryRun });
    const summary = describePlan(plan);
    console.log(JSON.stringify({ level: 'INFO', message: `topics${dryRun ? ' (dry run, nothing changed)' : ''}: ${summary}`, plan: planLines(plan) }));
    return { summary, plan, dryRun };
  } finally {
    await admin.disconnect();
  }
}
