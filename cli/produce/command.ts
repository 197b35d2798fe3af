/**
 * `npm run produce -- --local [--count N | --duration S] [--rate R] [--topic T]`:
 * runs the producer function's code against the local broker (or --brokers),
 * showing progress, and ends with the producer's summary line.
 * `npm run produce -- --local --topic T --file F`: writes one's own records
 * instead, one per line of F (from-file.ts).
 */
import type { Readable } from 'node:stream';
import { produce, summaryLine } from '../../functions/producer/produce';
import { isRegistryEncoded, producerTables } from '../../core/tables/producer-tables';
import { runCli, UsageError, wholeNumber } from '../lib/command';
import { cliKafka, cliSchemaVersions, describeKafkaError, isLocal, KAFKA_OPTIONS, KAFKA_USAGE } from '../lib/kafka/connection';
import { projectRegistries } from '../lib/project/schemas';
import { teamTopicsByEnvironment } from '../lib/project/team-topics';
import { produceFile } from './from-file';

const USAGE = `usage: npm run produce -- --local [options]
       npm run produce -- --brokers LIST [options]
       npm run produce -- --local --topic T --file F [--key-field NAME | --key TEXT]
  --local            write to the local broker (npm run kafka:up); with --auth, to its TLS, SCRAM or IAM listener
${KAFKA_USAGE}
  --count N          stop after N records (default 1000)
  --duration S       stop after S seconds instead
  --rate R           records per second, 0 = as fast as possible (default 0)
  --topic T          only tables of topic T (repeatable); with --file, the one topic to write to
                     (with --brokers, never a team topic: topics.overrides.<T>.sampleRecords false)
  -h, --help         this text

Your own records (instead of generated ones):
  --file F           one record per line of file F (- reads standard input; blank lines are skipped):
                     JSON objects or CSV lines, written as they are; for a topic of an Avro or
                     Protobuf table, JSON objects of the schema's fields, written in the Glue Schema
                     Registry wire format with the version the registry has for the table's schema.
                     Every line is checked first (against the topic's table, when one reads it, as
                     npm run verify reads records); if any is wrong, each problem is listed with its
                     line and nothing is written. Ends with the records written per partition
  --key-field NAME   each record's key from its JSON key NAME (CSV: column NAME of the table, or a
                     0-based column index); records with the same key go to the same partition
  --key TEXT         the same key for every record (default: no key, records spread round-robin)
  --format json|csv  how to read the lines of a topic no table reads (default: json when the first
                     line starts with {, else csv); a topic's table decides its format
  --partitions N     a topic that does not exist on the local broker is created with N partitions
                     (default 1), so a team's topic can be made there to onboard it`;

const spec = {
  name: 'produce',
  usage: USAGE,
  options: {
    ...KAFKA_OPTIONS,
    count: { type: 'string' },
    duration: { type: 'string' },
    rate: { type: 'string' },
    topic: { type: 'string', multiple: true },
    file: { type: 'string' },
    'key-field': { type: 'string' },
    key: { type: 'string' },
    format: { type: 'string' },
    partitions: { type: 'string' },
  },
} as const;

/** The tool, run with an argument list (the npm script passes the process's) and the input `--file -` reads. */
export function main(argv: string[], stdin: Readable = process.stdin): Promise<number> {
  return runCli(
    spec,
    async ({ values }) => {
      if (!isLocal(values) && !values.brokers) throw new UsageError('say where to write: --local or --brokers LIST');
      if (values.file !== undefined) {
        const generated = (['count', 'duration', 'rate'] as const).filter((o) => values[o] !== undefined);
        if (generated.length > 0) throw new UsageError(`--${generated[0]} is for generated records; --file writes every line of the file once`);
        if (values.topic?.length !== 1) throw new UsageError('--file writes to one topic: give exactly one --topic T');
        return produceFile(
          { ...values, topic: values.topic[0], file: values.file, partitions: wholeNumber(values.partitions, '--partitions', { min: 1 }) },
          projectRegistries().flatMap((r) => [...r.tables]),
          stdin,
        );
      }
      const fileOnly = (['key-field', 'key', 'format', 'partitions'] as const).find((o) => values[o] !== undefined);
      if (fileOnly) throw new UsageError(`--${fileOnly} is for your own records: add --file F (generated records take their keys from the table)`);
      const duration = wholeNumber(values.duration, '--duration', { min: 1 });
      const count = wholeNumber(values.count, '--count', { min: 1 }) ?? (duration === undefined ? 1000 : undefined);
      const rate = wholeNumber(values.rate, '--rate') ?? 0;
      const all = producerTables(projectRegistries());
      const wanted = values.topic ? all.filter((t) => values.topic!.includes(t.topic)) : all;
      if (wanted.length === 0) {
        throw new UsageError(
          `no table in schemas/ reads topic ${values.topic?.join(', ')}; use one of ${[...new Set(all.map((t) => t.topic))].join(', ')}` +
            ' (or write your own records to any topic with --file F)',
        );
      }
      // On a cluster (not the local sandbox), a team's topic gets no generated record: its records are real.
      const team = isLocal(values) ? new Map<string, string>() : teamTopicsByEnvironment();
      const named = values.topic?.filter((t) => team.has(t)) ?? [];
      if (named.length > 0) {
        throw new UsageError(
          `${named.join(', ')} ${named.length === 1 ? 'is a team topic' : 'are team topics'} (${named.map((t) => team.get(t)).join('; ')}): ` +
            'produce writes no generated record to one; write your own records with --file F, or to the local broker with --local',
        );
      }
      const tables = wanted.filter((t) => !team.has(t.topic));
      for (const t of new Set(wanted.filter((w) => team.has(w.topic)).map((w) => w.topic))) console.error(`skipping ${t}: a team topic (${team.get(t)})`);
      if (tables.length === 0) throw new UsageError('every topic the tables read is a team topic: produce writes no generated record to one; use --file F');
      const { kafka, brokers } = await cliKafka(values, 'msk-athena-produce');
      const schemaVersions = tables.some(isRegistryEncoded) ? await cliSchemaVersions(values) : undefined;
      const tty = process.stderr.isTTY;
      let lastPrint = 0;
      console.error(`producing to ${tables.map((t) => t.topic).join(', ')} on ${brokers}`);
      const summary = await produce(kafka, tables, {
        recordsPerSecond: rate,
        count,
        durationSeconds: duration,
        schemaVersions,
        onProgress: (s) => {
          if (Date.now() - lastPrint < (tty ? 200 : 2000)) return;
          lastPrint = Date.now();
          const line = `  ${s.records}${count ? `/${count}` : ''} records, ${(s.bytes / 1e6).toFixed(2)} MB, ${s.seconds.toFixed(1)} s`;
          if (tty) process.stderr.write(`\r${line}`);
          else console.error(line);
        },
      });
      if (tty) process.stderr.write('\n');
      console.log(summaryLine(summary));
      return summary.errors > 0 ? 1 : 0;
    },
    argv,
    describeKafkaError,
  );
}
