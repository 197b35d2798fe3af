import { existsSync, readFileSync } from 'node:fs';
import Table from 'cli-table3';
import { DATABASE_OBJECT_NAME } from '../../core/limits';
import { counted } from '../../core/problems';
import { columnName } from '../../core/tables/infer/column-names';
import { UsageError } from '../lib/command';

/*
 * `schemas:infer -- --all`: every topic of a cluster at once. Which schema
 * folder (Glue registry, Athena database) each topic goes to is --database D
 * for all, or a --database-map of topic-name patterns; what happened to each
 * topic ends in one table: written, skipped and why, or failed.
 */

/** Kafka's own topics (__consumer_offsets, __transaction_state), MSK's (__amazon_msk_canary) and registries' (_schemas): not data to query. */
export const isInternalTopic = (topic: string) => topic.startsWith('_');

export interface DatabaseRule {
  /** The pattern as written: `*` stands for any run of characters. */
  readonly pattern: string;
  readonly database: string;
  readonly matches: (topic: string) => boolean;
}

function rule(pattern: string, database: string, from: string): DatabaseRule {
  if (!pattern) throw new UsageError(`${from}: an entry has no topic pattern before "="; write pattern=database, e.g. 'billing.*=sales'`);
  if (!DATABASE_OBJECT_NAME.pattern.test(database)) {
    throw new UsageError(`${from}: database "${database}" (for ${pattern}) is not ${DATABASE_OBJECT_NAME.rule}; use ${columnName(database)}`);
  }
  const regex = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return { pattern, database, matches: (topic) => regex.test(topic) };
}

/**
 * --database-map: `pattern=database` pairs separated by commas (`billing.*=sales,iot-*=telemetry`),
 * or a JSON file of them (`{"billing.*": "sales", "*": "misc"}`). The first pattern that matches a topic wins.
 */
export function parseDatabaseMap(value: string): DatabaseRule[] {
  if (value.endsWith('.json')) {
    if (!existsSync(value))
      throw new UsageError(`--database-map ${value}: no such file; give a JSON file of {"pattern": "database"} or pattern=database pairs`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(value, 'utf8'));
    } catch (err) {
      throw new UsageError(`--database-map ${value}: not JSON (${(err as Error).message}); write {"billing.*": "sales", "*": "misc"}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || Object.values(parsed).some((d) => typeof d !== 'string')) {
      throw new UsageError(`--database-map ${value}: expected an object of topic patterns to database names, e.g. {"billing.*": "sales"}`);
    }
    return Object.entries(parsed as Record<string, string>).map(([p, d]) => rule(p, d, `--database-map ${value}`));
  }
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const at = entry.lastIndexOf('=');
      if (at < 0) throw new UsageError(`--database-map: "${entry}" has no "="; write pattern=database, e.g. 'billing.*=sales'`);
      return rule(entry.slice(0, at).trim(), entry.slice(at + 1).trim(), '--database-map');
    });
}

/** The database a topic goes to: the first matching rule, else --database, else none. */
export function databaseFor(topic: string, rules: readonly DatabaseRule[], fallback: string | undefined): string | undefined {
  return rules.find((r) => r.matches(topic))?.database ?? fallback;
}

export interface TopicOutcome {
  readonly topic: string;
  readonly result: 'wrote' | 'skipped' | 'failed';
  readonly database?: string;
  /** The table file, as shown to the user. */
  readonly file?: string;
  /** JSON, CSV, Avro or Protobuf. */
  readonly format?: string;
  /** Why it was skipped or failed; for a written table, what to know (problems verify found). */
  readonly why?: string;
}

/** The summary of an --all run: one row per topic, then the tally and the exit code (1 when any failed). */
export function summarize(outcomes: readonly TopicOutcome[], internal: readonly string[]): { lines: string[]; code: number } {
  const table = new Table({
    head: ['topic', 'result', 'table file', 'format', 'why'],
    style: { head: [], border: [] },
    wordWrap: true,
    colWidths: [null, null, null, null, 70] as number[],
  });
  for (const o of outcomes) table.push([o.topic, o.result, o.file ?? '', o.format ?? '', o.why ?? '']);
  const n = (r: TopicOutcome['result']) => outcomes.filter((o) => o.result === r).length;
  const left = internal.length > 0 ? `; ${counted(internal.length, 'internal topic')} left out (${internal.join(', ')})` : '';
  const tally = `schemas:infer --all: ${n('wrote')} written, ${n('skipped')} skipped, ${n('failed')} failed of ${counted(outcomes.length, 'topic')}${left}`;
  return { lines: [table.toString(), tally], code: n('failed') > 0 ? 1 : 0 };
}
