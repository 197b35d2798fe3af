import Table from 'cli-table3';
import { counted } from '../core/problems';
import type { AthenaRow } from '../core/records/athena-rows';
import type { TopicReport } from '../core/records/record-tally';
import type { TableDefinition } from '../core/tables/schema-folder';

/*
 * What `npm run verify` prints: per table a header line, the records to look
 * at (where they are, so they can be fetched), and the field table; then one
 * summary line. `--json` carries the same. With `--rows`, the rows Athena
 * returns, per table, as the console's preview shows them.
 */

export interface VerifyResult {
  readonly reports: (TopicReport & { readonly format: TableDefinition['format'] })[];
  readonly problems: number;
  /** With --rows: every table's rows, by partition and offset. */
  readonly rows?: readonly AthenaRow[];
}

type Report = VerifyResult['reports'][number];

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

export function renderReport(report: Report): string {
  const table = new Table({ head: ['field', 'type', 'ok', 'NULL', 'empty', 'wrong', 'why (first cases)'], style: { head: [], border: [] }, wordWrap: true, colWidths: [null, null, null, null, null, null, 60] as unknown as number[] });
  for (const f of report.fields) table.push([f.field, f.type, f.ok, f.nulls, f.empties, f.wrong, f.reasons.join('\n')]);
  return [headLine(report), ...recordLines(report), table.toString()].join('\n');
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

/** The last line of `verify`: the problems of every table that reads the topic. */
export function summaryLine(result: VerifyResult): string {
  const problems = counted(result.problems, 'problem');
  if (result.problems === 0) return `verify: ${problems}; Athena reads every value as written`;
  return `verify: ${problems}; Athena would not return every value as written`;
}

/** The machine-readable report of `verify --json`. */
export function jsonReport(result: VerifyResult): string {
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
    fields: r.fields.map((f) => ({ field: f.field, type: f.type, ok: f.ok, nulls: f.nulls, empties: f.empties, wrong: f.wrong, reasons: f.reasons })),
  }));
  const rows = result.rows && { rows: result.rows };
  return `${JSON.stringify({ problems: result.problems, tables, ...rows }, null, 2)}\n`;
}
