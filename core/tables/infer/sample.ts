/*
 * What inference reads: records of one topic as a Kafka reader hands them over
 * (functions/shared/read-topic.ts returns this shape), and how it points at one.
 */

export interface SampleRecord {
  readonly partition: number;
  readonly offset: string;
  /** The value as UTF-8 text; null for a tombstone. */
  readonly value: string | null;
  /** The value's bytes (Avro and Protobuf records are binary). */
  readonly bytes: Buffer | null;
}

/** Where a record is, so a user can fetch it: `partition 0 offset 12`. */
export const where = (r: Pick<SampleRecord, 'partition' | 'offset'>) => `partition ${r.partition} offset ${r.offset}`;

/** A value quoted for a message, cut short when long. */
export const quote = (text: string) => (text.length > 40 ? `${JSON.stringify(text.slice(0, 37))}...` : JSON.stringify(text));

/** One thing inference says about a field or the table: evidence for a choice, or a warning to act on. */
export interface Note {
  readonly level: 'note' | 'warning';
  readonly text: string;
}
