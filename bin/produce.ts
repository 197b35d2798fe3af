/**
 * `npm run produce -- --local [--count N | --duration S] [--rate R] [--topic T]`:
 * runs the producer function's code against the local broker (or --brokers),
 * showing progress, and ends with the producer's summary line.
 */
import { parseArgs } from 'node:util';
import { produce, summaryLine } from '../functions/producer/produce';
import { producerTables } from '../functions/producer/tables';
import { InputError } from '../modules/shared/problems';
import { cliKafka, KAFKA_OPTIONS } from './kafka-cli';
import { projectRegistries } from './project-schemas';

const HELP = `usage: npm run produce -- --local [options]
  --local            write to the local broker (npm run kafka:up), 127.0.0.1:19092
  --brokers LIST     write to these brokers instead (host:port,...)
  --auth iam|plaintext   authentication (default: plaintext for --local, else iam)
  --region REGION    AWS region for IAM auth (default: AWS_REGION)
  --count N          stop after N records (default 1000)
  --duration S       stop after S seconds instead
  --rate R           records per second, 0 = as fast as possible (default 0)
  --topic T          only tables of topic T (repeatable)`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      local: { type: 'boolean', default: false },
      ...KAFKA_OPTIONS,
      count: { type: 'string' },
      duration: { type: 'string' },
      rate: { type: 'string', default: '0' },
      topic: { type: 'string', multiple: true },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || (!values.local && !values.brokers)) {
    console.log(HELP);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const { kafka, brokers } = cliKafka(values, 'msk-athena-produce');
  let tables = producerTables(projectRegistries());
  if (values.topic) tables = tables.filter((t) => values.topic!.includes(t.topic));
  if (tables.length === 0) {
    const known = [...new Set(producerTables(projectRegistries()).map((t) => t.topic))].join(', ');
    throw new Error(`no table in schemas/ reads topic ${values.topic?.join(', ')}; use one of ${known}`);
  }
  const duration = values.duration ? Number(values.duration) : undefined;
  const count = values.count ? Number(values.count) : duration === undefined ? 1000 : undefined;
  const tty = process.stderr.isTTY;
  let lastPrint = 0;
  console.error(`producing to ${tables.map((t) => t.topic).join(', ')} on ${brokers}`);
  const summary = await produce(kafka, tables, {
    recordsPerSecond: Number(values.rate),
    count,
    durationSeconds: duration,
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
  if (summary.errors > 0) process.exitCode = 1;
}

main().catch((err: Error) => {
  console.error(err instanceof InputError ? err.message : `produce: ${err.message}`);
  process.exitCode = 1;
});
