import { decodeVarint, decodeWireFormat } from './glue-wire-format';
import { admitRecord, tallyOutcomes, type FieldReport, type TopicReport } from './record-check';
import { avroOutcomes, protobufOutcomes, type RegistryOutcome } from './registry-values';
import type { AvroTable, ProtobufTable } from '../tables/schema-folder';

/** A schema version as the registry describes it (see SchemaVersions.describe). */
export interface WriterVersion {
  readonly registry: string;
  readonly schema: string;
  readonly dataFormat: string;
  readonly definition: string;
}

/**
 * verify for Avro and Protobuf tables: each record's header names the schema
 * version it was written with; the Glue Schema Registry deserializer (and with
 * it the whole query) fails on a record that is not in the wire format or whose
 * version the registry does not have. The rest is decoded with the writer's
 * version and judged column by column (registry-values.ts).
 */
export class RegistryRecordChecker {
  readonly report: TopicReport;
  private readonly stopped = new Set<number>();
  /** Records written with a version of another schema: read by field name, counted, not a problem. */
  foreign = 0;

  constructor(label: string, private readonly table: AvroTable | ProtobufTable) {
    this.report = {
      topic: table.topic,
      table: label,
      records: 0,
      tombstones: 0,
      skipped: 0,
      unreadable: 0,
      fields: table.columns.map((c): FieldReport => ({ field: c.name, type: c.declared, ok: 0, nulls: 0, empties: 0, wrong: 0, reasons: [] })),
    };
  }

  /** The schema version id in a record's header, or the reason there is none. */
  static versionId(value: Buffer): string | Error {
    try {
      return decodeWireFormat(value).schemaVersionId;
    } catch (err) {
      return err as Error;
    }
  }

  /** Checks one record (null value: a tombstone) with the version its id names (undefined: not in the registry). */
  add(value: Buffer | null, partition: number, version: WriterVersion | undefined): void {
    const r = this.report;
    if (!admitRecord(r, this.stopped, value, partition)) return;
    let outcomes: RegistryOutcome[];
    try {
      const { schemaVersionId, payload } = decodeWireFormat(value!);
      if (!version) throw new Error(`schema version ${schemaVersionId} is not in the registry`);
      if (version.dataFormat && version.dataFormat !== (this.table.format === 'avro' ? 'AVRO' : 'PROTOBUF')) throw new Error(`schema version ${schemaVersionId} is ${version.dataFormat}`);
      if (version.registry !== this.table.registry || version.schema !== this.table.table) this.foreign++;
      if (this.table.format === 'avro') outcomes = avroOutcomes(this.table.columns, version.definition, payload);
      else {
        const { value: index, rest } = decodeVarint(payload);
        outcomes = protobufOutcomes(this.table.columns, version.definition, index, rest);
      }
    } catch (err) {
      r.unreadable++;
      const why = `unreadable, the query fails: ${(err as Error).message}`;
      for (const f of r.fields) if (f.reasons.length < 3 && !f.reasons.includes(why)) f.reasons.push(why);
      return;
    }
    tallyOutcomes(r, outcomes);
  }

  /** Records or values Athena would not return as written; an unreadable record fails every query. */
  get problems(): number {
    const r = this.report;
    return r.unreadable + r.tombstones + r.skipped + r.fields.reduce((n, f) => n + f.nulls + f.wrong, 0);
  }
}
