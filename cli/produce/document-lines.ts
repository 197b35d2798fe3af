import { csvColumns } from '../../core/records/connector-values';
import { RecordChecker, type Outcome } from '../../core/records/record-check';
import type { Finding } from '../../core/problems';
import type { DocumentTable } from '../../core/tables/schema-folder';
import type { TableField } from '../../core/tables/table-schema';
import type { JsonObject } from './json-line';

/*
 * Whether the connector reads a JSON or CSV record as it was written, field by
 * field, on verify's rules (core/records/record-check.ts). A field the writer
 * gave no value (an absent key, a JSON null, an empty column) reading NULL or
 * empty is what was written; a value Athena would show otherwise (NULL for a
 * value that does not parse as the column's type, "" for a nested object, the
 * text "null", a rolled-over date) is refused.
 */

/** One refused field of one record: where in the record, what, and the fix. */
export interface FieldFinding extends Finding {
  /** `key "amount" (INTEGER)` or `column 2 (amount, INTEGER)`. */
  readonly at: string;
}

const RANGES: Record<string, string> = {
  TINYINT: '-128 to 127',
  SMALLINT: '-32768 to 32767',
  INT: '-2147483648 to 2147483647',
  INTEGER: '-2147483648 to 2147483647',
  BIGINT: '-9223372036854775808 to 9223372036854775807',
};

/** What to write instead, for a value the column does not take as written. */
function fixFor(field: TableField, why: string, format: 'json' | 'csv', file: string): string {
  const type = field.type.toUpperCase();
  const orRetype = `, or change the column's type in ${file}`;
  if (/JSON null/.test(why)) return 'leave the key out for NULL (a JSON null is read as text here)';
  if (/nested (object|array)/.test(why)) return 'write it as a JSON string (JSON.stringify of the value)';
  if (/quoted comma/.test(why)) return 'the connector splits on every comma and knows no quoting: remove the comma from the value';
  if (RANGES[type]) return `write a whole number from ${RANGES[type]}${orRetype}`;
  if (type === 'DOUBLE' || type === 'DECIMAL') return `write a number${orRetype}`;
  if (type === 'BOOLEAN') return `write true or false${orRetype}`;
  if (type === 'DATE' || type === 'TIMESTAMP') return `write it as the column's formatHint "${field.formatHint}" gives${orRetype}`;
  return format === 'json' ? 'write it as a JSON string, which the column shows as it is' : `write it as the column should show it${orRetype}`;
}

const fits = (o: Outcome, written: boolean) => o.kind === 'ok' || (!written && (o.kind === 'null' || o.kind === 'empty'));

const consequence = (o: Outcome) => (o.kind === 'null' ? ', so Athena shows NULL' : '');

/** The fields of `table` that one JSON record does not give as Athena will show them. */
export function jsonFieldFindings(table: DocumentTable, checker: RecordChecker, text: string, record: JsonObject): FieldFinding[] {
  const outcomes = checker.outcomes(text);
  return table.document.message.fields.flatMap((f, i) => {
    const has = Object.prototype.hasOwnProperty.call(record, f.mapping);
    const source = has ? record[f.mapping] : undefined;
    const o = outcomes[i];
    if (fits(o, has && source !== null && source !== '')) return [];
    // record-check's reason for a nested value carries its own fix; fixFor gives it here.
    const why = o.kind === 'ok' ? '' : o.why.replace(/: write it as a JSON string$/, '');
    return [{ at: `key "${f.mapping}" (${f.type})`, problem: `${why}${consequence(o)}`, fix: fixFor(f, why, 'json', table.file) }];
  });
}

/** The columns of `table` that one CSV record does not give as Athena will show them. */
export function csvFieldFindings(table: DocumentTable, checker: RecordChecker, text: string): FieldFinding[] {
  const columns = csvColumns(text);
  const outcomes = checker.outcomes(text);
  return table.document.message.fields.flatMap((f, i) => {
    const written = columns[Number(f.mapping)];
    const o = outcomes[i];
    if (fits(o, written !== undefined && written !== '')) return [];
    const why = o.kind === 'ok' ? '' : o.why;
    return [{ at: `column ${f.mapping} (${f.name}, ${f.type})`, problem: `${why}${consequence(o)}`, fix: fixFor(f, why, 'csv', table.file) }];
  });
}
