/**
 * `npm run produce -- --local [--count N | --duration S] [--rate R] [--topic T]`:
 * runs the producer function's code against the local broker (or --brokers),
 * showing progress, and ends with the producer's summary line.
 */
import { produce, summaryLine } from '../functions/producer/produce';
import { isRegistryEncoded, producerTables } from '../core/tables/producer-tables';
import { cliMain, UsageError, wholeNumber } from './cli';
import { cliKafka, cliSchemaVersions, describeKafkaError, isLocal, KAFKA_OPTIONS, KAFKA_USAGE } from './kafka-cli';
import { projectRegistries } from './project-schemas';

const USAGE = `usage: npm run produce -- --local [options]
       npm run produce -- --brokers LIST [options]
  --local            write to the local broker (npm run kafka:up); with --auth, to its TLS, SCRAM or IAM listener
${KAFKA_USAGE}
  --count N          stop after N records (default 1000)
  --duration S       stop after S seconds instead
  --rate R           records per second, 0 = as fast as possible (default 0)
  --topic T          only tables of topic T (repeatable)
  -h, --help         this text`;

const spec = {
  name: 'produce',
  usage: USAGE,
  options: {
    ...KAFKA_OPTIONS,
    count: { type: 'string' },
    duration: { type: 'string' },
    rate: { type: 'string' },
    topic: { type: 'string', multiple: true },
  },
} as const;

cliMain(spec, async ({ values }) => {
  if (!isLocal(values) && !values.brokers) throw new UsageError('say where to write: --local or --brokers LIST');
  const duration = wholeNumber(values.duration, '--duration', { min: 1 });
  const count = wholeNumber(values.count, '--count', { min: 1 }) ?? (duration === undefined ? 1000 : undefined);
  const rate = wholeNumber(values.rate, '--rate') ?? 0;
  const all = producerTables(projectRegistries());
  const tables = values.topic ? all.filter((t) => values.topic!.includes(t.topic)) : all;
  if (tables.length === 0) {
    throw new UsageError(`no table in schemas/ reads topic ${values.topic?.join(', ')}; use one of ${[...new Set(all.map((t) => t.topic))].join(', ')}`);
  }
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
}, describeKafkaError);
