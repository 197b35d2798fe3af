import { RowCollector, type AthenaRow } from './athena-rows';
import { convert, csvColumns, jacksonText, parseJsonRecord, type AthenaValue } from './connector-values';
import type { LossKind } from './loss-kinds';
import { RecordTally, recordProblems, type TopicReport } from './record-tally';
import { counted } from '../problems';
import { connectorColumnType } from '../tables/columns';
import type { TableField, TableSchemaDocument } from '../tables/table-schema';

/*
 * Says, per field of each record, what Athena will return through the MSK
 * connector (connector-values.ts has its rules) and whether that is what the
 * producer wrote: ok, NULL, an empty string, or a wrong value (one the
 * connector silently changes). A NULL or "" where the writer gave no value (an
 * absent key or column, a JSON null in a number or date column, an empty value)
 * is as written; any other is a loss of a named kind (losses.ts).
 */

export type Outcome =
  | { readonly kind: 'ok'; readonly value: AthenaValue }
  | { readonly kind: 'null'; readonly why: string; readonly value: null; readonly loss: LossKind | null }
  | { readonly kind: 'empty' | 'wrong'; readonly why: string; readonly value: AthenaValue; readonly loss: LossKind | null };

export type { FieldReport, TopicReport } from './record-tally';

const show = (v: string) => (v.length > 40 ? `${JSON.stringify(v.slice(0, 37))}...` : JSON.stringify(v));

const WHOLE_NUMBER_TYPES = new Set(['TINYINT', 'SMALLINT', 'INT', 'INTEGER', 'BIGINT']);

/** Why a written value reads NULL: its text is one the column type's parser refuses. */
function unparsedLoss(type: string, text: string): LossKind {
  if (type === 'DATE' || type === 'TIMESTAMP') return 'unparsed-date';
  if (WHOLE_NUMBER_TYPES.has(type) && /^[+-]?[0-9]+$/.test(text)) return 'out-of-range';
  return 'unparsed-number';
}

/** An empty value (`what`): the writer gave none, and Athena shows none (NULL, or "" in a text column). */
function noneShown(converted: ReturnType<typeof convert>, what: string): Outcome {
  if (converted.value === null) return { kind: 'null', why: `${what} reads as NULL`, value: null, loss: null };
  return { kind: 'empty', why: `${what} reads as ""`, value: converted.value, loss: null };
}

/** Whether a JSON source value reads back as what it says (for text columns). */
function jsonOutcome(field: TableField, source: unknown, text: string): Outcome {
  const type = field.type.toUpperCase();
  const converted = convert(type, field.formatHint, text);
  if (source === null) {
    if (type === 'BOOLEAN') return { kind: 'wrong', why: 'JSON null reads as false (Boolean.parseBoolean("null"))', value: converted.value, loss: 'json-null' };
    // A JSON null reads NULL in number and date columns: the writer gave no value, and Athena shows none.
    if (converted.value === null) return { kind: 'null', why: `JSON null reads as NULL`, value: null, loss: null };
    return { kind: 'wrong', why: 'JSON null reads as the text "null"', value: converted.value, loss: 'json-null' };
  }
  if (typeof source === 'object' && !(source as { isLosslessNumber?: boolean }).isLosslessNumber) {
    const what = Array.isArray(source) ? 'array' : 'object';
    if (type === 'BOOLEAN') return { kind: 'wrong', why: `a nested ${what} reads as false`, value: converted.value, loss: 'nested' };
    if (converted.value === null) {
      return { kind: 'null', why: `a nested ${what} reads as NULL in ${type}: write it as a JSON string`, value: null, loss: 'nested' };
    }
    return { kind: 'empty', why: `a nested ${what} reads as "": write it as a JSON string`, value: converted.value, loss: 'nested' };
  }
  if (source === '' && type !== 'BOOLEAN') return noneShown(converted, 'an empty value');
  if (converted.value === null) return { kind: 'null', why: converted.why!, value: null, loss: unparsedLoss(type, text) };
  return judge(field, converted, typeof source === 'string' ? source : ((source as { value?: string }).value ?? String(source)));
}

/** ok or wrong for a converted value against the text that was written. */
function judge(field: TableField, converted: ReturnType<typeof convert>, written: string): Outcome {
  const type = field.type.toUpperCase();
  const value = converted.value;
  if (converted.misread) return { kind: 'wrong', why: converted.misread, value, loss: 'misread-date' };
  if (type === 'BOOLEAN' && !/^(true|false)$/i.test(written)) {
    return { kind: 'wrong', why: `${show(written)} reads as false: only "true" (any case) is true`, value, loss: 'not-boolean' };
  }
  // Text columns: the connector hands the written text through unconverted.
  if (typeof value === 'string') {
    if (value !== written) return { kind: 'wrong', why: `${show(written)} reads as ${show(String(value))}`, value, loss: 'reformatted' };
  }
  return { kind: 'ok', value };
}

export class RecordChecker {
  private readonly tally: RecordTally;
  private readonly collector?: RowCollector;

  /** With `rowLimit`, also keeps up to that many rows as Athena returns them (see `rows`). */
  constructor(
    table: string,
    private readonly document: TableSchemaDocument,
    rowLimit?: number,
  ) {
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
    // A record with no readable column is a problem of its own (RecordTally.unreadable), not of each field.
    if (typeof read === 'string') return this.document.message.fields.map(() => ({ kind: 'null', why: read, value: null, loss: 'other' }));
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
          return { kind: 'null', why, value: null, loss: null };
        }
        const type = f.type.toUpperCase();
        const converted = convert(f.type, f.formatHint, text);
        if (split >= 0 && index >= split) {
          const why = `a quoted comma in column ${split} splits it: this column reads ${show(text)}`;
          if (converted.value === null) return { kind: 'null', why, value: null, loss: 'csv-split' };
          return { kind: 'wrong', why, value: converted.value, loss: 'csv-split' };
        }
        if (text === '' && type !== 'BOOLEAN') return noneShown(converted, `empty column ${index}`);
        if (converted.value === null) return { kind: 'null', why: converted.why!, value: null, loss: unparsedLoss(type, text) };
        return judge(f, converted, text);
      });
    }
    const parsed = parseJsonRecord(value);
    if (parsed === undefined) return 'the record is not JSON';
    const isObject = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && !(parsed as { isLosslessNumber?: boolean }).isLosslessNumber;
    if (!isObject) return 'the record is not a JSON object';
    const obj = parsed as Record<string, unknown>;
    return fields.map((f) => {
      if (!Object.prototype.hasOwnProperty.call(obj, f.mapping)) return { kind: 'null', why: `key "${f.mapping}" is missing`, value: null, loss: null };
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

  /** Records or values Athena would not return as written (an unreadable record counts once), before any accepted loss. */
  get problems(): number {
    const r = this.report;
    return recordProblems(r) + r.fields.reduce((n, f) => n + f.lost, 0);
  }
}
