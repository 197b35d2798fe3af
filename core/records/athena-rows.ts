import type { AthenaValue } from './connector-values';
import { javaDoubleToString, javaFloatToString } from './java-double';
import { dateText, timestampText } from './java-calendar';
import type { RecordAt } from './record-tally';
import type { ColumnType } from '../tables/columns';

/*
 * The rows Athena returns for the records verify reads, as text the way the
 * Athena console shows them: DATE yyyy-MM-dd and TIMESTAMP yyyy-MM-dd
 * HH:mm:ss.SSS (UTC, proleptic Gregorian), BOOLEAN true/false, integers in
 * digits, DOUBLE and REAL as Java prints them, VARCHAR as the connector's text.
 */

export interface AthenaRow {
  readonly table: string;
  readonly partition: number;
  /** A number (Kafka offsets stay far below 2^53; a larger one is kept as its decimal string). */
  readonly offset: number | string;
  /** Column name to text, null for NULL. */
  readonly values: Record<string, string | null>;
  /** Why the connector cannot read the record's columns (every column NULL, or for Avro/Protobuf a failed query). */
  readonly unreadable?: string;
}

export interface RowColumn {
  readonly name: string;
  readonly type: ColumnType;
}

/** A value as the Athena console prints it; null for NULL. */
export function athenaText(value: AthenaValue, type: ColumnType): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean' || typeof value === 'bigint' || typeof value === 'string') return String(value);
  if (typeof value === 'number') {
    if (type === 'double') return javaDoubleToString(value);
    if (type === 'real') return javaFloatToString(Math.fround(value));
    return String(value);
  }
  if ('epochDay' in value) return dateText(value.epochDay);
  return timestampText(value.epochMillis);
}

const offsetOf = (offset: string): number | string => (Number.isSafeInteger(Number(offset)) ? Number(offset) : offset);

/** Keeps the first `limit` rows of a table, in the order Athena's splits read them: by partition, then offset. */
export class RowCollector {
  private readonly kept: AthenaRow[] = [];

  constructor(
    private readonly table: string,
    private readonly columns: readonly RowColumn[],
    private readonly limit = Infinity,
  ) {}

  /** A record the connector returns, one value per column. */
  add(at: RecordAt, values: readonly AthenaValue[]): void {
    const row = Object.fromEntries(this.columns.map((c, i) => [c.name, athenaText(values[i], c.type)]));
    this.kept.push({ table: this.table, partition: at.partition, offset: offsetOf(at.offset), values: row });
  }

  /** A record none of whose columns can be read. */
  unreadable(at: RecordAt, why: string): void {
    const row = Object.fromEntries(this.columns.map((c) => [c.name, null]));
    this.kept.push({ table: this.table, partition: at.partition, offset: offsetOf(at.offset), values: row, unreadable: why });
  }

  get rows(): AthenaRow[] {
    const sorted = [...this.kept].sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
    return sorted.slice(0, this.limit);
  }
}
