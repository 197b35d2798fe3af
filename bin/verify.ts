/**
 * `npm run verify -- --topic T [--sample N] [--brokers LIST]`: reads records from a
 * topic and checks each against its table schema the way the Athena MSK
 * connector parses it, reporting per field how many values Athena would return
 * as NULL, empty, or wrong. Exit 1 when any would.
 */
import Table from 'cli-table3';
import type { Kafka } from 'kafkajs';
import { readTopic } from '../functions/shared/read-topic';
import { RecordChecker, type TopicReport } from '../modules/registry/record-check';
import type { TableDefinition } from '../modules/registry/schema-folder';
import { cliMain, UsageError, wholeNumber } from './cli';
import { cliKafka, describeKafkaError, KAFKA_OPTIONS, KAFKA_USAGE } from './kafka-cli';
import { projectRegistries } from './project-schemas';

export interface VerifyResult {
  readonly reports: TopicReport[];
  readonly problems: number;
}

/** Checks up to `sample` records of `topic` against every table that reads it. */
export async function verifyTopic(kafka: Kafka, topic: string, tables: readonly TableDefinition[], sample: number): Promise<VerifyResult> {
  const readers = tables.filter((t) => t.document.topicName === topic);
  if (readers.length === 0) throw new Error(`no table in schemas/ reads topic ${topic}; use one of ${[...new Set(tables.map((t) => t.document.topicName))].join(', ')}`);
  const records = await readTopic(kafka, topic, sample);
  const checkers = readers.map((t) => new RecordChecker(`${t.registry}.${t.table}`, t.document));
  for (const r of records) for (const c of checkers) c.add(r.value, r.partition);
  return { reports: checkers.map((c) => c.report), problems: checkers.reduce((n, c) => n + c.problems, 0) };
}

export function renderReport(report: TopicReport): string {
  const table = new Table({ head: ['field', 'type', 'ok', 'NULL', 'empty', 'wrong', 'why (first cases)'], style: { head: [], border: [] }, wordWrap: true, colWidths: [null, null, null, null, null, null, 60] as unknown as number[] });
  for (const f of report.fields) table.push([f.field, f.type, f.ok, f.nulls, f.empties, f.wrong, f.reasons.join('\n')]);
  const head = `topic ${report.topic} as ${report.table}: ${report.records} records read, ${report.tombstones} null values (tombstones; ${report.skipped} later records of their partitions never returned), ${report.unreadable} values that are not JSON objects`;
  return `${head}\n${table.toString()}`;
}

const USAGE = `usage: npm run verify -- --topic T [options]
  --topic T          the topic to read (every table that reads it is checked)
  --sample N         records to read (default 1000)
  --json             print the counts per table and field as JSON (ok, nulls, empties, wrong, reasons)
${KAFKA_USAGE}
  -h, --help         this text`;

const spec = { name: 'verify', usage: USAGE, options: { topic: { type: 'string' }, sample: { type: 'string' }, json: { type: 'boolean' }, ...KAFKA_OPTIONS } } as const;

/** The machine-readable report of `verify --json`. */
export function jsonReport(result: VerifyResult): string {
  const tables = result.reports.map((r) => ({
    topic: r.topic,
    table: r.table,
    records: r.records,
    tombstones: r.tombstones,
    skipped: r.skipped,
    unreadable: r.unreadable,
    fields: r.fields.map((f) => ({ field: f.field, type: f.type, ok: f.ok, nulls: f.nulls, empties: f.empties, wrong: f.wrong, reasons: f.reasons })),
  }));
  return `${JSON.stringify({ problems: result.problems, tables }, null, 2)}\n`;
}

if (require.main === module) {
  cliMain(spec, async ({ values }) => {
    if (!values.topic) throw new UsageError('say which topic: --topic T');
    const sample = wholeNumber(values.sample, '--sample', { min: 1 }) ?? 1000;
    const tables = projectRegistries().flatMap((r) => [...r.tables]);
    if (!tables.some((t) => t.document.topicName === values.topic)) {
      throw new UsageError(`no table in schemas/ reads topic ${values.topic}; use one of ${[...new Set(tables.map((t) => t.document.topicName))].join(', ')}`);
    }
    const result = await verifyTopic((await cliKafka(values, 'msk-athena-verify')).kafka, values.topic, tables, sample);
    if (values.json) {
      process.stdout.write(jsonReport(result));
      return result.problems > 0 ? 1 : 0;
    }
    for (const r of result.reports) console.log(renderReport(r));
    console.log(result.problems === 0 ? 'verify: 0 problems; Athena reads every value as written' : `verify: ${result.problems} problems; Athena would not return these values as written`);
    return result.problems > 0 ? 1 : 0;
  }, describeKafkaError);
}
