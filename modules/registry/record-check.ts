import { parseDate } from './simple-date-format';
import type { TableField, TableSchemaDocument } from './table-schema';

/*
 * Reads Kafka record values the way the Athena MSK connector does (see README,
 * "Authoring a table schema") and says, per field, what Athena would return:
 * the value, NULL, or an empty string. Catches formatHint and nested-value
 * mistakes before an analyst does.
 */

export type Outcome =
  | { readonly kind: 'ok' }
  | { readonly kind: 'null' | 'empty' | 'wrong'; readonly why: string };

export interface FieldReport {
  readonly field: string;
  readonly type: string;
  ok: number;
  /** Athena returns NULL: missing key, null, or a value the type cannot parse. */
  nulls: number;
  /** Athena returns an empty string: a nested object or array. */
  empties: number;
  /** Parsed, but not to what was written (SimpleDateFormat rolled it over). */
  wrong: number;
  /** First reason of each kind, for the report. */
  readonly reasons: string[];
}

export interface TopicReport {
  readonly topic: string;
  readonly table: string;
  records: number;
  /** Null values: the connector stops reading the split at the first one. */
  tombstones: number;
  /** Values that are not JSON objects (json tables). */
  unreadable: number;
  readonly fields: FieldReport[];
}

const INTEGER_RANGES: Record<string, [number, number]> = {
  TINYINT: [-128, 127],
  SMALLINT: [-32768, 32767],
  INT: [-(2 ** 31), 2 ** 31 - 1],
  INTEGER: [-(2 ** 31), 2 ** 31 - 1],
  BIGINT: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  LONG: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

const show = (v: unknown) => {
  const s = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
};

/** What Athena would make of one raw field value (undefined = absent). */
export function checkValue(field: TableField, raw: unknown): Outcome {
  const type = field.type.toUpperCase();
  if (raw === undefined) return { kind: 'null', why: `key "${field.mapping}" missing` };
  if (raw === null) return { kind: 'null', why: 'null value' };
  if (typeof raw === 'object') {
    return { kind: 'empty', why: `nested ${Array.isArray(raw) ? 'array' : 'object'} ${show(raw)}: write it as a JSON string` };
  }
  if (type in INTEGER_RANGES) {
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
    if (!Number.isInteger(n)) return { kind: 'null', why: `${show(raw)} is not a whole number` };
    const [min, max] = INTEGER_RANGES[type];
    if (n < min || n > max) return { kind: 'null', why: `${n} is outside ${type}` };
    return { kind: 'ok' };
  }
  if (type === 'DOUBLE' || type === 'DECIMAL') {
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
    return Number.isFinite(n) ? { kind: 'ok' } : { kind: 'null', why: `${show(raw)} is not a number` };
  }
  if (type === 'BOOLEAN' || type === 'BOOL') {
    return typeof raw === 'boolean' || /^(true|false)$/i.test(String(raw)) ? { kind: 'ok' } : { kind: 'null', why: `${show(raw)} is not true or false` };
  }
  if (type === 'DATE' || type === 'TIMESTAMP') {
    if (typeof raw === 'number') return { kind: 'null', why: `epoch number ${raw} cannot be parsed with "${field.formatHint}": type the field BIGINT` };
    const parsed = parseDate(String(raw), field.formatHint!);
    if (!parsed.ok) return { kind: 'null', why: `${show(raw)} does not match "${field.formatHint}" (${parsed.reason})` };
    if (parsed.rolledOver) return { kind: 'wrong', why: `${show(raw)} is out of range; Java reads it as ${parsed.date.toISOString()}` };
    return { kind: 'ok' };
  }
  // VARCHAR and everything read as VARCHAR.
  if (typeof raw === 'string') {
    const t = raw.trim();
    if ((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']'))) return { kind: 'ok' }; // a JSON string: what we want
  }
  return { kind: 'ok' };
}

export class RecordChecker {
  readonly report: TopicReport;

  constructor(table: string, private readonly document: TableSchemaDocument) {
    this.report = {
      topic: document.topicName,
      table,
      records: 0,
      tombstones: 0,
      unreadable: 0,
      fields: document.message.fields.map((f) => ({ field: f.name, type: f.type, ok: 0, nulls: 0, empties: 0, wrong: 0, reasons: [] })),
    };
  }

  /** Checks one record value (null for a tombstone). */
  add(value: string | null): void {
    this.report.records++;
    if (value === null) {
      this.report.tombstones++;
      return;
    }
    const { dataFormat, fields } = this.document.message;
    let lookup: (f: TableField) => unknown;
    if (dataFormat === 'csv') {
      const columns = value.split(',');
      lookup = (f) => {
        const c = columns[Number(f.mapping)];
        return c === undefined || (c === '' && !['VARCHAR', 'CHAR', 'STRING'].includes(f.type.toUpperCase())) ? undefined : c;
      };
    } else {
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch {
        parsed = undefined;
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        this.report.unreadable++;
        return;
      }
      const obj = parsed as Record<string, unknown>;
      lookup = (f) => (Object.prototype.hasOwnProperty.call(obj, f.mapping) ? obj[f.mapping] : undefined);
    }
    fields.forEach((f, i) => {
      const outcome = checkValue(f, lookup(f));
      const r = this.report.fields[i];
      if (outcome.kind === 'ok') {
        r.ok++;
        return;
      }
      if (outcome.kind === 'null') r.nulls++;
      else if (outcome.kind === 'empty') r.empties++;
      else r.wrong++;
      if (r.reasons.length < 3 && !r.reasons.includes(outcome.why)) r.reasons.push(outcome.why);
    });
  }

  /** Records or values Athena would not return as written. */
  get problems(): number {
    const r = this.report;
    return r.tombstones + r.unreadable + r.fields.reduce((n, f) => n + f.nulls + f.empties + f.wrong, 0);
  }
}
