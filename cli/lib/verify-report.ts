import Table from 'cli-table3';
import { counted } from '../../core/problems';
import type { AthenaRow } from '../../core/records/athena-rows';
import { acceptanceOf, acceptedName, verdictOf, type AcceptedLoss, type AcceptedUse, type LossKind } from '../../core/records/losses';
import { FIRST_CASES, type FieldReport, type TopicReport } from '../../core/records/record-tally';
import type { TableDefinition } from '../../core/tables/schema-folder';

/*
 * What `npm run verify` prints: per table a header line, the records to look
 * at (where they are, so they can be fetched), the accepted losses, and the
 * field table (values as written, values the writer left out that read as
 * none, values lost and why); then one summary line naming the fields with
 * lost values. `--json` carries the same. With `--rows`, the rows Athena
 * returns, per table, as the console's preview shows them.
 */

export interface VerifyResult {
  readonly reports: (TopicReport & { readonly format: TableDefinition['format'] })[];
  /** What fails verify (exit 1): unreadable, tombstoned and skipped records, and lost values no accepted loss covers. */
  readonly problems: number;
  /** With --rows: every table's rows, by partition and offset. */
  readonly rows?: readonly AthenaRow[];
  /** The accepted losses that name these tables, with the values each covers. */
  readonly accepted?: readonly AcceptedUse[];
}

type Report = VerifyResult['reports'][number];

/** The result of checking a topic's tables, judged with the accepted losses. */
export function verifyResult(reports: Report[], accepted: readonly AcceptedLoss[] = [], rows?: readonly AthenaRow[]): VerifyResult {
  const verdict = verdictOf(reports, accepted);
  return { reports, problems: verdict.problems, ...(rows && { rows }), accepted: verdict.accepted };
}

/** Records none of whose columns can be read, per format: what they are and what Athena does with one. */
const UNREADABLE: Record<TableDefinition['format'], { one: string; many: string; effect: string }> = {
  json: { one: 'record that is not a JSON object', many: 'records that are not JSON objects', effect: 'every column NULL' },
  csv: { one: 'record whose columns cannot be read', many: 'records whose columns cannot be read', effect: 'every column NULL' },
  avro: {
    one: 'record the Glue Schema Registry deserializer cannot read',
    many: 'records the Glue Schema Registry deserializer cannot read',
    effect: 'the whole query fails',
  },
  protobuf: {
    one: 'record the Glue Schema Registry deserializer cannot read',
    many: 'records the Glue Schema Registry deserializer cannot read',
    effect: 'the whole query fails',
  },
};

function headLine(r: Report): string {
  const unreadable = UNREADABLE[r.format];
  const one = r.tombstones === 1;
  const hidden = r.tombstones === 0 ? '' : `; ${counted(r.skipped, 'later record')} of ${one ? 'its partition' : 'their partitions'} never returned`;
  const tombstones = `${counted(r.tombstones, 'tombstone')} (${one ? 'null value' : 'null values'}${hidden})`;
  const records = counted(r.records, 'record');
  return `topic ${r.topic} as ${r.table} (${r.format}): ${records} read, ${tombstones}, ${counted(r.unreadable, unreadable.one, unreadable.many)}`;
}

/** One line per tombstone and unreadable record kept as an example, with its partition and offset. */
function recordLines(r: Report): string[] {
  const { effect } = UNREADABLE[r.format];
  const lines = [
    ...r.tombstoneRecords.map((t) => {
      const hidden = `Athena returns no later record of partition ${t.partition} (${counted(t.skipped, 'record')} in this sample)`;
      return `  partition ${t.partition} offset ${t.offset}: tombstone (null value): ${hidden}`;
    }),
    ...r.unreadableRecords.map((u) => `  partition ${u.partition} offset ${u.offset}: ${effect}: ${u.why}`),
  ];
  const unlisted = r.tombstones - r.tombstoneRecords.length + r.unreadable - r.unreadableRecords.length;
  if (unlisted > 0) lines.push(`  and ${counted(unlisted, 'more record')} like these`);
  return lines;
}

/** The why column of one field: a line per kind of loss (accepted ones marked), then values the writer left out. */
function whyLines(table: string, f: FieldReport, accepted: readonly AcceptedLoss[]): string {
  const tag = (kind: LossKind) => `${kind}${acceptanceOf(accepted, table, f.field, kind) ? ' (accepted)' : ''}`;
  const lost = f.losses.map((l) => `${tag(l.kind)}: ${l.reasons[0]}`);
  const more = f.losses.flatMap((l) => l.reasons.slice(1).map((r) => `${tag(l.kind)}: ${r}`));
  const lines = [...lost, ...more].slice(0, Math.max(lost.length, FIRST_CASES));
  const none = f.noValueReasons.slice(0, Math.max(1, FIRST_CASES - lines.length)).map((r) => `no value: ${r}`);
  return [...lines, ...none].join('\n');
}

const acceptedOf = (table: string, f: FieldReport, accepted: readonly AcceptedLoss[]) =>
  f.losses.reduce((n, l) => n + (acceptanceOf(accepted, table, f.field, l.kind) ? l.count : 0), 0);

/** One line per accepted loss naming the table: what it covers in this sample and why it is accepted. */
function acceptedLines(r: Report, accepted: readonly AcceptedUse[]): string[] {
  return accepted
    .filter((a) => a.table === r.table)
    .map((a) => `  accepted loss ${acceptedName(a)} (${a.source}): ${counted(a.values, 'value')} in this sample${a.why ? `; ${a.why}` : ''}`);
}

/** One table's report: its head line, the records to look at, the accepted losses and the field table. */
export function renderReport(report: Report, accepted: readonly AcceptedUse[] = []): string {
  const head = ['field', 'type', 'as written', 'no value', 'lost', 'why (first cases)'];
  const table = new Table({ head, style: { head: [], border: [] }, wordWrap: true, colWidths: [null, null, null, null, null, 60] as unknown as number[] });
  for (const f of report.fields) {
    const ok = acceptedOf(report.table, f, accepted);
    const lost = ok === 0 ? String(f.lost) : `${f.lost} (${ok} accepted)`;
    table.push([f.field, f.type, f.ok, f.noValue, lost, whyLines(report.table, f, accepted)]);
  }
  return [headLine(report), ...recordLines(report), ...acceptedLines(report, accepted), table.toString()].join('\n');
}

/** One table's rows as a table: partition, offset, a column per column (NULL for NULL), and why a record cannot be read. */
export function renderRows(table: string, rows: readonly AthenaRow[]): string {
  const own = rows.filter((r) => r.table === table);
  if (own.length === 0) return `rows of ${table}: none (no record Athena returns)`;
  const columns = Object.keys(own[0].values);
  const noted = own.some((r) => r.unreadable);
  const head = ['partition', 'offset', ...columns, ...(noted ? ['unreadable'] : [])];
  const grid = new Table({ head, style: { head: [], border: [] } });
  for (const r of own) grid.push([r.partition, String(r.offset), ...columns.map((c) => r.values[c] ?? 'NULL'), ...(noted ? [r.unreadable ?? ''] : [])]);
  return [`rows of ${table} as Athena returns them (${counted(own.length, 'row')}; NULL is NULL):`, grid.toString()].join('\n');
}

/** The fields with lost values no accepted loss covers: `db.table.field (nested: 20)`. */
function lostFields(result: VerifyResult, accepted: readonly AcceptedLoss[]): string[] {
  return result.reports.flatMap((r) =>
    r.fields.flatMap((f) => {
      const open = f.losses.filter((l) => !acceptanceOf(accepted, r.table, f.field, l.kind));
      return open.length === 0 ? [] : [`${r.table}.${f.field} (${open.map((l) => `${l.kind}: ${l.count}`).join(', ')})`];
    }),
  );
}

/** The last line of `verify`: the problems of every table that reads the topic, the fields that lose values, the accepted losses. */
export function summaryLine(result: VerifyResult): string {
  const accepted = result.accepted ?? [];
  const verdict = verdictOf(result.reports, accepted);
  const problems = counted(result.problems, 'problem');
  const covered = accepted.filter((a) => a.values > 0).map((a) => `${acceptedName(a)} (${counted(a.values, 'value')})`);
  if (result.problems === 0) {
    const none =
      verdict.noValue === 0 ? '' : ` (${counted(verdict.noValue, 'value')} the writer left out ${verdict.noValue === 1 ? 'shows' : 'show'} as NULL or "")`;
    const except = covered.length === 0 ? '' : `, except accepted losses: ${covered.join(', ')}`;
    return `verify: ${problems}; Athena reads every value as written${none}${except}`;
  }
  const fields = lostFields(result, accepted);
  const lost = fields.length === 0 ? '' : `: lost in ${fields.join(', ')}`;
  return `verify: ${problems}; Athena would not return every value as written${lost}${covered.length === 0 ? '' : `; accepted losses: ${covered.join(', ')}`}`;
}

/** The machine-readable report of `verify --json`. */
export function jsonReport(result: VerifyResult): string {
  const accepted = result.accepted ?? [];
  const verdict = verdictOf(result.reports, accepted);
  const tables = result.reports.map((r) => ({
    topic: r.topic,
    table: r.table,
    format: r.format,
    records: r.records,
    tombstones: r.tombstones,
    skipped: r.skipped,
    unreadable: r.unreadable,
    tombstoneRecords: r.tombstoneRecords.map((t) => ({ partition: t.partition, offset: t.offset, skipped: t.skipped })),
    unreadableRecords: r.unreadableRecords.map((u) => ({ partition: u.partition, offset: u.offset, why: u.why })),
    fields: r.fields.map((f) => ({
      field: f.field,
      type: f.type,
      ok: f.ok,
      nulls: f.nulls,
      empties: f.empties,
      wrong: f.wrong,
      reasons: f.reasons,
      noValue: f.noValue,
      noValueReasons: f.noValueReasons,
      lost: f.lost,
      losses: f.losses.map((l) => {
        const a = acceptanceOf(accepted, r.table, f.field, l.kind);
        return { kind: l.kind, values: l.count, reasons: l.reasons, accepted: a ? { source: a.source, why: a.why ?? null } : null };
      }),
    })),
  }));
  const summary = {
    problems: result.problems,
    lost: verdict.lost,
    acceptedLost: result.reports.reduce((n, r) => n + r.fields.reduce((m, f) => m + acceptedOf(r.table, f, accepted), 0), 0),
    noValue: verdict.noValue,
  };
  const acceptedList = accepted.map((a) => ({ table: a.table, field: a.field, kind: a.kind, source: a.source, why: a.why ?? null, values: a.values }));
  const rows = result.rows && { rows: result.rows };
  return `${JSON.stringify({ ...summary, accepted: acceptedList, tables, ...rows }, null, 2)}\n`;
}
