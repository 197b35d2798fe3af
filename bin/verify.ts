/**
 * `npm run verify -- --topic T [--sample N] [--brokers LIST]`: reads records from a
 * topic and checks each against its table schema the way the Athena MSK
 * connector parses it, reporting per field how many values Athena would return
 * as NULL, empty, or wrong. Exit 1 when any would.
 */
import { parseArgs } from 'node:util';
import Table from 'cli-table3';
import type { Kafka } from 'kafkajs';
import { readTopic } from '../functions/shared/read-topic';
import { RecordChecker, type TopicReport } from '../modules/registry/record-check';
import type { TableDefinition } from '../modules/registry/schema-folder';
import { InputError } from '../modules/shared/problems';
import { cliKafka, KAFKA_OPTIONS } from './kafka-cli';
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
  for (const r of records) for (const c of checkers) c.add(r.value);
  return { reports: checkers.map((c) => c.report), problems: checkers.reduce((n, c) => n + c.problems, 0) };
}

export function renderReport(report: TopicReport): string {
  const table = new Table({ head: ['field', 'type', 'ok', 'NULL', 'empty', 'wrong', 'why (first cases)'], style: { head: [], border: [] }, wordWrap: true, colWidths: [null, null, null, null, null, null, 60] as unknown as number[] });
  for (const f of report.fields) table.push([f.field, f.type, f.ok, f.nulls, f.empties, f.wrong, f.reasons.join('\n')]);
  const head = `topic ${report.topic} as ${report.table}: ${report.records} records read, ${report.tombstones} null values (tombstones), ${report.unreadable} values that are not JSON objects`;
  return `${head}\n${table.toString()}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      topic: { type: 'string' },
      sample: { type: 'string', default: '1000' },
      ...KAFKA_OPTIONS,
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || !values.topic) {
    console.log('usage: npm run verify -- --topic T [--sample 1000] [--brokers host:port,...] [--auth iam|plaintext] [--region R]\n  defaults to the local broker (npm run kafka:up) on 127.0.0.1:19092');
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const tables = projectRegistries().flatMap((r) => [...r.tables]);
  const result = await verifyTopic(cliKafka(values, 'msk-athena-verify').kafka, values.topic, tables, Number(values.sample));
  for (const r of result.reports) console.log(renderReport(r));
  console.log(result.problems === 0 ? 'verify: 0 problems; Athena reads every value as written' : `verify: ${result.problems} problems; Athena would not return these values as written`);
  if (result.problems > 0) process.exitCode = 1;
}

if (require.main === module) {
  main().catch((err: Error) => {
    console.error(err instanceof InputError ? err.message : `verify: ${err.message}`);
    process.exitCode = 1;
  });
}
