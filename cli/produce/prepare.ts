import { csvColumns } from '../../core/records/connector-values';
import { RecordChecker } from '../../core/records/record-check';
import type { Problem } from '../../core/problems';
import type { AvroTable, DocumentTable, ProtobufTable, TableDefinition } from '../../core/tables/schema-folder';
import { UsageError } from '../lib/command';
import { csvFieldFindings, jsonFieldFindings, type FieldFinding } from './document-lines';
import type { InputLine } from './input-lines';
import { describeJson, keyText, parseJsonLine } from './json-line';
import { avroEncoder, protobufEncoder, type RegistryEncoder } from './registry-lines';

/*
 * `produce --file`: every line of the input checked and turned into the record
 * it becomes, before anything is sent. A file with any bad line gives its
 * problems (file, line, what, fix) and no records.
 */

export type LineFormat = 'json' | 'csv' | 'avro' | 'protobuf';

/** Where each record's key comes from: a field of the record, one text for all, or none. */
export type KeyChoice = { readonly field: string } | { readonly fixed: string } | undefined;

/** A record ready to send: JSON or CSV text as it was written, or Avro/Protobuf bytes without the wire-format header. */
export interface PreparedRecord {
  readonly line: number;
  readonly key: string | null;
  readonly value: string | Buffer;
}

export interface Preparation {
  readonly format: LineFormat;
  /** The tables the lines were checked against (none for a topic no table reads). */
  readonly tables: readonly TableDefinition[];
  readonly records: PreparedRecord[];
  readonly problems: Problem[];
}

/** The format lines are read in: the table's, else --format, else JSON when the first line opens an object. */
export function lineFormat(topic: string, tables: readonly TableDefinition[], requested: string | undefined, lines: readonly InputLine[]): LineFormat {
  if (requested !== undefined && requested !== 'json' && requested !== 'csv') throw new UsageError(`--format is json or csv, got "${requested}"`);
  const formats = [...new Set(tables.map((t) => t.format))];
  if (formats.length > 1) {
    throw new UsageError(`tables ${tables.map((t) => `${t.file} (${t.format})`).join(', ')} read topic ${topic} in different formats; make them agree first`);
  }
  if (formats.length === 1) {
    if (requested && requested !== formats[0]) {
      throw new UsageError(`--format ${requested}: ${tables[0].file} reads topic ${topic} as ${formats[0]}; leave --format out (the table decides)`);
    }
    return formats[0];
  }
  return (requested as LineFormat | undefined) ?? (lines[0]?.text.trimStart().startsWith('{') ? 'json' : 'csv');
}

/** The 0-based column of `--key-field` for CSV lines: a column name of the table, or an index. */
function csvKeyColumn(field: string, tables: readonly DocumentTable[]): number {
  const named = tables.flatMap((t) => t.document.message.fields).find((f) => f.name.toLowerCase() === field.toLowerCase());
  if (named) return Number(named.mapping);
  if (/^\d+$/.test(field)) return Number(field);
  const columns = tables.flatMap((t) => t.document.message.fields.map((f) => f.name));
  throw new UsageError(
    tables.length > 0
      ? `--key-field ${field}: ${tables[0].file} has no column ${field}; give one of ${columns.join(', ')}, or a 0-based column index`
      : `--key-field ${field}: CSV lines of a topic no table reads have no column names; give a 0-based column index`,
  );
}

/** Checks every line against the topic's tables (or, without one, the format) and prepares its record. */
export function prepareRecords(
  label: string,
  lines: readonly InputLine[],
  format: LineFormat,
  tables: readonly TableDefinition[],
  key: KeyChoice,
): Preparation {
  const problems: Problem[] = [];
  const records: PreparedRecord[] = [];
  if (lines.length === 0) {
    problems.push({ file: label, field: '', problem: 'holds no records (no line with any text)', fix: 'give one JSON object or CSV record per line' });
    return { format, tables, records, problems };
  }
  const documents = tables.filter((t): t is DocumentTable => t.format === 'json' || t.format === 'csv');
  const checkers = documents.map((t) => new RecordChecker(`${t.registry}.${t.table}`, t.document));
  const encoder: RegistryEncoder | undefined =
    format === 'avro' ? avroEncoder(tables[0] as AvroTable) : format === 'protobuf' ? protobufEncoder(tables[0] as ProtobufTable) : undefined;
  const keyColumn = format === 'csv' && key && 'field' in key ? csvKeyColumn(key.field, documents) : undefined;
  // Where several tables read the topic, each finding names the table file it comes from.
  const ofTable = (f: FieldFinding, t: TableDefinition): FieldFinding => (tables.length > 1 ? { ...f, at: `${f.at} of ${t.file}` } : f);

  for (const line of lines) {
    const at = (where?: string) => `line ${line.number}${where ? `, ${where}` : ''}`;
    const findings: FieldFinding[] = [];
    let recordKey: string | null = key && 'fixed' in key ? key.fixed : null;
    let value: string | Buffer = line.text;
    if (format === 'csv') {
      documents.forEach((t, i) => findings.push(...csvFieldFindings(t, checkers[i], line.text).map((f) => ofTable(f, t))));
      if (keyColumn !== undefined) {
        const text = csvColumns(line.text)[keyColumn];
        if (text === undefined || text === '') {
          findings.push({
            at: `column ${keyColumn}`,
            problem: 'is empty or missing, and --key-field takes the record key from it',
            fix: 'give every record a key there',
          });
        } else recordKey = text;
      }
    } else {
      const parsed = parseJsonLine(line.text);
      if (!('object' in parsed)) {
        problems.push({ file: label, field: at(), problem: parsed.problem, fix: parsed.fix });
        continue;
      }
      const record = parsed.object;
      if (key && 'field' in key) {
        const has = Object.prototype.hasOwnProperty.call(record, key.field);
        const text = has ? keyText(record[key.field]) : undefined;
        if (text === undefined) {
          findings.push({
            at: `key "${key.field}"`,
            problem: has
              ? `is ${describeJson(record[key.field])}, and a record key is text, a number or a boolean`
              : 'is missing, and --key-field takes the record key from it',
            fix: 'give every record a key there, or leave --key-field out',
          });
        } else recordKey = text;
      }
      if (encoder) {
        const encoded = encoder(record);
        if ('findings' in encoded) findings.push(...encoded.findings);
        else value = encoded.payload;
      } else {
        documents.forEach((t, i) => findings.push(...jsonFieldFindings(t, checkers[i], line.text, record).map((f) => ofTable(f, t))));
      }
    }
    for (const f of findings) problems.push({ file: label, field: at(f.at), problem: f.problem, fix: f.fix });
    if (findings.length === 0) records.push({ line: line.number, key: recordKey, value });
  }
  // A header row is a record like any other line: say so where the first line is refused.
  const first = format === 'csv' ? problems.findIndex((p) => p.field.startsWith(`line ${lines[0].number},`)) : -1;
  if (first >= 0) {
    const header = `if line ${lines[0].number} is a header row, remove it: every line is written as a record`;
    problems[first] = { ...problems[first], fix: `${problems[first].fix}; ${header}` };
  }
  return { format, tables, records: problems.length > 0 ? [] : records, problems };
}
