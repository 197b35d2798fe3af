/*
 * One tally of records and outcomes for both checkers (JSON/CSV and
 * Avro/Protobuf): how many records Athena returns, skips or cannot read, and
 * per field how many values it returns as written, as NULL, empty or wrong.
 * Of the NULL and empty ones, some are what was written (the writer gave no
 * value: an absent key, a JSON null, an empty column) and the rest are lost:
 * a value Athena shows otherwise, counted by the kind of loss (losses.ts).
 */
import type { LossKind } from './loss-kinds';

/** How many records, reasons or places a report keeps as examples. */
export const FIRST_CASES = 3;

/** Where a record is: enough to fetch it (kafka-console-consumer --partition P --offset O --max-messages 1). */
export interface RecordAt {
  readonly partition: number;
  /** As Kafka clients give it: a decimal string (offsets are 64-bit). */
  readonly offset: string;
}

/** A record whose columns the connector cannot read at all, and why. */
export interface UnreadableRecord extends RecordAt {
  readonly why: string;
}

/** The tombstone that stops its partition: the connector returns no later record of that partition. */
export interface TombstoneRecord extends RecordAt {
  /** Later records of the partition, never returned. */
  skipped: number;
}

export interface FieldReport {
  readonly field: string;
  readonly type: string;
  /** Athena returns the value as written. */
  ok: number;
  /** Athena returns NULL: a missing key or column, or text the type's parser refuses. */
  nulls: number;
  /** Athena returns an empty string: a nested object or array, or an empty column. */
  empties: number;
  /** Athena returns a value, but not the one written. */
  wrong: number;
  /** Of nulls and empties: the writer gave no value and Athena shows none, which is as written. */
  noValue: number;
  /** Values Athena shows otherwise than written: nulls + empties + wrong - noValue. */
  lost: number;
  /** The lost values by kind, in the order first met. */
  readonly losses: LossCount[];
  /** The first reasons of lost values, at most FIRST_CASES. */
  readonly reasons: string[];
  /** The first reasons of values the writer did not give (`key "x" is missing`), at most FIRST_CASES. */
  readonly noValueReasons: string[];
}

export interface LossCount {
  readonly kind: LossKind;
  count: number;
  /** Its first reasons, at most FIRST_CASES. */
  readonly reasons: string[];
}

export interface TopicReport {
  readonly topic: string;
  readonly table: string;
  /** Records read from the topic. */
  records: number;
  /** Null values: the connector stops reading the partition's split at the first one. */
  tombstones: number;
  /** Records after a tombstone in the same partition: Athena never returns them. */
  skipped: number;
  /**
   * Records whose columns cannot be read at all, counted once each and in no
   * field: JSON that is not an object (every column NULL), CSV without any of
   * the table's columns (every column NULL), Avro/Protobuf the deserializer
   * refuses (the whole query fails).
   */
  unreadable: number;
  /** The first unreadable records (FIRST_CASES), where they are and why. */
  readonly unreadableRecords: UnreadableRecord[];
  /** The first tombstones (FIRST_CASES; one per partition at most, as each stops its partition). */
  readonly tombstoneRecords: TombstoneRecord[];
  readonly fields: FieldReport[];
}

/**
 * One record's outcome for one field, as the checkers judge it. `loss` null:
 * the writer gave no value and Athena shows none (NULL or ""), as written.
 */
export type TalliedOutcome = { readonly kind: 'ok' } | { readonly kind: 'null' | 'empty' | 'wrong'; readonly why: string; readonly loss: LossKind | null };

export class RecordTally {
  readonly report: TopicReport;
  private readonly stopped = new Set<number>();
  /** The offset of the next record of each partition, for records given without one. */
  private readonly next = new Map<number, bigint>();

  constructor(topic: string, table: string, fields: readonly { readonly field: string; readonly type: string }[]) {
    this.report = {
      topic,
      table,
      records: 0,
      tombstones: 0,
      skipped: 0,
      unreadable: 0,
      unreadableRecords: [],
      tombstoneRecords: [],
      fields: fields.map((f) => ({
        field: f.field,
        type: f.type,
        ...{ ok: 0, nulls: 0, empties: 0, wrong: 0, noValue: 0, lost: 0 },
        ...{ losses: [], reasons: [], noValueReasons: [] },
      })),
    };
  }

  /**
   * Counts one record (value null: a tombstone) and says where it is, or
   * undefined when the connector never looks at its fields: a tombstone stops
   * the partition's split, so it and every later record there are not returned.
   * Without `offset`, records are taken as their partition read from its start.
   */
  admit(value: unknown, partition: number, offset?: string): RecordAt | undefined {
    const r = this.report;
    const at = { partition, offset: offset ?? String(this.next.get(partition) ?? 0n) };
    this.next.set(partition, BigInt(at.offset) + 1n);
    r.records++;
    if (this.stopped.has(partition)) {
      r.skipped++;
      const tombstone = r.tombstoneRecords.find((t) => t.partition === partition);
      if (tombstone) tombstone.skipped++;
      return undefined;
    }
    if (value === null) {
      r.tombstones++;
      this.stopped.add(partition);
      if (r.tombstoneRecords.length < FIRST_CASES) r.tombstoneRecords.push({ ...at, skipped: 0 });
      return undefined;
    }
    return at;
  }

  /** A record none of whose columns can be read: counted once, with where it is, not once per column. */
  unreadable(at: RecordAt, why: string): void {
    const r = this.report;
    r.unreadable++;
    if (r.unreadableRecords.length < FIRST_CASES) r.unreadableRecords.push({ ...at, why });
  }

  /** Adds one record's outcomes, field by field, keeping the first distinct reasons. */
  outcomes(outcomes: readonly TalliedOutcome[]): void {
    outcomes.forEach((o, i) => {
      const f = this.report.fields[i];
      if (o.kind === 'ok') {
        f.ok++;
        return;
      }
      if (o.kind === 'null') f.nulls++;
      else if (o.kind === 'empty') f.empties++;
      else f.wrong++;
      if (o.loss === null) {
        f.noValue++;
        keep(f.noValueReasons, o.why);
        return;
      }
      f.lost++;
      keep(f.reasons, o.why);
      let kind = f.losses.find((l) => l.kind === o.loss);
      if (!kind) f.losses.push((kind = { kind: o.loss, count: 0, reasons: [] }));
      kind.count++;
      keep(kind.reasons, o.why);
    });
  }
}

const keep = (reasons: string[], why: string) => {
  if (reasons.length < FIRST_CASES && !reasons.includes(why)) reasons.push(why);
};

/** Records Athena cannot read (counted once, in no field) or never returns: problems no accepted loss covers. */
export function recordProblems(report: TopicReport): number {
  return report.unreadable + report.tombstones + report.skipped;
}
