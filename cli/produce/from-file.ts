import type { Readable } from 'node:stream';
import { encodeWireFormat } from '../../core/records/glue-wire-format';
import { counted, InputError } from '../../core/problems';
import type { TableDefinition } from '../../core/tables/schema-folder';
import { UsageError } from '../lib/command';
import { cliKafka, cliSchemaVersions, isLocal } from '../lib/kafka/connection';
import { inputLabel, inputLines, readInput } from './input-lines';
import { lineFormat, prepareRecords, type KeyChoice } from './prepare';
import { sendRecords, topicPartitions } from './send-file';

/** Problems listed before the rest are only counted: the first ones show what to fix. */
const SHOWN = 20;

/** The options of `produce --file` (command.ts), the connection ones as KAFKA_OPTIONS parses them. */
export interface FileOptions {
  readonly local?: boolean;
  readonly 'local-port'?: string;
  readonly brokers?: string;
  readonly auth?: string;
  readonly region?: string;
  readonly 'glue-endpoint'?: string;
  readonly topic: string;
  readonly file: string;
  readonly format?: string;
  readonly 'key-field'?: string;
  readonly key?: string;
  /** Partitions of a topic this creates on the local broker. */
  readonly partitions?: number;
}

/**
 * `produce --topic T --file F`: reads and checks every line first (against the
 * topic's table when one reads it), then writes them all, or nothing. Prints the
 * records written per partition.
 */
export async function produceFile(options: FileOptions, allTables: readonly TableDefinition[], stdin: Readable): Promise<number> {
  if (options['key-field'] !== undefined && options.key !== undefined) throw new UsageError('--key-field and --key both say where keys come from; give one');
  const key: KeyChoice = options['key-field'] !== undefined ? { field: options['key-field'] } : options.key !== undefined ? { fixed: options.key } : undefined;
  const tables = allTables.filter((t) => t.topic === options.topic);
  const label = inputLabel(options.file);
  const lines = inputLines(await readInput(options.file, stdin));
  const format = lineFormat(options.topic, tables, options.format, lines);
  const prepared = prepareRecords(label, lines, format, tables, key);
  if (prepared.problems.length > 0) {
    const lineCount = new Set(prepared.problems.map((p) => p.field.split(',')[0])).size;
    const more = prepared.problems.length > SHOWN ? ` (the first ${SHOWN} below)` : '';
    throw new InputError(
      prepared.problems.slice(0, SHOWN),
      `produce: ${counted(prepared.problems.length, 'problem')} on ${counted(lineCount, 'line')} of ${label}${more}, nothing was written:`,
    );
  }

  const { kafka, brokers } = await cliKafka(options, 'msk-athena-produce');
  // The local broker is a sandbox: a topic to onboard is made there by writing its records. A cluster's topics are its team's to make.
  const local = isLocal(options);
  if (options.partitions !== undefined && !local) throw new UsageError('--partitions is for a topic produce creates on the local broker (--local)');
  const { partitions, created } = await topicPartitions(kafka, options.topic, brokers, local ? { partitions: options.partitions ?? 1 } : undefined);
  if (created) console.log(`produce: created topic ${options.topic} on the local broker ${brokers} (${counted(partitions.length, 'partition')})`);
  let records = prepared.records;
  if (format === 'avro' || format === 'protobuf') {
    const t = tables[0];
    const id = await (await cliSchemaVersions(options)).idFor(t.registry, t.table, t.definition);
    records = records.map((r) => ({ ...r, value: encodeWireFormat(id, r.value as Buffer) }));
  }
  const counts = await sendRecords(kafka, options.topic, partitions, records);
  const how =
    tables.length > 0
      ? `${format}, checked against ${tables.map((t) => t.file).join(' and ')}`
      : `${format} lines as they are: no table reads ${options.topic}`;
  const keys = key ? ('field' in key ? `keys from ${format === 'csv' ? 'column' : 'key'} ${key.field}` : `key ${JSON.stringify(key.fixed)}`) : 'no keys';
  console.log(`produce: wrote ${counted(records.length, 'record')} from ${label} to ${options.topic} on ${brokers} (${how}; ${keys})`);
  for (const [partition, n] of counts) console.log(`  partition ${partition}: ${counted(n, 'record')}`);
  return 0;
}
