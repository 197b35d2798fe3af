import { isLosslessNumber } from 'lossless-json';
import { jacksonText } from '../../records/connector-values';
import type { SampleRecord } from './sample';

/*
 * One field's values across the sample, sorted by what they are. JSON values
 * keep their JSON kind (a string "42" is text, a number 42 a number); CSV
 * columns are text and read as numbers or booleans by their spelling.
 */

/** What a value is; only `boolean`, `integer`, `decimal` and `text` are evidence for a type. */
export type ValueKind = 'absent' | 'null' | 'empty' | 'nested' | 'boolean' | 'integer' | 'decimal' | 'text';

export interface FieldValue {
  readonly record: SampleRecord;
  readonly kind: ValueKind;
  /** What the connector hands the type parser (Jackson's asText, or the CSV column). */
  readonly text: string;
  /** What the producer wrote (JSON: the number's own digits, the string itself). */
  readonly written: string;
}

export const EVIDENCE_KINDS: readonly ValueKind[] = ['boolean', 'integer', 'decimal', 'text'];

/** A JSON value (lossless-json's numbers) as a field value. */
export function jsonValue(record: SampleRecord, source: unknown, present: boolean): FieldValue {
  if (!present) return { record, kind: 'absent', text: '', written: '' };
  if (source === null) return { record, kind: 'null', text: 'null', written: 'null' };
  if (typeof source === 'boolean') return { record, kind: 'boolean', text: String(source), written: String(source) };
  if (typeof source === 'string') return { record, kind: source === '' ? 'empty' : 'text', text: source, written: source };
  if (isLosslessNumber(source)) {
    const digits = (source as { value: string }).value;
    // JSON's number grammar: a fraction or an exponent makes Jackson a double, anything else a whole number.
    return { record, kind: /[.eE]/.test(digits) ? 'decimal' : 'integer', text: jacksonText(source as never), written: digits };
  }
  return { record, kind: 'nested', text: '', written: JSON.stringify(source) };
}

/** A CSV column (already split and trimmed as the connector does) as a field value; undefined: the record has no such column. */
export function csvValue(record: SampleRecord, column: string | undefined): FieldValue {
  if (column === undefined) return { record, kind: 'absent', text: '', written: '' };
  if (column === '') return { record, kind: 'empty', text: '', written: '' };
  // Only the plain spellings: "007" read as 7 or "1e3" as 1000.0 would not show what was written.
  const kind: ValueKind =
    /^-?(0|[1-9]\d*)$/.test(column) && column !== '-0'
      ? 'integer'
      : /^-?\d+\.\d+$/.test(column)
        ? 'decimal'
        : column === 'true' || column === 'false'
          ? 'boolean'
          : 'text';
  return { record, kind, text: column, written: column };
}

/** How many values of each kind. */
export function kindCounts(values: readonly FieldValue[]): Map<ValueKind, number> {
  const counts = new Map<ValueKind, number>();
  for (const v of values) counts.set(v.kind, (counts.get(v.kind) ?? 0) + 1);
  return counts;
}
