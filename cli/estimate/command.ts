/**
 * `npm run estimate -- --topic T [--json]`: what one Athena query of the topic's
 * table costs now. The connector has no offset, partition or LIMIT pushdown:
 * every query reads the whole retained topic, so the cost follows the topic's
 * offsets, not the SQL.
 */
import type { Kafka } from 'kafkajs';
import { loadEnvironmentConfig, DEFAULT_ENVIRONMENT } from '../../config/load';
import { MSK_CONNECTOR_ARCHITECTURE, MSK_CONNECTOR_DEFAULT_MEMORY_MB } from '../../core/aws-facts';
import { closestMatch } from '../../core/suggest';
import { MAX_RECORDS_IN_SPLIT } from '../../core/cost/connector-splits';
import { PRICES, formatUsd } from '../../core/cost/prices';
import { CONNECTOR_TIMING, estimateQuery, type QueryEstimate, type TableFormat } from '../../core/cost/query-model';
import { readTopic } from '../../functions/shared/read-topic';
import { formatBytes } from '../lib/athena/render';
import { runCli, UsageError, wholeNumber } from '../lib/command';
import { cliKafka, describeKafkaError, KAFKA_OPTIONS, KAFKA_USAGE } from '../lib/kafka/connection';
import { projectRegistries } from '../lib/project/schemas';

/** Lambda's default concurrency quota per account and region: the most connector instances one query gets. */
const DEFAULT_CONCURRENCY = 1000;

const USAGE = `usage: npm run estimate -- --topic T [options]

What one Athena query of the topic's table costs now: records retained per
partition, bytes (average size of a sample x records), the connector's splits
(${MAX_RECORDS_IN_SPLIT.toLocaleString('en-US')} offsets each, at least one per partition), Lambda invocations,
an estimated duration, and USD for the connector's Lambda and Athena.

  --topic T          the topic a table reads (schemas/ says which table and format)
  --env NAME         environment whose connector memory and region price it (default ${DEFAULT_ENVIRONMENT})
  --sample N         records read to learn the average record size (default 500)
  --concurrency N    connector instances at once (default ${DEFAULT_CONCURRENCY}, Lambda's default account quota)
  --warm             leave cold starts out (a query soon after another)
  --json             print the estimate as JSON (keys records, bytes, splits, usd, ...)
  --local            the local broker (npm run kafka:up; the default without --brokers)
${KAFKA_USAGE}
  -h, --help         this text

The model (measured with connector v2026.33.1): a full split reads in ~0.1 s
(JSON ${CONNECTOR_TIMING.bytesPerSecond.json / 1e6} MB/s, CSV ${CONNECTOR_TIMING.bytesPerSecond.csv / 1e6} MB/s), each split costs ~55-70 ms more, the last
split of every partition waits ~${CONNECTOR_TIMING.lastSplitWaitSeconds} s at the log end, a cold start adds ~${CONNECTOR_TIMING.coldStartSeconds} s.
Prices: AWS list prices of ${PRICES.asOf}; Athena bills at least ${PRICES.athenaMinimumMb} MB a query.`;

const spec = {
  name: 'estimate',
  usage: USAGE,
  options: {
    topic: { type: 'string' },
    env: { type: 'string' },
    sample: { type: 'string' },
    concurrency: { type: 'string' },
    warm: { type: 'boolean' },
    json: { type: 'boolean' },
    ...KAFKA_OPTIONS,
  },
} as const;

export interface TopicEstimate extends QueryEstimate {
  readonly topic: string;
  readonly format: TableFormat;
  /** Tables that read the topic, as database.table (empty when schemas/ has none). */
  readonly tables: readonly string[];
  readonly sampledRecords: number;
  readonly averageRecordBytes: number;
  readonly memoryMb: number;
  readonly architecture: string;
  readonly concurrency: number;
}

export interface EstimateOptions {
  readonly format: TableFormat;
  readonly tables?: readonly string[];
  readonly sample: number;
  readonly memoryMb: number;
  readonly region: string;
  readonly concurrency: number;
  readonly coldStart: boolean;
}

/** Reads the topic's offsets and a sample of its records, then applies the model. */
export async function estimateTopic(kafka: Kafka, topic: string, options: EstimateOptions): Promise<TopicEstimate> {
  const admin = kafka.admin();
  await admin.connect();
  let offsets;
  try {
    const topics = await admin.listTopics();
    if (!topics.includes(topic)) {
      const near = closestMatch(topic, topics);
      throw new Error(
        `no topic ${topic} on the brokers; ${near ? `did you mean ${near}? ` : ''}check --topic and --brokers, or create the topics with npm run topics`,
      );
    }
    offsets = await admin.fetchTopicOffsets(topic);
  } finally {
    await admin.disconnect();
  }
  const partitions = offsets.map((o) => ({ partition: o.partition, begin: Number(o.low), end: Number(o.high) })).sort((a, b) => a.partition - b.partition);
  const sample = partitions.some((p) => p.end > p.begin) ? await readTopic(kafka, topic, options.sample) : [];
  const sampledBytes = sample.reduce((a, r) => a + (r.bytes?.length ?? 0), 0);
  const averageRecordBytes = sample.length ? sampledBytes / sample.length : 0;
  const estimate = estimateQuery({
    partitions,
    averageRecordBytes,
    format: options.format,
    memoryMb: options.memoryMb,
    architecture: MSK_CONNECTOR_ARCHITECTURE,
    region: options.region,
    concurrency: options.concurrency,
    coldStart: options.coldStart,
  });
  return {
    topic,
    format: options.format,
    tables: options.tables ?? [],
    ...estimate,
    sampledRecords: sample.length,
    averageRecordBytes,
    memoryMb: options.memoryMb,
    architecture: MSK_CONNECTOR_ARCHITECTURE,
    concurrency: options.concurrency,
  };
}

const n = (v: number) => v.toLocaleString('en-US');
const plural = (count: number, word: string) => `${n(count)} ${word}${count === 1 ? '' : 's'}`;

/** The estimate for people: the partitions, then one line each for splits, time and money. */
export function renderEstimate(e: TopicEstimate): string {
  const width = (values: string[]) => Math.max(...values.map((v) => v.length));
  const cols = [
    ['partition', ...e.partitions.map((p) => String(p.partition))],
    ['begin', ...e.partitions.map((p) => n(p.begin))],
    ['end', ...e.partitions.map((p) => n(p.end))],
    ['records', ...e.partitions.map((p) => n(p.records))],
    ['splits', ...e.partitions.map((p) => n(p.splits))],
  ];
  const widths = cols.map(width);
  const rows = cols[0].map((_, i) =>
    cols
      .map((c, j) => (j === 0 ? c[i].padEnd(widths[j]) : c[i].padStart(widths[j])))
      .join('  ')
      .trimEnd(),
  );
  const read = e.tables.length ? `read by ${e.tables.join(', ')} (${e.format})` : `no table in schemas/ reads it (priced as ${e.format})`;
  const sampled = e.sampledRecords
    ? `average ${formatBytes(Math.round(e.averageRecordBytes))} over ${plural(e.sampledRecords, 'sampled record')}`
    : 'no records to sample';
  const prices = `${e.prices.region} prices of ${PRICES.asOf}${e.prices.fallback ? ' (the price table has none for this region)' : ''}`;
  return [
    `topic ${e.topic}: ${read}`,
    ...rows.map((r) => `  ${r}`),
    `records:  ${n(e.records)} retained, ${formatBytes(e.bytes)} (${sampled})`,
    `splits:   ${n(e.splits)} (${n(MAX_RECORDS_IN_SPLIT)} offsets each, at least one per partition); ` +
      `${plural(e.invocations, 'Lambda invocation')} with ${n(e.metadataCalls)} metadata calls`,
    `duration: ~${e.durationSeconds.toFixed(1)} s at up to ${plural(Math.min(e.concurrency, e.splits), 'instance')}; ` +
      `${e.lambdaGbSeconds.toFixed(1)} GB-s at ${e.memoryMb} MB ${e.architecture}`,
    `cost:     ${formatUsd(e.usd.total)} a query = Lambda ${formatUsd(e.usd.lambda)} + Athena ${formatUsd(e.usd.athena)} ` +
      `(${formatBytes(e.athenaBilledBytes)} billed${e.bytes < e.athenaBilledBytes && e.athenaBilledBytes === PRICES.athenaMinimumMb * 2 ** 20 ? ', the minimum' : ''}); ${prices}`,
  ].join('\n');
}

/** The estimate as JSON: the keys records, bytes, splits and usd (the total), with the parts beside them. */
export function jsonEstimate(e: TopicEstimate): string {
  const { usd, ...rest } = e;
  return JSON.stringify({ ...rest, usd: usd.total, costs: usd, pricesAsOf: PRICES.asOf, timing: CONNECTOR_TIMING }, null, 2) + '\n';
}

export function main(argv: string[]): Promise<number> {
  return runCli(
    spec,
    async ({ values }) => {
      if (!values.topic) throw new UsageError('say which topic: --topic T');
      const sample = wholeNumber(values.sample, '--sample', { min: 1 }) ?? 500;
      const concurrency = wholeNumber(values.concurrency, '--concurrency', { min: 1 }) ?? DEFAULT_CONCURRENCY;
      const config = loadEnvironmentConfig(values.env ?? DEFAULT_ENVIRONMENT);
      const readers = projectRegistries().flatMap((r) => r.tables.filter((t) => t.topic === values.topic));
      const formats = [...new Set(readers.map((t) => t.format))];
      const { kafka } = await cliKafka(values, 'msk-athena-estimate');
      const estimate = await estimateTopic(kafka, values.topic, {
        // Tables of different formats on one topic cannot both read it; the slowest format is the cautious price.
        format: formats.includes('csv') ? 'csv' : (formats[0] ?? 'json'),
        tables: readers.map((t) => `${t.registry}.${t.table}`),
        sample,
        memoryMb: config.connector.memoryMb ?? MSK_CONNECTOR_DEFAULT_MEMORY_MB,
        region: config.region,
        concurrency,
        coldStart: !values.warm,
      });
      process.stdout.write(values.json ? jsonEstimate(estimate) : `${renderEstimate(estimate)}\n`);
      return 0;
    },
    argv,
    describeKafkaError,
  );
}
