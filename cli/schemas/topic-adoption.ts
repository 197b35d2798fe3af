import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Kafka } from 'kafkajs';
import { configLabel, loadEnvironmentConfig } from '../../config/load';
import type { EnvironmentConfig } from '../../config/schema';
import { HOUR_MS, overrideEntry, SETTING_OF, type OverrideKey } from '../../core/kafka/topic-overrides';
import { valueText, type TopicState } from '../../core/kafka/topic-plan';
import { PROJECT_ROOT } from '../../core/project-root';
import type { TopicSetting } from '../../core/kafka/topic-spec';
import { readTopicState } from '../../functions/topics/reconcile';

/*
 * Onboarding a topic a team already has: its settings are read and written
 * into `topics.overrides.<topic>` of the environment's config wherever they
 * differ from what the environment gives new topics, so the declaration says
 * what the topic is, a later edit of it shows in the pull request (and a cut
 * needs a confirmation), and an environment where the topic is new gets it
 * alike. The topics function would leave the topic's settings alone anyway;
 * recording them makes that explicit.
 */

/** The settings onboarding records: what decides which records a topic keeps and where they go. */
const RECORDED: readonly TopicSetting[] = ['partitions', 'retention.ms', 'retention.bytes', 'cleanup.policy'];

/** What a new topic gets in this environment, by setting, when the configuration names nothing for it. */
function forNewTopics(config: EnvironmentConfig): Partial<Record<TopicSetting, string>> {
  return {
    partitions: String(config.topics.defaultPartitions),
    'retention.ms': String(config.topics.defaultRetentionHours * HOUR_MS),
    'retention.bytes': '-1',
    'cleanup.policy': 'delete',
  };
}

function currentOf(state: TopicState, setting: TopicSetting): string | undefined {
  return setting === 'partitions' ? String(state.partitions) : state.configs[setting as keyof TopicState['configs']];
}

export interface Adoption {
  readonly lines: string[];
}

/**
 * Reads `topic`'s settings and records those that differ from the environment's
 * defaults in config/<env>.json (only with `record`: a local broker's topics are
 * not the cluster's). A setting the config already names with another value is
 * reported, never overwritten: changing it is the team's decision.
 */
export async function adoptTopic(kafka: Kafka, topic: string, env: string, record: { write: boolean; why?: string }): Promise<Adoption> {
  const admin = kafka.admin();
  await admin.connect();
  let state: TopicState | undefined;
  try {
    state = (await readTopicState(admin, [topic])).get(topic);
  } finally {
    await admin.disconnect();
  }
  if (!state) return { lines: [] };
  const config = loadEnvironmentConfig(env);
  const label = configLabel(env);
  const named = (config.topics.overrides[topic] ?? {}) as Record<string, unknown>;
  const defaults = forNewTopics(config);
  const shown = RECORDED.map((s) => `${s} ${valueText(s, currentOf(state!, s) ?? '?')}`).join(', ');
  const lines = [`topic ${topic}: ${shown}`];

  const toRecord: [OverrideKey, number | string][] = [];
  for (const setting of RECORDED) {
    const value = currentOf(state, setting);
    if (value === undefined) continue;
    const [key, configValue] = overrideEntry(setting, value);
    const sameSetting = Object.keys(named).filter((k) => SETTING_OF[k as OverrideKey] === setting);
    if (sameSetting.length > 0) {
      const declared = sameSetting.map((k) => `"${k}": ${JSON.stringify(named[k])}`).join(', ');
      const matches = sameSetting.some((k) => k === key && named[k] === configValue);
      if (!matches) {
        lines.push(
          `  warning: ${label} topics.overrides.${topic} names ${declared} but the topic has ${valueText(setting, value)}: ` +
            `the next deploy would change it (refused if it loses records, unless confirmed); write "${key}": ${JSON.stringify(configValue)} to keep it`,
        );
      }
      continue;
    }
    if (defaults[setting] !== value) toRecord.push([key, configValue]);
  }
  // A topic that holds records is a team's: generated records would mix with them.
  const teamTopic = state.holdsRecords && named.sampleRecords === undefined;
  if (toRecord.length === 0 && !teamTopic) {
    lines.push(
      `  nothing to record: the settings that decide its records match what ${env} gives new topics, and an existing topic keeps its settings at deploy`,
    );
    return { lines };
  }
  const entry: Record<string, number | string | boolean> = { ...Object.fromEntries(toRecord), ...(teamTopic ? { sampleRecords: false } : {}) };
  // Only the keys: pasted over a whole document they would drop what the file already says.
  const snippet = JSON.stringify(entry);
  if (!record.write) {
    lines.push(`  not recorded (${record.why}); to declare the topic as it is, add these keys to topics.overrides.${topic} in config/${env}.json: ${snippet}`);
    return { lines };
  }
  const file = join(PROJECT_ROOT, 'config', `${env}.json`);
  const before = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  type ConfigFile = { topics?: { overrides?: Record<string, Record<string, unknown>> } } & Record<string, unknown>;
  const json: ConfigFile = before === undefined ? {} : JSON.parse(before);
  const overrides = ((json.topics ??= {}).overrides ??= {});
  overrides[topic] = { ...(overrides[topic] ?? {}), ...entry };
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  try {
    loadEnvironmentConfig(env);
  } catch (err) {
    // Never leave a config behind that synth refuses.
    if (before === undefined) rmSync(file);
    else writeFileSync(file, before);
    throw err;
  }
  const settings = toRecord.length > 0;
  lines.push(
    `  recorded in ${relative(PROJECT_ROOT, file)}: topics.overrides.${topic} ${JSON.stringify(entry)}` +
      (settings
        ? ` (settings where they differ from what ${env} gives new topics), so the next deploy changes nothing on ${topic} and a later change of them shows in review`
        : ''),
  );
  if (teamTopic)
    lines.push(`  sampleRecords false: ${topic} holds a team's records, so the sample producer and npm run produce write no generated record to it`);
  return { lines };
}
