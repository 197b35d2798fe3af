import { parseJsonRecord } from '../../records/connector-values';
import { counted } from '../../problems';
import { EVIDENCE_KINDS, kindCounts, type FieldValue, type ValueKind } from './field-values';
import type { Note } from './sample';
import { temporalFit } from './timestamps';

/*
 * The type of one field: one the connector reads every sampled value as
 * exactly (BIGINT for whole numbers, INTEGER only when asked and they fit,
 * DOUBLE, BOOLEAN for real booleans, DATE or TIMESTAMP with a formatHint),
 * VARCHAR otherwise, with the evidence for it.
 * Values that are no evidence (absent, null, empty, nested) are counted in notes.
 */

export interface TypeChoice {
  readonly type: string;
  readonly formatHint?: string;
  /** Why this type: `500 of 500 values are whole numbers within INTEGER (1 to 9000)`. */
  readonly evidence: string;
  readonly notes: Note[];
}

const INT32 = 2n ** 31n;
const INT64 = 2n ** 63n;
const SAFE_DOUBLE = 2n ** 53n;

/** Epoch numbers by unit, within 2000-2100: the ranges do not overlap. */
const EPOCH_UNITS = [
  { unit: 'seconds', perSecond: 1n, sql: 'from_unixtime(col)' },
  { unit: 'milliseconds', perSecond: 1_000n, sql: 'from_unixtime(col / 1e3)' },
  { unit: 'microseconds', perSecond: 1_000_000n, sql: 'from_unixtime(col / 1e6)' },
  { unit: 'nanoseconds', perSecond: 1_000_000_000n, sql: 'from_unixtime(col / 1e9)' },
];
const Y2000 = 946_684_800n;
const Y2100 = 4_102_444_800n;
/** Seconds since 1970 look like any count; a name such as created_at or ts says they are times. */
const TIME_WORD = /(^|[_.\s-])(ts|time|timestamp|epoch|at|date|datetime)$|^(ts|time|timestamp|epoch)([_.\s-]|$)/i;
const TIME_CAMEL = /[a-z](At|Time|Ts|Timestamp|Date)$/;

const KIND_WORDS: Record<ValueKind, [string, string]> = {
  absent: ['record without it', 'records without it'],
  null: ['JSON null', 'JSON nulls'],
  empty: ['empty value', 'empty values'],
  nested: ['nested object or array', 'nested objects or arrays'],
  boolean: ['boolean', 'booleans'],
  integer: ['whole number', 'whole numbers'],
  decimal: ['number with a fraction', 'numbers with a fraction'],
  text: ['text', 'texts'],
};

const kinds = (counts: Map<ValueKind, number>, which: readonly ValueKind[]) =>
  which
    .filter((k) => counts.get(k))
    .map((k) => counted(counts.get(k)!, ...KIND_WORDS[k]))
    .join(', ');

const isoAt = (n: bigint, perSecond: bigint) => new Date(Number((n * 1000n) / perSecond)).toISOString();

function epochUnit(min: bigint, max: bigint, key: string) {
  return EPOCH_UNITS.find(
    (u) => min >= Y2000 * u.perSecond && max < Y2100 * u.perSecond && (u.unit !== 'seconds' || TIME_WORD.test(key) || TIME_CAMEL.test(key)),
  );
}

function wholeNumbers(values: readonly FieldValue[], of: string, key: string, csv: boolean, narrow: boolean): Omit<TypeChoice, 'notes'> & { notes?: Note[] } {
  const numbers = values.map((v) => BigInt(v.text));
  const min = numbers.reduce((a, b) => (b < a ? b : a));
  const max = numbers.reduce((a, b) => (b > a ? b : a));
  const range = min === max ? `all ${min}` : `${min} to ${max}`;
  const epoch = epochUnit(min, max, key);
  if (epoch) {
    const when = `${isoAt(min, epoch.perSecond)} to ${isoAt(max, epoch.perSecond)}`;
    return {
      type: 'BIGINT',
      evidence: `${of} whole numbers from ${range}: epoch ${epoch.unit} (${when})`,
      notes: [
        {
          level: 'note',
          text: `epoch ${epoch.unit} stay BIGINT: the connector parses only text into TIMESTAMP; in SQL read ${epoch.sql.replace('col', '<column>')}`,
        },
      ],
    };
  }
  if (narrow && min >= -INT32 && max < INT32) return { type: 'INTEGER', evidence: `${of} whole numbers within INTEGER (${range})` };
  if (min >= -INT32 && max < INT32) {
    // The sample's largest value is not the topic's: an id above 2,147,483,647 next month would read NULL in an INTEGER column.
    return { type: 'BIGINT', evidence: `${of} whole numbers (${range}); BIGINT, as later values may outgrow the sample (--narrow-integers: INTEGER)` };
  }
  if (min >= -INT64 && max < INT64) return { type: 'BIGINT', evidence: `${of} whole numbers beyond INTEGER, within BIGINT (${range})` };
  const source = csv ? 'digits' : 'JSON digits';
  return { type: 'VARCHAR', evidence: `${of} whole numbers, some beyond BIGINT (${range}): VARCHAR keeps the ${source} exactly` };
}

function texts(values: readonly FieldValue[], of: string): Omit<TypeChoice, 'notes'> & { notes?: Note[] } {
  const all = values.map((v) => v.text);
  const fit = temporalFit(all);
  if (fit.type) {
    const what = fit.type === 'DATE' ? 'date' : 'instant';
    return { type: fit.type, formatHint: fit.formatHint, evidence: `${of} texts the formatHint parses to exactly the ${what} they name` };
  }
  const jsonText = all.every((t) => /^[[{]/.test(t) && parseJsonRecord(t) !== undefined);
  const notes: Note[] = fit.why ? [{ level: 'note', text: `not a DATE or TIMESTAMP: ${fit.why}; parse it in SQL (from_iso8601_timestamp, date_parse)` }] : [];
  if (jsonText) notes.push({ level: 'note', text: 'JSON written as text: query it with json_extract_scalar or json_parse' });
  return { type: 'VARCHAR', evidence: `${of} texts`, notes };
}

/** How inference types: narrowIntegers types whole numbers INTEGER when the sample fits (the default is BIGINT). */
export interface TypeOptions {
  readonly narrowIntegers?: boolean;
}

/** The type for one field's values; `key` is the JSON key or CSV column name (a hint for epoch seconds). */
export function chooseType(values: readonly FieldValue[], key: string, format: 'json' | 'csv', options: TypeOptions = {}): TypeChoice {
  const counts = kindCounts(values);
  const evidence = values.filter((v) => EVIDENCE_KINDS.includes(v.kind));
  const present = EVIDENCE_KINDS.filter((k) => counts.get(k));
  const of = `${evidence.length} of ${counted(values.length, 'value')} are`;
  let choice: Omit<TypeChoice, 'notes'> & { notes?: Note[] };
  if (present.length === 0) {
    choice = { type: 'VARCHAR', evidence: `no value to type it by (${kinds(counts, ['null', 'empty', 'nested', 'absent'])})` };
  } else if (present.length === 1 && present[0] === 'boolean') {
    choice = { type: 'BOOLEAN', evidence: `${of} ${format === 'json' ? 'JSON booleans' : 'the text true or false'}` };
  } else if (present.length === 1 && present[0] === 'integer') {
    choice = wholeNumbers(evidence, of, key, format === 'csv', options.narrowIntegers ?? false);
  } else if (present.every((k) => k === 'integer' || k === 'decimal')) {
    const unsafe = evidence.find((v) => v.kind === 'integer' && (BigInt(v.text) > SAFE_DOUBLE || BigInt(v.text) < -SAFE_DOUBLE));
    choice = unsafe
      ? { type: 'VARCHAR', evidence: `${of} numbers, and ${v(unsafe)} is a whole number a DOUBLE cannot hold exactly` }
      : { type: 'DOUBLE', evidence: `${of} numbers (${kinds(counts, ['integer', 'decimal'])})` };
  } else if (present.length === 1) {
    choice = texts(evidence, of);
  } else {
    choice = { type: 'VARCHAR', evidence: `${of} of mixed kinds (${kinds(counts, present)}): only VARCHAR reads them all` };
  }
  return { ...choice, notes: [...(choice.notes ?? []), ...leftovers(counts, choice.type)] };
}

const v = (value: FieldValue) => value.written;

/** What the values that are no evidence read as in a column of `type`. */
function leftovers(counts: Map<ValueKind, number>, type: string): Note[] {
  const notes: Note[] = [];
  const n = (k: ValueKind) => counts.get(k) ?? 0;
  const varchar = type === 'VARCHAR';
  if (n('absent')) notes.push({ level: 'note', text: `absent from ${counted(n('absent'), 'record')}: NULL there` });
  if (n('null')) {
    notes.push(
      type === 'BOOLEAN'
        ? { level: 'warning', text: `${counted(n('null'), 'JSON null')} read as false (Boolean.parseBoolean)` }
        : varchar
          ? { level: 'warning', text: `${counted(n('null'), 'JSON null')} read as the text "null", not NULL (the connector takes Jackson's text of the value)` }
          : { level: 'note', text: `${counted(n('null'), 'JSON null')} read as NULL` },
    );
  }
  if (n('empty'))
    notes.push({ level: 'note', text: `${counted(n('empty'), 'empty value')} read as ${varchar ? '""' : type === 'BOOLEAN' ? 'false' : 'NULL'}` });
  if (n('nested')) {
    const reads = varchar ? 'read empty ("")' : type === 'BOOLEAN' ? 'read false' : 'read NULL';
    notes.push({
      level: 'warning',
      text: `${counted(
        n('nested'),
        'value is a nested object or array',
        'values are nested objects or arrays',
      )}: they ${reads} until producers write them as JSON strings`,
    });
  }
  return notes;
}
