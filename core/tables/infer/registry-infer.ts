import { decodeWireFormat } from '../../records/glue-wire-format';
import type { WriterVersion } from '../../records/registry-record-check';
import { counted } from '../../problems';
import { InferenceRefusal } from './refusal';
import { where, type Note, type SampleRecord } from './sample';

/*
 * An Avro or Protobuf table is the writer's own schema: each record's header
 * names the schema version it was written with, and the registry holds its
 * definition. The table file takes the version of the newest records (the last
 * record of each partition); the connector decodes every record with its own
 * version, so older records still read.
 */

export interface RegistryInference {
  readonly format: 'avro' | 'protobuf';
  /** `<topic>.avsc` or `<topic>.proto`: for these formats the file name is the topic. */
  readonly fileName: string;
  readonly text: string;
  readonly versionId: string;
  readonly writer: WriterVersion;
  readonly notes: readonly Note[];
}

/** The schema version id in each record's header, with the records that carry it. */
export function versionIdsOf(records: readonly SampleRecord[]): Map<string, SampleRecord[]> {
  const ids = new Map<string, SampleRecord[]>();
  for (const r of records) {
    if (!r.bytes) continue;
    const id = decodeWireFormat(r.bytes).schemaVersionId;
    ids.set(id, [...(ids.get(id) ?? []), r]);
  }
  return ids;
}

/** The version of the last record of each partition; the most common when partitions differ. */
function newestVersion(byId: Map<string, SampleRecord[]>): string {
  const last = new Map<number, { offset: bigint; id: string }>();
  for (const [id, records] of byId) {
    for (const r of records) {
      const seen = last.get(r.partition);
      if (!seen || BigInt(r.offset) > seen.offset) last.set(r.partition, { offset: BigInt(r.offset), id });
    }
  }
  const votes = new Map<string, number>();
  for (const { id } of last.values()) votes.set(id, (votes.get(id) ?? 0) + 1);
  return [...votes.entries()].sort((a, b) => b[1] - a[1])[0][0];
}

/** JSON laid out two spaces deep; text that is not JSON as it is (the schema check says what is wrong with it). */
function prettyJson(definition: string): string {
  try {
    return `${JSON.stringify(JSON.parse(definition), null, 2)}\n`;
  } catch {
    return `${definition.replace(/\s*$/, '')}\n`;
  }
}

/** The table file for a topic of wire-format records, given what the registry says of each version id. */
export function inferRegistryTable(
  topic: string,
  records: readonly SampleRecord[],
  versions: ReadonlyMap<string, WriterVersion | undefined>,
  registryName: string,
): RegistryInference {
  const byId = versionIdsOf(records.filter((r) => r.value !== null));
  const missing = [...byId].filter(([id]) => !versions.get(id));
  if (missing.length > 0) {
    throw new InferenceRefusal([
      `${counted(
        missing.reduce((n, [, rs]) => n + rs.length, 0),
        'record',
      )} of ${topic} name schema versions ${registryName} does not have, nothing written:`,
      ...missing.map(([id, rs]) => `  ${id} (first at ${where(rs[0])})`),
      '  point --glue-endpoint or --region at the registry the producers write to',
    ]);
  }
  const schemas = new Map<string, SampleRecord[]>();
  for (const [id, rs] of byId) {
    const v = versions.get(id)!;
    const key = `${v.registry}/${v.schema} (${v.dataFormat})`;
    schemas.set(key, [...(schemas.get(key) ?? []), ...rs]);
  }
  if (schemas.size > 1) {
    throw new InferenceRefusal([
      `the sample of ${topic} is contradictory, nothing written: its records were written with ${schemas.size} different schemas`,
      ...[...schemas].map(([schema, rs]) => `  ${schema}: ${counted(rs.length, 'record')}, first at ${where(rs[0])}`),
      '  one table reads one schema: move the other records to a topic of their own',
    ]);
  }
  const versionId = newestVersion(byId);
  const writer = versions.get(versionId)!;
  if (writer.dataFormat !== 'AVRO' && writer.dataFormat !== 'PROTOBUF') {
    throw new InferenceRefusal([
      `${topic}: the records are ${writer.dataFormat || 'of an unknown data format'} in the Glue Schema Registry wire format (${writer.registry}/${
        writer.schema
      }), nothing written`,
      '  the connector reads Avro and Protobuf records this way; JSON records must be plain JSON (no registry header)',
    ]);
  }
  const notes: Note[] = [];
  if (byId.size > 1) {
    const others = [...byId.keys()].filter((id) => id !== versionId);
    notes.push({
      level: 'note',
      text: `records carry ${byId.size} versions of ${writer.registry}/${
        writer.schema
      }; the table takes ${versionId}, the newest records' (the connector reads each record with its own version; others: ${others.join(', ')})`,
    });
  }
  const avro = writer.dataFormat === 'AVRO';
  // Pretty-printed for review; the project hands Glue the parsed document, so the layout makes no new version.
  const text = avro ? prettyJson(writer.definition) : `${writer.definition.replace(/\s*$/, '')}\n`;
  return { format: avro ? 'avro' : 'protobuf', fileName: `${topic}.${avro ? 'avsc' : 'proto'}`, text, versionId, writer, notes };
}
