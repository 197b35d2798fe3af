import { convert, csvColumns, jacksonText, parseJsonRecord, type AthenaValue } from './connector-values';
import type { TableField, TableSchemaDocument } from '../tables/table-schema';

/*
 * Says, per field of each record, what Athena will return through the MSK
 * connector (connector-values.ts has its rules) and whether that is what the
 * producer wrote: ok, NULL, an empty string, or a wrong value (one the
 * connector silently changes).
 */

export type Outcome =
  | { readonly kind: 'ok'; readonly value: AthenaValue }
  | { readonly kind: 'null'; readonly why: string; readonly value: null }
  | { readonly kind: 'empty' | 'wrong'; readonly why: string; readonly value: AthenaValue };

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
  /** The first reasons, at most three. */
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
  /** Values that are not a JSON object (json tables): every column NULL. */
  unreadable: number;
  readonly fields: FieldReport[];
}

const show = (v: string) => (v.length > 40 ? `${JSON.stringify(v.slice(0, 37))}...` : JSON.stringify(v));

/** Whether a JSON source value reads back as what it says (for text columns). */
function jsonOutcome(field: TableField, source: unknown, text: string): Outcome {
  const type = field.type.toUpperCase();
  const converted = convert(type, field.formatHint, text);
  if (converted.value === null) return { kind: 'null', why: converted.why!, value: null };
  if (source === null) {
    if (type === 'BOOLEAN') return { kind: 'wrong', why: 'JSON null reads as false (Boolean.parseBoolean("null"))', value: converted.value };
    return { kind: 'wrong', why: 'JSON null reads as the text "null"', value: converted.value };
  }
  if (typeof source === 'object' && !(source as { isLosslessNumber?: boolean }).isLosslessNumber) {
    const what = Array.isArray(source) ? 'array' : 'object';
    if (type === 'BOOLEAN') return { kind: 'wrong', why: `a nested ${what} reads as false`, value: converted.value };
    return { kind: 'empty', why: `a nested ${what} reads as "": write it as a JSON string`, value: converted.value };
  }
  return judge(field, converted, typeof source === 'string' ? source : (source as { value?: string }).value ?? String(source));
}

/** ok or wrong for a converted value against the text that was written. */
function judge(field: TableField, converted: ReturnType<typeof convert>, written: string): Outcome {
  const type = field.type.toUpperCase();
  const value = converted.value;
  if (converted.misread) return { kind: 'wrong', why: converted.misread, value };
  if (type === 'BOOLEAN' && !/^(true|false)$/i.test(written)) {
    return { kind: 'wrong', why: `${show(written)} reads as false: only "true" (any case) is true`, value };
  }
  // Text columns: the connector hands the written text through unconverted.
  if (typeof value === 'string') {
    if (value === '') return { kind: 'empty', why: 'an empty value reads as ""', value };
    if (value !== written) return { kind: 'wrong', why: `${show(written)} reads as ${show(String(value))}`, value };
  }
  return { kind: 'ok', value };
}

/**
 * Counts one record of a partition in `report`; false when the connector never
 * looks at its fields: a tombstone stops the partition's split, so it and every
 * later record of that partition are not returned.
 */
export function admitRecord(report: TopicReport, stopped: Set<number>, value: unknown, partition: number): boolean {
  report.records++;
  if (stopped.has(partition)) {
    report.skipped++;
    return false;
  }
  if (value === null) {
    report.tombstones++;
    stopped.add(partition);
    return false;
  }
  return true;
}

/** Adds one record's outcomes, field by field, keeping the first three distinct reasons. */
export function tallyOutcomes(report: TopicReport, outcomes: readonly ({ readonly kind: 'ok' } | { readonly kind: 'null' | 'empty' | 'wrong'; readonly why: string })[]): void {
  outcomes.forEach((o, i) => {
    const f = report.fields[i];
    if (o.kind === 'ok') {
      f.ok++;
      return;
    }
    if (o.kind === 'null') f.nulls++;
    else if (o.kind === 'empty') f.empties++;
    else f.wrong++;
    if (f.reasons.length < 3 && !f.reasons.includes(o.why)) f.reasons.push(o.why);
  });
}

export class RecordChecker {
  readonly report: TopicReport;
  private readonly stopped = new Set<number>();

  constructor(table: string, private readonly document: TableSchemaDocument) {
    this.report = {
      topic: document.topicName,
      table,
      records: 0,
      tombstones: 0,
      skipped: 0,
      unreadable: 0,
      fields: document.message.fields.map((f) => ({ field: f.name, type: f.type, ok: 0, nulls: 0, empties: 0, wrong: 0, reasons: [] })),
    };
  }

  /** What Athena returns for each field of one record value. */
  outcomes(value: string): Outcome[] {
    const { dataFormat, fields } = this.document.message;
    if (dataFormat === 'csv') {
      const columns = csvColumns(value);
      // A quoted field holding a comma is split like any other: the columns after it shift.
      const split = columns.findIndex((c) => c.startsWith('"') && (c.length === 1 || !c.endsWith('"')));
      return fields.map((f) => {
        const index = Number(f.mapping);
        const text = columns[index];
        if (text === undefined) {
          const why = index >= columns.length ? `column ${index} is missing (${columns.length} columns; trailing empty columns are dropped)` : `column ${index} is missing`;
          return { kind: 'null', why, value: null };
        }
        const converted = convert(f.type, f.formatHint, text);
        if (converted.value === null) return { kind: 'null', why: converted.why!, value: null };
        if (split >= 0 && index >= split) {
          return { kind: 'wrong', why: `a quoted comma in column ${split} splits it: this column reads ${show(text)}`, value: converted.value };
        }
        if (text === '' && f.type.toUpperCase() !== 'BOOLEAN') return { kind: 'empty', why: `column ${index} is empty`, value: converted.value };
        return judge(f, converted, text);
      });
    }
    const parsed = parseJsonRecord(value);
    const isObject = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && !(parsed as { isLosslessNumber?: boolean }).isLosslessNumber;
    if (!isObject) {
      const why = parsed === undefined ? 'the record is not JSON' : 'the record is not a JSON object';
      return fields.map(() => ({ kind: 'null', why, value: null }));
    }
    const obj = parsed as Record<string, unknown>;
    return fields.map((f) => {
      if (!Object.prototype.hasOwnProperty.call(obj, f.mapping)) return { kind: 'null', why: `key "${f.mapping}" is missing`, value: null };
      const source = obj[f.mapping];
      return jsonOutcome(f, source, jacksonText(source as never));
    });
  }

  /** Checks one record value (null for a tombstone) of a partition. */
  add(value: string | null, partition = 0): void {
    if (!admitRecord(this.report, this.stopped, value, partition)) return;
    const outcomes = this.outcomes(value!);
    if (this.document.message.dataFormat === 'json' && outcomes.every((o) => o.kind === 'null' && /^the record is not/.test(o.why))) this.report.unreadable++;
    tallyOutcomes(this.report, outcomes);
  }

  /** Records or values Athena would not return as written. */
  get problems(): number {
    const r = this.report;
    return r.tombstones + r.skipped + r.fields.reduce((n, f) => n + f.nulls + f.empties + f.wrong, 0);
  }
}
