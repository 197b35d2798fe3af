import { RowCollector, type AthenaRow } from './athena-rows';
import { convert, csvColumns, jacksonText, parseJsonRecord, type AthenaValue } from './connector-values';
import { RecordTally, type TopicReport } from './record-tally';
import { counted } from '../problems';
import { connectorColumnType } from '../tables/columns';
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

export type { FieldReport, TopicReport } from './record-tally';

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

export class RecordChecker {
  private readonly tally: RecordTally;
  private readonly collector?: RowCollector;

  /** With `rowLimit`, also keeps up to that many rows as Athena returns them (see `rows`). */
  constructor(table: string, private readonly document: TableSchemaDocument, rowLimit?: number) {
    const { fields } = document.message;
    this.tally = new RecordTally(
      document.topicName,
      table,
      fields.map((f) => ({ field: f.name, type: f.type })),
    );
    if (rowLimit !== undefined) {
      this.collector = new RowCollector(
        table,
        fields.map((f) => ({ name: f.name.toLowerCase(), type: connectorColumnType(f.type) })),
        rowLimit,
      );
    }
  }

  get report(): TopicReport {
    return this.tally.report;
  }

  /** The rows kept (when asked for), by partition and offset; records after a tombstone have none. */
  get rows(): AthenaRow[] | undefined {
    return this.collector?.rows;
  }

  /** What Athena returns for each field of one record value (every column NULL for an unreadable one). */
  outcomes(value: string): Outcome[] {
    const read = this.read(value);
    if (typeof read === 'string') return this.document.message.fields.map(() => ({ kind: 'null', why: read, value: null }));
    return read;
  }

  /**
   * The outcome per field, or why none of the record's columns can be read:
   * JSON that is not an object, CSV without any of the table's columns.
   */
  private read(value: string): Outcome[] | string {
    const { dataFormat, fields } = this.document.message;
    if (dataFormat === 'csv') {
      const columns = csvColumns(value);
      const first = Math.min(...fields.map((f) => Number(f.mapping)));
      if (columns.length <= first) {
        if (columns.length === 0) return 'the record is empty or only commas: it has no columns';
        return `the record has ${counted(columns.length, 'column')}, the table reads columns from ${first} on`;
      }
      // A quoted field holding a comma is split like any other: the columns after it shift.
      const split = columns.findIndex((c) => c.startsWith('"') && (c.length === 1 || !c.endsWith('"')));
      return fields.map((f) => {
        const index = Number(f.mapping);
        const text = columns[index];
        if (text === undefined) {
          const why =
            index >= columns.length
              ? `column ${index} is missing (${columns.length} columns; trailing empty columns are dropped)`
              : `column ${index} is missing`;
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
    if (parsed === undefined) return 'the record is not JSON';
    const isObject = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && !(parsed as { isLosslessNumber?: boolean }).isLosslessNumber;
    if (!isObject) return 'the record is not a JSON object';
    const obj = parsed as Record<string, unknown>;
    return fields.map((f) => {
      if (!Object.prototype.hasOwnProperty.call(obj, f.mapping)) return { kind: 'null', why: `key "${f.mapping}" is missing`, value: null };
      const source = obj[f.mapping];
      return jsonOutcome(f, source, jacksonText(source as never));
    });
  }

  /** Checks one record value (null for a tombstone) of a partition; without `offset`, see RecordTally.admit. */
  add(value: string | null, partition = 0, offset?: string): void {
    const at = this.tally.admit(value, partition, offset);
    if (!at) return;
    const read = this.read(value!);
    if (typeof read === 'string') {
      this.tally.unreadable(at, read);
      this.collector?.unreadable(at, read);
    } else {
      this.tally.outcomes(read);
      this.collector?.add(
        at,
        read.map((o) => o.value),
      );
    }
  }

  /** Records or values Athena would not return as written (an unreadable record counts once). */
  get problems(): number {
    const r = this.report;
    return r.unreadable + r.tombstones + r.skipped + r.fields.reduce((n, f) => n + f.nulls + f.empties + f.wrong, 0);
  }
}
