/**
 * `npm run topics -- --local [--env dev] [--plan]`: makes the declared topics
 * exist with their declared settings, with the same code the topics function
 * runs from Terraform, and prints what it changed; `--plan` prints what it would
 * change and changes nothing.
 */
import { configLabel, loadEnvironmentConfig } from '../../config/load';
import { declaredTopics } from '../../config/declared-topics';
import { ensureTopics } from '../../functions/topics/reconcile';
import { TopicChangeRefused } from '../../functions/shared/errors';
import { isEmptyPlan } from '../../core/kafka/topic-plan';
import { planLines } from '../../core/kafka/topic-plan-text';
import type { TopicSpec } from '../../core/kafka/topic-spec';
import { command, UsageError } from '../lib/command';
import { counted, InputError } from '../../core/problems';
import { cliKafka, describeKafkaError, isLocal, KAFKA_OPTIONS, KAFKA_USAGE } from '../lib/kafka/connection';
import { projectRegistries } from '../lib/project/schemas';

const USAGE = `usage: npm run topics -- --local [--env dev] [--plan]
       npm run topics -- --brokers LIST [--env dev] [--plan] [options]
  --local            the local broker (npm run kafka:up), one replica per topic; --auth picks its listener
  --env NAME         environment whose topic settings to apply (default dev)
  --plan             print what a run would change (the plan npm run plan shows), change nothing
${KAFKA_USAGE}
  -h, --help         this text

Missing topics are created with the environment's defaults. An existing topic
keeps every setting topics.overrides.<topic> does not name. A named setting
that would lose records or change their meaning (lower retention, another
cleanup.policy, more partitions on a topic holding records, a higher
min.insync.replicas) needs "confirm" with the same value; without it the run
refuses, changes nothing and exits 1.`;

/** A single local broker holds one replica, so topics are created (and kept) with one. */
function forOneBroker(t: TopicSpec): TopicSpec {
  return { ...t, replicationFactor: 1, configs: { ...t.configs, 'min.insync.replicas': '1' } };
}

export const main = command(
  { name: 'topics', usage: USAGE, options: { env: { type: 'string' }, plan: { type: 'boolean' }, ...KAFKA_OPTIONS } } as const,
  async ({ values }) => {
    if (!isLocal(values) && !values.brokers) throw new UsageError('say which cluster: --local or --brokers LIST');
    const env = values.env ?? 'dev';
    let desired: TopicSpec[];
    try {
      desired = declaredTopics(loadEnvironmentConfig(env), projectRegistries(), configLabel(env));
    } catch (err) {
      // InputError's own heading speaks of synthesis; here no topic was read or changed.
      if (err instanceof InputError)
        throw new InputError(err.problems, `${counted(err.problems.length, 'problem')} in the configuration or the table files, no topic was read or changed:`);
      throw err;
    }
    const topics = isLocal(values) ? desired.map(forOneBroker) : desired;
    const { kafka, brokers } = await cliKafka(values, 'msk-athena-topics');
    const admin = kafka.admin();
    await admin.connect();
    try {
      const dryRun = values.plan === true;
      const plan = await ensureTopics(admin, topics, { dryRun });
      const heading = dryRun ? `topics: plan for ${brokers} (nothing changed)` : `topics: ${brokers}`;
      console.log([heading, ...planLines(plan).map((l) => `  ${l}`)].join('\n'));
      if (isEmptyPlan(plan)) console.log(`topics: no change${dryRun ? ' would be made' : ''}`);
      if (plan.refused.length > 0) {
        console.error(`topics: ${plan.refused.length} refused change(s); a run changes nothing until each is confirmed or withdrawn in ${configLabel(env)}`);
        return 1;
      }
      return 0;
    } catch (err) {
      // The refusals are the plan's own lines: printed with the rest, not as one long error line.
      if (err instanceof TopicChangeRefused) {
        console.error(`topics: ${err.refusals.length} refused change(s), nothing was changed:`);
        for (const line of err.refusals) console.error(`  ${line}`);
        return 1;
      }
      throw err;
    } finally {
      await admin.disconnect();
    }
  },
  describeKafkaError,
);
