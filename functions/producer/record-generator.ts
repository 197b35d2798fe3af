/*
 * What every table's generator gives (generators.ts for JSON and CSV tables,
 * registry-records.ts for Avro and Protobuf): a module of its own, so the
 * generators of both kinds can name it without importing each other.
 */

/** A record as Kafka gets it. The key is repeated inside the value: SQL cannot see keys. */
export interface GeneratedRecord {
  readonly key: string;
  /** Text for JSON and CSV tables; the Glue Schema Registry wire format for Avro and Protobuf. */
  readonly value: string | Buffer;
}

export type RecordGenerator = (now: Date) => GeneratedRecord;
