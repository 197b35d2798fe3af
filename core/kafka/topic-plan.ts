import { normalCleanupPolicy, overrideText } from './topic-overrides';
import { MANAGED_CONFIGS, specValue, TOPIC_SETTINGS, type ManagedConfig, type TopicSetting, type TopicSpec } from './topic-spec';

/*
 * What a topics run would change, decided before anything is changed. A topic
 * that exists keeps every setting the configuration does not name for it. A
 * named setting that differs is changed, unless the change cannot be undone:
 * lower retention, another cleanup.policy, more partitions on a topic holding
 * records, a higher min.insync.replicas. Those need a confirmation in the
 * configuration that repeats the value they set; without it they are refused,
 * with what would be lost and the fix. What Kafka cannot do at all (fewer
 * partitions, another replication factor) is refused whatever is confirmed.
 */

/** A topic as the cluster has it. */
export interface TopicState {
  readonly topic: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  /** The managed configs in force (the broker's default where the topic sets none). */
  readonly configs: Readonly<Partial<Record<ManagedConfig, string>>>;
  /** Whether any partition holds a record; unknown counts as holding. */
  readonly holdsRecords?: boolean;
  /** The fewest in-sync replicas of any of its partitions. */
  readonly fewestInSync?: number;
}

export interface TopicChange {
  readonly topic: string;
  readonly setting: TopicSetting;
  readonly from: string;
  readonly to: string;
  /** What the change does that cannot be undone (set when it needed, and had, a confirmation). */
  readonly consequence?: string;
}

export interface TopicRefusal extends TopicChange {
  /** Why it is refused: what would be lost, or why Kafka cannot do it. */
  readonly consequence: string;
  readonly fix: string;
  /** Kafka cannot make this change at all; no confirmation helps. */
  readonly impossible: boolean;
}

/** A setting of an existing topic that differs from what a new topic gets, kept because the configuration names none for it. */
export interface KeptSetting {
  readonly topic: string;
  readonly setting: TopicSetting;
  readonly current: string;
  readonly forNewTopics: string;
}

export interface TopicPlan {
  readonly create: TopicSpec[];
  readonly changes: TopicChange[];
  readonly refused: TopicRefusal[];
  readonly kept: KeptSetting[];
  readonly unchanged: string[];
}

export const isEmptyPlan = (p: TopicPlan) => p.create.length + p.changes.length + p.refused.length === 0;

const DAY_MS = 86_400_000;
const UNITS_MS: [number, string][] = [
  [DAY_MS, 'd'],
  [3_600_000, 'h'],
  [60_000, 'min'],
  [1_000, 's'],
];

/** 2592000000 -> "30 d"; -1 -> "unlimited". */
export function durationText(ms: string): string {
  const n = Number(ms);
  if (n < 0) return 'unlimited';
  const unit = UNITS_MS.find(([size]) => n >= size && n % size === 0);
  return unit ? `${n / unit[0]} ${unit[1]}` : `${n} ms`;
}

/** 1073741824 -> "1 GiB"; -1 -> "unlimited". */
export function bytesText(bytes: string): string {
  const n = Number(bytes);
  if (n < 0) return 'unlimited';
  const unit = (
    [
      [2 ** 40, 'TiB'],
      [2 ** 30, 'GiB'],
      [2 ** 20, 'MiB'],
      [2 ** 10, 'KiB'],
    ] as [number, string][]
  ).find(([size]) => n >= size && n % size === 0);
  return unit ? `${n / unit[0]} ${unit[1]}` : `${n} bytes`;
}

/** A setting's value as a reviewer reads it. */
export function valueText(setting: TopicSetting, value: string): string {
  if (setting === 'retention.ms') return durationText(value);
  if (setting === 'retention.bytes') return bytesText(value);
  return value;
}

/** -1 (unlimited) compares above every limit. */
const limit = (value: string) => (Number(value) < 0 ? Infinity : Number(value));

type Verdict = { kind: 'change' } | { kind: 'confirm'; consequence: string } | { kind: 'impossible'; consequence: string; fix: string };

function cleanupConsequence(from: string, to: string): string {
  const had = new Set(from.split(','));
  const has = new Set(to.split(','));
  const parts: string[] = [];
  if (has.has('compact') && !had.has('compact')) {
    parts.push('compaction keeps only the newest record of each key (older records of a key are deleted) and refuses records without a key');
  }
  if (had.has('compact') && !has.has('compact')) parts.push('the newest record of each key is no longer kept for ever');
  if (has.has('delete') && !had.has('delete')) parts.push('records older than retention.ms are deleted whatever their key');
  if (had.has('delete') && !has.has('delete')) parts.push('records are no longer deleted by age, so the topic grows with its keys');
  return parts.join('; ');
}

function judge(setting: TopicSetting, from: string, to: string, have: TopicState): Verdict {
  switch (setting) {
    case 'partitions': {
      if (Number(to) < Number(from)) {
        return { kind: 'impossible', consequence: 'Kafka cannot remove partitions', fix: `declare ${from} or more, or make a new topic` };
      }
      if (have.holdsRecords === false) return { kind: 'change' };
      return {
        kind: 'confirm',
        consequence:
          'keys move to other partitions: records of a key written after the change land in another partition than those before, ' +
          'so consumers lose per-key order',
      };
    }
    case 'replication.factor':
      return {
        kind: 'impossible',
        consequence: 'changing the replication factor needs a partition reassignment, which the topics function does not do',
        fix: `declare ${from}, or reassign the partitions with kafka-reassign-partitions.sh and then declare the new factor`,
      };
    case 'retention.ms':
      if (limit(to) >= limit(from)) return { kind: 'change' };
      return {
        kind: 'confirm',
        consequence: `records older than ${durationText(to)} are deleted within minutes (Kafka's retention check); today the topic keeps ${durationText(from)}`,
      };
    case 'retention.bytes':
      if (limit(to) >= limit(from)) return { kind: 'change' };
      return {
        kind: 'confirm',
        consequence: `each partition keeps only its newest ${bytesText(to)} (today ${bytesText(from)}); older records are deleted within minutes`,
      };
    case 'cleanup.policy':
      return { kind: 'confirm', consequence: cleanupConsequence(from, to) };
    case 'min.insync.replicas': {
      const rf = have.replicationFactor;
      if (Number(to) > rf) {
        return {
          kind: 'impossible',
          consequence: `exceeds the topic's replication factor ${rf}: producers that wait for all in-sync replicas could never write`,
          fix: `declare at most ${rf}`,
        };
      }
      if (Number(to) <= Number(from)) return { kind: 'change' };
      const now =
        have.fewestInSync !== undefined && have.fewestInSync < Number(to)
          ? `; a partition has only ${have.fewestInSync} in sync now, so they fail at once`
          : '';
      return {
        kind: 'confirm',
        consequence:
          `producers that wait for all in-sync replicas (acks=all, as the producer function does) fail whenever a partition has fewer than ${to} in sync: ` +
          `${rf - Number(to)} of ${rf} replicas may be down, not ${rf - Number(from)}${now}`,
      };
    }
  }
}

/** The value in force, for comparison (cleanup.policy in one spelling). */
function comparable(setting: TopicSetting, value: string): string {
  return setting === 'cleanup.policy' ? normalCleanupPolicy(value) : value;
}

function currentValue(have: TopicState, setting: TopicSetting): string | undefined {
  if (setting === 'partitions') return String(have.partitions);
  if (setting === 'replication.factor') return String(have.replicationFactor);
  return have.configs[setting];
}

function confirmFix(topic: string, setting: TopicSetting, from: string, to: string): string {
  return (
    `if this is wanted, confirm it with "confirm": { ${overrideText(setting, to)} } in topics.overrides.${topic}; ` +
    `to keep the topic as it is, declare ${overrideText(setting, from)} there or name no ${overrideText(setting, to).split(':')[0]}`
  );
}

/**
 * What it takes to make the cluster match the declaration, never throwing:
 * refusals are part of the plan (a run refuses them all before changing anything).
 * `brokers`, when known, refuses new topics with more replicas than brokers.
 */
export function planTopics(desired: readonly TopicSpec[], current: ReadonlyMap<string, TopicState>, brokers?: number): TopicPlan {
  const plan = { create: [] as TopicSpec[], changes: [] as TopicChange[], refused: [] as TopicRefusal[], kept: [] as KeptSetting[], unchanged: [] as string[] };
  for (const want of desired) {
    const have = current.get(want.topic);
    if (!have) {
      const rf = want.replicationFactor;
      if (brokers !== undefined && rf !== undefined && rf > brokers) {
        plan.refused.push({
          topic: want.topic,
          setting: 'replication.factor',
          from: '',
          to: String(rf),
          consequence: `a new topic with replication factor ${rf} needs ${rf} brokers and the cluster has ${brokers}`,
          fix: `declare at most ${brokers}, or add brokers`,
          impossible: true,
        });
      } else plan.create.push(want);
      continue;
    }
    let changed = false;
    for (const setting of TOPIC_SETTINGS) {
      const to = specValue(want, setting);
      const from = currentValue(have, setting);
      if (to === undefined || from === undefined || comparable(setting, to) === comparable(setting, from)) continue;
      if (!want.declared?.includes(setting)) {
        plan.kept.push({ topic: want.topic, setting, current: from, forNewTopics: to });
        continue;
      }
      const verdict = judge(setting, from, to, have);
      const change = { topic: want.topic, setting, from, to };
      if (verdict.kind === 'change') plan.changes.push(change);
      else if (verdict.kind === 'impossible') plan.refused.push({ ...change, consequence: verdict.consequence, fix: verdict.fix, impossible: true });
      else if (want.confirmed?.[setting] !== undefined && comparable(setting, want.confirmed[setting]) === comparable(setting, to)) {
        plan.changes.push({ ...change, consequence: verdict.consequence });
      } else plan.refused.push({ ...change, consequence: verdict.consequence, fix: confirmFix(want.topic, setting, from, to), impossible: false });
      changed = true;
    }
    if (!changed) plan.unchanged.push(want.topic);
  }
  return plan;
}

/** The configs to send when altering `topic`: its own dynamic configs with the plan's changes laid over them. */
export function configsAfter(plan: TopicPlan, topic: string, dynamic: Readonly<Record<string, string>>): Record<string, string> | undefined {
  const changes = plan.changes.filter((c) => c.topic === topic && (MANAGED_CONFIGS as readonly string[]).includes(c.setting));
  if (changes.length === 0) return undefined;
  return { ...dynamic, ...Object.fromEntries(changes.map((c) => [c.setting, c.to])) };
}
