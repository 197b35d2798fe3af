import { RowCollector, type AthenaRow } from './athena-rows';
import { decodeVarint, decodeWireFormat } from './glue-wire-format';
import { registryLoss } from './losses';
import { RecordTally, recordProblems, type TopicReport } from './record-tally';
import { avroOutcomes, protobufOutcomes, type RegistryOutcome } from './registry-values';
import type { AvroTable, ProtobufTable } from '../tables/schema-folder';

/** A schema version as the registry describes it (see SchemaVersions.describe). */
export interface WriterVersion {
  readonly registry: string;
  readonly schema: string;
  readonly dataFormat: string;
  readonly definition: string;
}

/** The header and payload of a record, or an error that says the record is not in the wire format at all. */
function wireFormat(value: Buffer): ReturnType<typeof decodeWireFormat> {
  try {
    return decodeWireFormat(value);
  } catch (err) {
    throw new Error(`not in the Glue Schema Registry wire format: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * verify for Avro and Protobuf tables: each record's header names the schema
 * version it was written with; the Glue Schema Registry deserializer (and with
 * it the whole query) fails on a record that is not in the wire format or whose
 * version the registry does not have. The rest is decoded with the writer's
 * version and judged column by column (registry-values.ts).
 */
export class RegistryRecordChecker {
  private readonly tally: RecordTally;
  /** Records written with a version of another schema: read by field name, counted, not a problem. */
  foreign = 0;

  private readonly collector?: RowCollector;

  /** With `rowLimit`, also keeps up to that many rows as Athena returns them (see `rows`). */
  constructor(
    label: string,
    private readonly table: AvroTable | ProtobufTable,
    rowLimit?: number,
  ) {
    this.tally = new RecordTally(
      table.topic,
      label,
      table.columns.map((c) => ({ field: c.name, type: c.declared })),
    );
    if (rowLimit !== undefined)
      this.collector = new RowCollector(
        label,
        table.columns.map((c) => ({ name: c.name.toLowerCase(), type: c.type })),
        rowLimit,
      );
  }

  get report(): TopicReport {
    return this.tally.report;
  }

  /** The rows kept (when asked for), by partition and offset; an unreadable record's row names why the query fails. */
  get rows(): AthenaRow[] | undefined {
    return this.collector?.rows;
  }

  /** The schema version id in a record's header, or the reason there is none. */
  static versionId(value: Buffer): string | Error {
    try {
      return decodeWireFormat(value).schemaVersionId;
    } catch (err) {
      return err as Error;
    }
  }

  /**
   * Checks one record (null value: a tombstone) with the version its id names
   * (undefined: not in the registry); without `offset`, see RecordTally.admit.
   */
  add(value: Buffer | null, partition: number, version: WriterVersion | undefined, offset?: string): void {
    const at = this.tally.admit(value, partition, offset);
    if (!at) return;
    let outcomes: RegistryOutcome[];
    try {
      const { schemaVersionId, payload } = wireFormat(value!);
      if (!version) throw new Error(`schema version ${schemaVersionId} is not in the registry`);
      if (version.dataFormat && version.dataFormat !== (this.table.format === 'avro' ? 'AVRO' : 'PROTOBUF'))
        throw new Error(`schema version ${schemaVersionId} is ${version.dataFormat}`);
      if (version.registry !== this.table.registry || version.schema !== this.table.table) this.foreign++;
      if (this.table.format === 'avro') outcomes = avroOutcomes(this.table.columns, version.definition, payload);
      else {
        const { value: index, rest } = decodeVarint(payload);
        outcomes = protobufOutcomes(this.table.columns, version.definition, index, rest);
      }
    } catch (err) {
      this.tally.unreadable(at, (err as Error).message);
      this.collector?.unreadable(at, `${(err as Error).message}: the whole query fails`);
      return;
    }
    this.tally.outcomes(outcomes.map((o) => (o.kind === 'ok' ? o : { ...o, loss: registryLoss(o.why) })));
    this.collector?.add(
      at,
      outcomes.map((o) => o.value),
    );
  }

  /** Records or values Athena would not return as written; an unreadable record fails every query. */
  get problems(): number {
    const r = this.report;
    return recordProblems(r) + r.fields.reduce((n, f) => n + f.lost, 0);
  }
}
