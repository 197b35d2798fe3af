import { isEmptyPlan, planTopics, durationText, bytesText, type TopicState } from '../../../core/kafka/topic-plan';
import { describePlan, planLines } from '../../../core/kafka/topic-plan-text';
import type { TopicSpec } from '../../../core/kafka/topic-spec';

const DAY = 86_400_000;
const spec = (over: Partial<TopicSpec> = {}): TopicSpec => ({
  topic: 'orders',
  partitions: 3,
  replicationFactor: 2,
  configs: { 'retention.ms': String(DAY), 'min.insync.replicas': '1' },
  ...over,
});
const state = (over: Partial<TopicState> = {}): TopicState => ({
  topic: 'orders',
  partitions: 3,
  replicationFactor: 2,
  configs: { 'retention.ms': String(DAY), 'min.insync.replicas': '1', 'retention.bytes': '-1', 'cleanup.policy': 'delete' },
  holdsRecords: true,
  fewestInSync: 2,
  ...over,
});
const current = (...states: TopicState[]) => new Map(states.map((s) => [s.topic, s]));

/** The team's topic of the onboarding story: 1 keyed partition, 30 days kept. */
const ledger = state({ topic: 'team_ledger', partitions: 1, configs: { ...state().configs, 'retention.ms': String(30 * DAY) } });

describe('planTopics: missing topics', () => {
  it('creates them with the environment defaults', () => {
    const plan = planTopics([spec()], current());
    expect(plan.create).toEqual([spec()]);
    expect(describePlan(plan)).toBe('created orders (3 partitions)');
    expect(planLines(plan)).toEqual(['created:', '  orders: created with 3 partitions, replication factor 2, retention.ms 1 d, min.insync.replicas 1']);
  });

  it('refuses more replicas than brokers as part of the plan', () => {
    const plan = planTopics([spec({ replicationFactor: 3 })], current(), 2);
    expect(plan.create).toEqual([]);
    expect(plan.refused).toMatchObject([{ topic: 'orders', impossible: true, fix: 'declare at most 2, or add brokers' }]);
  });
});

describe('planTopics: an existing topic keeps what the configuration does not name', () => {
  it('leaves an onboarded topic as it is, and says which of its settings differ from the defaults', () => {
    const plan = planTopics([spec({ topic: 'team_ledger' })], current(ledger));
    expect(isEmptyPlan(plan)).toBe(true);
    expect(plan.unchanged).toEqual(['team_ledger']);
    expect(plan.kept).toEqual([
      { topic: 'team_ledger', setting: 'partitions', current: '1', forNewTopics: '3' },
      { topic: 'team_ledger', setting: 'retention.ms', current: String(30 * DAY), forNewTopics: String(DAY) },
    ]);
    expect(planLines(plan)).toContain('  team_ledger: retention.ms stays 30 d (topics.overrides names none; new topics get 1 d)');
  });

  it('leaves replication alone where none is named, even when it differs', () => {
    const plan = planTopics([spec()], current(state({ replicationFactor: 3 })));
    expect(isEmptyPlan(plan)).toBe(true);
  });
});

describe('planTopics: named settings', () => {
  it('raises retention and partitions of an empty topic without a confirmation', () => {
    const plan = planTopics(
      [spec({ partitions: 6, configs: { 'retention.ms': String(2 * DAY) }, declared: ['partitions', 'retention.ms'] })],
      current(state({ holdsRecords: false })),
    );
    expect(plan.refused).toEqual([]);
    expect(plan.changes).toEqual([
      { topic: 'orders', setting: 'partitions', from: '3', to: '6' },
      { topic: 'orders', setting: 'retention.ms', from: String(DAY), to: String(2 * DAY) },
    ]);
  });

  it('refuses a retention cut without a confirmation, saying what is lost and how to confirm or keep it', () => {
    const plan = planTopics([spec({ topic: 'team_ledger', declared: ['retention.ms'] })], current(ledger));
    expect(plan.changes).toEqual([]);
    expect(plan.refused).toHaveLength(1);
    const [r] = plan.refused;
    expect(r).toMatchObject({ topic: 'team_ledger', setting: 'retention.ms', from: String(30 * DAY), to: String(DAY), impossible: false });
    expect(r.consequence).toBe("records older than 1 d are deleted within minutes (Kafka's retention check); today the topic keeps 30 d");
    expect(r.fix).toBe(
      'if this is wanted, confirm it with "confirm": { "retentionHours": 24 } in topics.overrides.team_ledger; ' +
        'to keep the topic as it is, declare "retentionHours": 720 there or name no "retentionHours"',
    );
    expect(describePlan(plan)).toBe('refused team_ledger retention.ms');
  });

  it('applies a confirmed retention cut, carrying its consequence into the plan', () => {
    const plan = planTopics([spec({ topic: 'team_ledger', declared: ['retention.ms'], confirmed: { 'retention.ms': String(DAY) } })], current(ledger));
    expect(plan.refused).toEqual([]);
    expect(plan.changes).toEqual([
      expect.objectContaining({ setting: 'retention.ms', to: String(DAY), consequence: expect.stringMatching(/^records older than 1 d are deleted/) }),
    ]);
  });

  it('does not take a confirmation of another value', () => {
    const plan = planTopics([spec({ topic: 'team_ledger', declared: ['retention.ms'], confirmed: { 'retention.ms': String(2 * DAY) } })], current(ledger));
    expect(plan.refused).toHaveLength(1);
  });

  it('refuses more partitions on a topic holding records, since keys move', () => {
    const plan = planTopics([spec({ topic: 'team_ledger', declared: ['partitions'] })], current(ledger));
    expect(plan.refused).toMatchObject([{ setting: 'partitions', from: '1', to: '3', consequence: expect.stringMatching(/^keys move to other partitions/) }]);
    expect(plan.refused[0].fix).toMatch(/"confirm": \{ "partitions": 3 \}/);
  });

  it('counts a topic whose records are unknown as holding records', () => {
    const plan = planTopics([spec({ partitions: 4, declared: ['partitions'] })], current(state({ holdsRecords: undefined })));
    expect(plan.refused).toHaveLength(1);
  });

  it('refuses a lower retention.bytes, and an unlimited one counts as the highest', () => {
    const plan = planTopics([spec({ configs: { 'retention.bytes': String(2 ** 30) }, declared: ['retention.bytes'] })], current(state()));
    expect(plan.refused[0].consequence).toBe('each partition keeps only its newest 1 GiB (today unlimited); older records are deleted within minutes');
    const raise = planTopics([spec({ configs: { 'retention.ms': '-1' }, declared: ['retention.ms'] })], current(state()));
    expect(raise.changes).toEqual([{ topic: 'orders', setting: 'retention.ms', from: String(DAY), to: '-1' }]);
  });

  it('refuses any cleanup.policy change without a confirmation, and reads both spellings of compact,delete as one', () => {
    const toCompact = planTopics([spec({ configs: { 'cleanup.policy': 'compact' }, declared: ['cleanup.policy'] })], current(state()));
    expect(toCompact.refused[0].consequence).toMatch(/^compaction keeps only the newest record of each key/);
    const same = planTopics(
      [spec({ configs: { 'cleanup.policy': 'delete,compact' }, declared: ['cleanup.policy'] })],
      current(state({ configs: { 'cleanup.policy': 'compact,delete' } })),
    );
    expect(isEmptyPlan(same)).toBe(true);
  });

  it('refuses a higher min.insync.replicas unless confirmed, and one above the replication factor always', () => {
    const raise = planTopics([spec({ configs: { 'min.insync.replicas': '2' }, declared: ['min.insync.replicas'] })], current(state({ fewestInSync: 1 })));
    expect(raise.refused[0].consequence).toMatch(
      /fail whenever a partition has fewer than 2 in sync: 0 of 2 replicas may be down, not 1; a partition has only 1 in sync now/,
    );
    const over = planTopics(
      [spec({ configs: { 'min.insync.replicas': '3' }, declared: ['min.insync.replicas'], confirmed: { 'min.insync.replicas': '3' } })],
      current(state()),
    );
    expect(over.refused).toMatchObject([{ impossible: true, fix: 'declare at most 2' }]);
    const lower = planTopics(
      [spec({ configs: { 'min.insync.replicas': '1' }, declared: ['min.insync.replicas'] })],
      current(state({ configs: { 'min.insync.replicas': '2' } })),
    );
    expect(lower.changes).toHaveLength(1);
  });

  it('refuses fewer partitions and another replication factor whatever is confirmed', () => {
    const plan = planTopics(
      [
        spec({
          partitions: 1,
          replicationFactor: 3,
          declared: ['partitions', 'replication.factor'],
          confirmed: { partitions: '1', 'replication.factor': '3' },
        }),
      ],
      current(state()),
    );
    expect(plan.refused.map((r) => [r.setting, r.impossible])).toEqual([
      ['partitions', true],
      ['replication.factor', true],
    ]);
    expect(planLines(plan)[1]).toBe('  orders: partitions 3 -> 1 refused: Kafka cannot remove partitions; declare 3 or more, or make a new topic');
  });

  it('lists refused changes first', () => {
    const plan = planTopics([spec({ topic: 'new' }), spec({ topic: 'team_ledger', declared: ['retention.ms'] })], current(ledger));
    expect(planLines(plan)[0]).toBe('refused, nothing will be changed until they are resolved:');
  });
});

describe('value texts', () => {
  it('names durations and sizes in the largest exact unit', () => {
    expect([durationText('2592000000'), durationText('3600000'), durationText('90000'), durationText('1500'), durationText('-1')]).toEqual([
      '30 d',
      '1 h',
      '90 s',
      '1500 ms',
      'unlimited',
    ]);
    expect([bytesText('1073741824'), bytesText('1536'), bytesText('1000'), bytesText('-1')]).toEqual(['1 GiB', '1536 bytes', '1000 bytes', 'unlimited']);
  });
});
