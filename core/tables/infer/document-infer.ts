import { csvColumns, parseJsonRecord } from '../../records/connector-values';
import { RecordChecker } from '../../records/record-check';
import { counted } from '../../problems';
import type { TableSchemaDocument } from '../table-schema';
import { columnName, distinctNames, isColumnName } from './column-names';
import { findHeader } from './csv-header';
import { chooseType, type TypeChoice, type TypeOptions } from './field-type';
import { csvValue, EVIDENCE_KINDS, jsonValue, type FieldValue } from './field-values';
import { InferenceRefusal } from './refusal';
import { quote, where, type Note, type SampleRecord } from './sample';

/*
 * A JSON or CSV table from a sample: one field per top-level key (JSON) or
 * column (CSV), typed by chooseType, then every value that is evidence read
 * back through verify's RecordChecker: a type that does not read a value as
 * written falls back to VARCHAR, and a field that VARCHAR cannot read either
 * makes the sample contradictory.
 */

export interface InferredField {
  readonly name: string;
  readonly mapping: string;
  readonly type: string;
  readonly formatHint?: string;
  /** The JSON key or the CSV column as the user knows it. */
  readonly source: string;
  readonly evidence: string;
  readonly notes: readonly Note[];
}

export interface DocumentInference {
  readonly format: 'json' | 'csv';
  readonly document: TableSchemaDocument;
  readonly fields: readonly InferredField[];
  /** About the sample as a whole: tombstones, a header row, keys left out. */
  readonly notes: readonly Note[];
}

interface Candidate {
  readonly mapping: string;
  readonly source: string;
  readonly values: FieldValue[];
  choice: TypeChoice;
}

function documentOf(
  topic: string,
  format: 'json' | 'csv',
  fields: { name: string; mapping: string; type: string; formatHint?: string }[],
): TableSchemaDocument {
  return {
    topicName: topic,
    message: {
      dataFormat: format,
      fields: fields.map((f) => ({ name: f.name, mapping: f.mapping, type: f.type, ...(f.formatHint && { formatHint: f.formatHint }) })),
    },
  };
}

/**
 * The first value of each field the connector would not read as written with its
 * chosen type (only values that are evidence: absent keys and nulls read NULL by design).
 */
function misreads(
  topic: string,
  format: 'json' | 'csv',
  names: string[],
  candidates: Candidate[],
  records: SampleRecord[],
): Map<number, { value: FieldValue; why: string }> {
  const document = documentOf(
    topic,
    format,
    candidates.map((c, i) => ({ name: names[i], mapping: c.mapping, ...c.choice })),
  );
  const checker = new RecordChecker(topic, document);
  const found = new Map<number, { value: FieldValue; why: string }>();
  records.forEach((r, at) => {
    const outcomes = checker.outcomes(r.value!);
    outcomes.forEach((o, i) => {
      const value = candidates[i].values[at];
      if (o.kind !== 'ok' && EVIDENCE_KINDS.includes(value.kind) && !found.has(i)) found.set(i, { value, why: o.why });
    });
  });
  return found;
}

/** Types confirmed value by value; VARCHAR where the first choice misreads one; a refusal where VARCHAR does too. */
function confirm(topic: string, format: 'json' | 'csv', names: string[], candidates: Candidate[], records: SampleRecord[]): void {
  const first = new Map<number, string>();
  for (const [i, miss] of misreads(topic, format, names, candidates, records)) {
    const c = candidates[i];
    if (c.choice.type === 'VARCHAR') continue;
    const because = `as ${c.choice.type}, ${where(miss.value.record)}: ${miss.why}`;
    first.set(i, because);
    c.choice = { type: 'VARCHAR', evidence: `${c.choice.evidence}, but ${because}`, notes: c.choice.notes };
  }
  const contradictions = [...misreads(topic, format, names, candidates, records)].map(([i, miss]) => {
    const c = candidates[i];
    const field = format === 'json' ? `key "${c.source}"` : `column ${c.mapping}`;
    const other = c.values.find((v) => EVIDENCE_KINDS.includes(v.kind) && v.kind !== miss.value.kind);
    const against = first.get(i) ?? (other ? `${where(other.record)} holds the ${other.kind === 'text' ? 'text' : other.kind} ${quote(other.written)}` : '');
    return `  ${field}: ${against ? `${against}; ` : ''}as VARCHAR, ${where(miss.value.record)}: ${miss.why}; no column type reads every value as written`;
  });
  if (contradictions.length > 0) {
    throw new InferenceRefusal([
      `the sample of ${topic} is contradictory, nothing written:`,
      ...contradictions,
      '  make the producers write one kind of value per field (numbers as numbers, or everything as text), or write the table by hand',
    ]);
  }
}

function jsonCandidates(records: SampleRecord[], notes: Note[], options: TypeOptions): Candidate[] {
  const objects = records.map((r) => parseJsonRecord(r.value!) as Record<string, unknown>);
  // Every key in the order records first show it (a Set keeps insertion order).
  const keys = [...new Set(objects.flatMap((o) => Object.keys(o)))];
  const dotted = keys.filter((k) => k.includes('.'));
  if (dotted.length > 0) {
    // The connector would read such a key (it looks the mapping up as one key), but the project's schema check refuses any dotted mapping as a nested path.
    notes.push({
      level: 'warning',
      text:
        `left out ${counted(dotted.length, 'key')} with a dot (${dotted.map((k) => JSON.stringify(k)).join(', ')}): the schema check refuses dotted mappings ` +
        `as nested paths; to query ${dotted.length === 1 ? 'it' : 'them'}, have producers also write ${
          dotted.length === 1 ? 'it' : 'each'
        } under a key without a dot ` +
        `(such as "${columnName(dotted[0])}")`,
    });
  }
  if (keys.includes('')) notes.push({ level: 'warning', text: 'left out the empty key "": a mapping cannot be empty' });
  return keys
    .filter((k) => k !== '' && !k.includes('.'))
    .map((key) => {
      const values = records.map((r, i) => jsonValue(r, objects[i][key], Object.prototype.hasOwnProperty.call(objects[i], key)));
      return { mapping: key, source: key, values, choice: chooseType(values, key, 'json', options) };
    });
}

function csvCandidates(
  topic: string,
  records: SampleRecord[],
  columns: readonly string[] | undefined,
  notes: Note[],
  options: TypeOptions,
): { candidates: Candidate[]; names: string[]; data: SampleRecord[] } {
  const split = records.map((r) => csvColumns(r.value!));
  const header = findHeader(records, split);
  const data = records.filter((_, i) => !header?.rows.includes(i));
  const rows = split.filter((_, i) => !header?.rows.includes(i));
  const width = Math.max(...rows.map((c) => c.length), header?.names.length ?? 0);
  if (width === 0 || rows.every((c) => c.length === 0 || (c.length === 1 && c[0] === ''))) {
    throw new InferenceRefusal([`the records of ${topic} have no columns (they are empty or only commas), nothing written`]);
  }
  if (columns && columns.length !== width) {
    throw new InferenceRefusal([
      `--columns names ${counted(columns.length, 'column')}, the records have ${width}; give ${width} names, one per column in order`,
    ]);
  }
  if (header) {
    const rowsAt = header.rows.map((i) => where(records[i])).join(', ');
    notes.push({
      level: 'warning',
      text:
        `${rowsAt} ${header.rows.length === 1 ? 'is a header row' : 'are header rows'} (${quote(records[header.rows[0]].value!)}): ${
          columns ? '--columns names the columns' : 'its texts name the columns'
        }; ` + 'Athena returns it as a row, NULL in the typed columns',
    });
  }
  if (split.some((c) => c.some((t) => t.startsWith('"')))) {
    notes.push({ level: 'warning', text: 'records quote columns: the connector splits on every comma, inside quotes too, and keeps the quotes' });
  }
  const candidates = Array.from({ length: width }, (_, index) => {
    const values = data.map((r, i) => csvValue(r, rows[i][index]));
    const source = columns?.[index] ?? header?.names[index] ?? `c${index}`;
    return { mapping: String(index), source, values, choice: chooseType(values, source, 'csv', options) };
  });
  const names = columns ? [...columns] : header ? distinctNames(header.names) : candidates.map((c) => c.source);
  return { candidates, names, data };
}

/** What a JSON or CSV topic's table should be; throws InferenceRefusal when the sample cannot make one. */
export function inferDocument(
  topic: string,
  format: 'json' | 'csv',
  records: readonly SampleRecord[],
  options: { columns?: readonly string[] } & TypeOptions = {},
): DocumentInference {
  const notes: Note[] = [];
  const readable = records.filter((r) => r.value !== null);
  let candidates: Candidate[];
  let names: string[];
  let data = readable;
  if (format === 'json') {
    candidates = jsonCandidates(readable, notes, options);
    if (candidates.length === 0) throw new InferenceRefusal([`no key of the records of ${topic} can be a column, nothing written`]);
    names = distinctNames(candidates.map((c) => c.source));
    if (candidates.some((c) => !isColumnName(c.source))) {
      notes.push({
        level: 'note',
        text:
          'keys that are not lower-case snake_case get such a name (Athena lower-cases column names; SQL would have to quote the rest) and ' +
          'stay the mapping',
      });
    }
  } else {
    ({ candidates, names, data } = csvCandidates(topic, readable, options.columns, notes, options));
  }
  confirm(topic, format, names, candidates, data);
  const fields = candidates.map((c, i) => ({
    name: names[i],
    mapping: c.mapping,
    source: c.source,
    type: c.choice.type,
    formatHint: c.choice.formatHint,
    evidence: c.choice.evidence,
    notes: c.choice.notes,
  }));
  return { format, document: documentOf(topic, format, fields), fields, notes };
}
