import type { LossKind } from './loss-kinds';
import type { FieldReport, TopicReport } from './record-tally';
import { recordProblems } from './record-tally';

/*
 * verify's verdict. A value Athena shows as written passes, and so does a
 * value the writer never gave (an absent key, a JSON null, an empty column)
 * that Athena shows as none (NULL or ""). A value Athena shows otherwise is
 * lost, named by its kind of loss (loss-kinds.ts); a team may accept one kind of
 * loss on one field (`--accept registry.table.field:kind`, or a committed file),
 * which then no longer fails verify but is still reported.
 */

// The kinds are the verdict's vocabulary: its users import them from here.
export { isLossKind, LOSS_KINDS, type LossKind } from './loss-kinds';

/**
 * An Avro or Protobuf outcome's loss, from registry-values.ts's reasons; null
 * where the writer's schema or message has no such field (the writer gave no value).
 */
export function registryLoss(why: string): LossKind | null {
  if (/^the writer's schema has no field |^\S+ has no field /.test(why)) return null;
  if (/proto3 field at its default/.test(why)) return 'proto3-default';
  if (/\(a signed Java (int|long)\)$/.test(why)) return 'unsigned';
  if (/reads as its Java text$/.test(why)) return 'reformatted';
  return 'other';
}

/** One loss a team accepts: a kind of loss on one field of one table (`registry.table`). */
export interface AcceptedLoss {
  readonly table: string;
  readonly field: string;
  readonly kind: LossKind;
  /** Why it is accepted (the committed file requires one). */
  readonly why?: string;
  /** Where it was given: `--accept` or the file's path. */
  readonly source: string;
}

/** An accepted loss and how many values of this run it covers (0: none seen in the sample). */
export interface AcceptedUse extends AcceptedLoss {
  readonly values: number;
}

export const acceptedName = (a: { table: string; field: string; kind: string }) => `${a.table}.${a.field}:${a.kind}`;

/** The accepted loss that covers `kind` on `field` of `table`, if any. */
export function acceptanceOf(accepted: readonly AcceptedLoss[], table: string, field: string, kind: LossKind): AcceptedLoss | undefined {
  return accepted.find((a) => a.table === table && a.field.toLowerCase() === field.toLowerCase() && a.kind === kind);
}

/** A field's lost values no accepted loss covers. */
export function unacceptedLosses(table: string, field: FieldReport, accepted: readonly AcceptedLoss[]): number {
  return field.losses.reduce((n, l) => n + (acceptanceOf(accepted, table, field.field, l.kind) ? 0 : l.count), 0);
}

export interface Verdict {
  /** What fails verify: unreadable, tombstoned and skipped records, and lost values no accepted loss covers. */
  readonly problems: number;
  /** Lost values, accepted or not. */
  readonly lost: number;
  /** Values the writer did not give that Athena shows as none. */
  readonly noValue: number;
  /** Each accepted loss that names one of these tables, with the values it covers. */
  readonly accepted: AcceptedUse[];
}

/** The verdict over the reports of every table that reads a topic. */
export function verdictOf(reports: readonly TopicReport[], accepted: readonly AcceptedLoss[] = []): Verdict {
  let problems = 0;
  let lost = 0;
  let noValue = 0;
  for (const r of reports) {
    problems += recordProblems(r);
    for (const f of r.fields) {
      problems += unacceptedLosses(r.table, f, accepted);
      lost += f.lost;
      noValue += f.noValue;
    }
  }
  const uses = accepted
    .filter((a) => reports.some((r) => r.table === a.table))
    .map((a) => {
      const report = reports.find((r) => r.table === a.table)!;
      const field = report.fields.find((f) => f.field.toLowerCase() === a.field.toLowerCase());
      return { ...a, values: field?.losses.find((l) => l.kind === a.kind)?.count ?? 0 };
    });
  return { problems, lost, noValue, accepted: uses };
}
