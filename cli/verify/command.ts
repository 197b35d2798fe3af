/**
 * `npm run verify -- --topic T [--sample N] [--brokers LIST]`: reads records from a
 * topic and checks each against its table schema the way the Athena MSK
 * connector reads it, reporting per field how many values Athena returns as
 * written, how many the writer left out (NULL or "" in Athena, as written), and
 * how many it loses and why, and the partition and offset of records it cannot
 * read or never returns. Exit 1 when a value is lost (unless that loss is
 * accepted) or a record unreadable or never returned. Avro and Protobuf records
 * are decoded from the Glue Schema Registry wire format with the version their
 * header names, looked up in the registry.
 */
import type { Kafka } from 'kafkajs';
import { readTopic } from '../../functions/shared/read-topic';
import type { SchemaVersions } from '../../functions/shared/schema-versions';
import { RecordChecker } from '../../core/records/record-check';
import { RegistryRecordChecker, type WriterVersion } from '../../core/records/registry-record-check';
import type { AvroTable, ProtobufTable, TableDefinition } from '../../core/tables/schema-folder';
import type { AthenaRow } from '../../core/records/athena-rows';
import { runCli, UsageError, wholeNumber } from '../lib/command';
import { LOSS_KINDS, type AcceptedLoss } from '../../core/records/losses';
import { acceptFile, acceptOptions, rowLimit, withRowsValue } from './args';
import { cliKafka, cliSchemaVersions, describeKafkaError, KAFKA_OPTIONS, KAFKA_USAGE } from '../lib/kafka/connection';
import { topicTables } from '../lib/project/schemas';
import { jsonReport, renderReport, renderRows, summaryLine, verifyResult, type VerifyResult } from '../lib/verify-report';

export { jsonReport, renderReport, renderRows, summaryLine, type VerifyResult };

const topicsOf = (tables: readonly TableDefinition[]) => [...new Set(tables.map((t) => t.topic))].join(', ');

/**
 * Checks up to `sample` records of `topic` against every table that reads it;
 * with `rowsPerTable`, also gives up to that many rows per table as Athena
 * returns them. Lost values of an `accepted` kind on their field do not count as problems.
 */
export async function verifyTopic(
  kafka: Kafka,
  topic: string,
  tables: readonly TableDefinition[],
  sample: number,
  schemaVersions?: SchemaVersions,
  rowsPerTable?: number,
  accepted: readonly AcceptedLoss[] = [],
): Promise<VerifyResult> {
  const readers = tables.filter((t) => t.topic === topic);
  if (readers.length === 0) throw new Error(`no table in schemas/ reads topic ${topic}; use one of ${topicsOf(tables)}`);
  const records = await readTopic(kafka, topic, sample);
  const reports: VerifyResult['reports'] = [];
  const rows: AthenaRow[] = [];
  for (const t of readers) {
    const label = `${t.registry}.${t.table}`;
    if (t.format === 'json' || t.format === 'csv') {
      const checker = new RecordChecker(label, t.document, rowsPerTable);
      for (const r of records) checker.add(r.value, r.partition, r.offset);
      reports.push({ ...checker.report, format: t.format });
      rows.push(...(checker.rows ?? []));
      continue;
    }
    if (!schemaVersions) throw new Error(`${label} is ${t.format}: verify needs the Glue Schema Registry to read it`);
    const ids = [
      ...new Set(records.flatMap((r) => (r.bytes ? [RegistryRecordChecker.versionId(r.bytes)] : [])).filter((id): id is string => typeof id === 'string')),
    ];
    const versions = new Map<string, WriterVersion | undefined>(await Promise.all(ids.map(async (id) => [id, await schemaVersions.describe(id)] as const)));
    const checker = new RegistryRecordChecker(label, t as AvroTable | ProtobufTable, rowsPerTable);
    for (const r of records) {
      const id = r.bytes ? RegistryRecordChecker.versionId(r.bytes) : undefined;
      checker.add(r.bytes, r.partition, typeof id === 'string' ? versions.get(id) : undefined, r.offset);
    }
    reports.push({ ...checker.report, format: t.format });
    rows.push(...(checker.rows ?? []));
  }
  return verifyResult(reports, accepted, rowsPerTable === undefined ? undefined : rows);
}

const USAGE = `usage: npm run verify -- --topic T [options]
  --topic T          the topic to read (every table that reads it is checked)
  --sample N         records to read (default 1000)
  --local            the local broker (npm run kafka:up; the default without --brokers); --auth picks its listener
  --rows [N]         also print the records as rows, exactly as Athena returns them (all records read, or the
                     first N per table by partition and offset): DATE yyyy-MM-dd, TIMESTAMP yyyy-MM-dd HH:mm:ss.SSS
                     (UTC), NULL where Athena has NULL; records after a tombstone are absent
  --accept registry.table.field:kind   accept one kind of loss on one field (repeat for more): its
                     values are still reported, and no longer fail verify
  --accept-file F    accepted losses a team commits: {"accepted": [{"loss": "registry.table.field:kind",
                     "why": "the reason"}]}; it may name tables of any topic
  --json             print the verdict as JSON: "problems" (what fails), "lost", "acceptedLost", "noValue",
                     "accepted" (each accepted loss with the values it covers), and per table and field
                     ok, noValue, lost, "losses" [{"kind", "values", "reasons", "accepted"}] (and nulls,
                     empties, wrong: what Athena shows), with the partition and offset of tombstones and
                     unreadable records; with --rows also
                     "rows": [{"table", "partition", "offset", "values": {"column": "text" or null}}]
${KAFKA_USAGE}
  -h, --help         this text

A value passes when Athena shows it as written, or when the writer gave none (an absent key or
column, a JSON null in a number or date column, an empty value) and Athena shows none. Any other
value is lost, of one of these kinds:
${Object.entries(LOSS_KINDS)
  .map(([k, v]) => `  ${k.padEnd(16)} ${v}`)
  .join('\n')}
Exit 0 when nothing is lost but accepted losses, 1 when a value is lost or a record is unreadable
or never returned (a tombstone), 2 for a usage error.`;

const spec = {
  name: 'verify',
  usage: USAGE,
  options: {
    topic: { type: 'string' },
    sample: { type: 'string' },
    rows: { type: 'string' },
    json: { type: 'boolean' },
    accept: { type: 'string', multiple: true },
    'accept-file': { type: 'string' },
    ...KAFKA_OPTIONS,
  },
} as const;

/** `npm run verify` with `argv`; the exit code. */
export function main(argv: string[]): Promise<number> {
  return runCli(
    spec,
    async ({ values }) => {
      if (!values.topic) throw new UsageError('say which topic: --topic T');
      const sample = wholeNumber(values.sample, '--sample', { min: 1 }) ?? 1000;
      const rows = rowLimit(values.rows);
      const { tables, warnings } = topicTables(values.topic);
      for (const w of warnings) console.error(w);
      const readers = tables.filter((t) => t.topic === values.topic);
      if (readers.length === 0) throw new UsageError(`no table in schemas/ reads topic ${values.topic}; use one of ${topicsOf(tables)}`);
      const accepted = [...acceptOptions(values.accept, values.topic, tables), ...(values['accept-file'] ? acceptFile(values['accept-file'], tables) : [])];
      const { kafka } = await cliKafka(values, 'msk-athena-verify');
      const versions = readers.some((t) => t.format === 'avro' || t.format === 'protobuf') ? await cliSchemaVersions(values) : undefined;
      const result = await verifyTopic(kafka, values.topic, tables, sample, versions, rows, accepted);
      // No record read is no evidence: "every value as written" would be true of nothing.
      const empty = result.reports.every((r) => r.records === 0);
      const nothingRead = `verify: read no record of ${values.topic} (an empty topic, or its records are past retention), so nothing was checked; write some first (npm run produce)`;
      if (values.json) {
        process.stdout.write(jsonReport(result));
        if (empty) console.error(nothingRead);
        return result.problems > 0 || empty ? 1 : 0;
      }
      for (const r of result.reports) {
        console.log(renderReport(r, result.accepted));
        if (result.rows) console.log(renderRows(r.table, result.rows));
      }
      if (empty) {
        console.error(nothingRead);
        return 1;
      }
      console.log(summaryLine(result));
      return result.problems > 0 ? 1 : 0;
    },
    withRowsValue(argv),
    describeKafkaError,
  );
}
