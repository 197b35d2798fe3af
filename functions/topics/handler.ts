import { ConfigurationError } from '../shared/errors';
import { createKafka } from '../shared/kafka-client';
import { kafkaSettingsFromEnv } from '../shared/settings';
import { describePlan, ensureTopics, type TopicPlan } from './reconcile';
import { topicsRequestSchema } from '../../core/kafka/topic-spec';

/**
 * Invoked by Terraform (aws_lambda_invocation) with the declared topics, so a
 * plan shows topic changes and an apply makes them. Throws (failing the apply)
 * when a change is refused.
 */
export async function handler(event: unknown): Promise<{ summary: string; plan: TopicPlan }> {
  const request = topicsRequestSchema.safeParse(event);
  if (!request.success) {
    throw new ConfigurationError(request.error.issues.map((i) => `event.${i.path.join('.')}: ${i.message}`));
  }
  const admin = createKafka(kafkaSettingsFromEnv()).admin();
  await admin.connect();
  try {
    const plan = await ensureTopics(admin, request.data.topics);
    const summary = describePlan(plan);
    console.log(JSON.stringify({ level: 'INFO', message: `topics: ${summary}` }));
    return { summary, plan };
  } finally {
    await admin.disconnect();
  }
}
