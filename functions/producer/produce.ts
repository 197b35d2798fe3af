import { Partitioners, type Kafka, type Message } from 'kafkajs';
import { MskAthenaError } from '../shared/errors';
import type { SchemaVersions } from '../shared/schema-versions';
import { generatorFor } from './generators';
import type { RecordGenerator } from './record-generator';
import { isRegistryEncoded, type ProducerTable } from '../../core/tables/producer-tables';

export interface ProduceOptions {
  /** Records per second over all tables; 0 sends as fast as the broker takes them. */
  readonly recordsPerSecond: number;
  /** Stop after this many seconds. */
  readonly durationSeconds?: number;
  /** Stop after this many records. */
  readonly count?: number;
  /** Records per send. @default 500 */
  readonly batchSize?: number;
  /** Called after every batch, for progress displays. */
  readonly onProgress?: (s: ProduceSummary) => void;
  /** Clock, for generated timestamps. @default () => new Date() */
  readonly now?: () => Date;
  /** Where Avro and Protobuf tables find their schema version ids (required when there are any). */
  readonly schemaVersions?: SchemaVersions;
}

export interface ProduceSummary {
  readonly records: number;
  readonly bytes: number;
  readonly seconds: number;
  readonly errors: number;
  readonly perTopic: Record<string, number>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Fails fast, and clearly, instead of retrying sends to topics that are not there. */
async function assertTopicsExist(kafka: Kafka, topics: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length > 0) {
      throw new MskAthenaError(
        `topic${missing.length > 1 ? 's' : ''} ${missing.join(', ')} do${missing.length > 1 ? '' : 'es'} not exist; the topics function creates them (locally: npm run topics -- --local)`,
        false,
      );
    }
  } finally {
    await admin.disconnect();
  }
}

/** `producer: 6000 records (1.23 MB) in 60.0 s: 100.0 records/s, 0.02 MB/s, 0 errors` */
export function summaryLine(s: ProduceSummary): string {
  const mb = s.bytes / 1e6;
  const secs = Math.max(s.seconds, 1e-3);
  return `producer: ${s.records} records (${mb.toFixed(2)} MB) in ${s.seconds.toFixed(1)} s: ${(s.records / secs).toFixed(1)} records/s, ${(mb / secs).toFixed(2)} MB/s, ${s.errors} errors`;
}

/**
 * Writes generated records for every table, round-robin, with an idempotent
 * producer (acks from all in-sync replicas, one request in flight), in batches,
 * paced to `recordsPerSecond`, until `count` records or `durationSeconds` pass.
 * A batch that still fails after the client's retries stops the run and is
 * counted in `errors`: nothing is re-sent by hand, so nothing is duplicated.
 */
export async function produce(kafka: Kafka, tables: readonly ProducerTable[], options: ProduceOptions): Promise<ProduceSummary> {
  if (tables.length === 0) throw new Error('produce: no tables to write');
  if (options.count === undefined && options.durationSeconds === undefined) throw new Error('produce: give count or durationSeconds');
  const batchSize = options.batchSize ?? 500;
  const now = options.now ?? (() => new Date());
  const encoded = tables.filter(isRegistryEncoded);
  if (encoded.length > 0 && !options.schemaVersions) throw new Error('produce: Avro and Protobuf tables need schemaVersions');
  // Every id is looked up before the first send: a schema missing from the
  // registry stops the run before anything is written.
  const ids = await Promise.all(tables.map((t) => (isRegistryEncoded(t) ? options.schemaVersions!.idFor(t.registry, t.table, t.definition) : undefined)));
  const generators: [string, RecordGenerator][] = tables.map((t, i) => [t.topic, generatorFor(t, undefined, ids[i])]);
  await assertTopicsExist(kafka, [...new Set(tables.map((t) => t.topic))]);
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
    // Idempotence needs unbounded retries: a retried request keeps its sequence
    // numbers, so the broker drops what it already has. The run's own deadline
    // (the Lambda timeout, or the caller) bounds the time.
    retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 300, maxRetryTime: 5_000 },
  });
  const perTopic: Record<string, number> = Object.fromEntries(tables.map((t) => [t.topic, 0]));
  let records = 0;
  let bytes = 0;
  let errors = 0;
  const started = Date.now();
  const elapsed = () => (Date.now() - started) / 1000;
  const summary = (): ProduceSummary => ({ records, bytes, seconds: elapsed(), errors, perTopic: { ...perTopic } });

  // While one batch is on the wire, the next is generated: generation (faker,
  // date formatting) overlaps the broker's round trip instead of adding to it.
  // Still one request in flight: the next send starts after the previous ack.
  let inFlight: { done: Promise<unknown>; size: number; bytes: number; byTopic: Map<string, Message[]> } | undefined;
  let planned = 0;
  const settle = async (): Promise<boolean> => {
    if (!inFlight) return true;
    const batch = inFlight;
    inFlight = undefined;
    try {
      await batch.done;
    } catch (err) {
      errors += batch.size;
      console.error(JSON.stringify({ level: 'ERROR', message: `send failed after retries: ${(err as Error).message}`, records: batch.size }));
      return false;
    }
    records += batch.size;
    bytes += batch.bytes;
    for (const [topic, messages] of batch.byTopic) perTopic[topic] += messages.length;
    options.onProgress?.(summary());
    return true;
  };

  await producer.connect();
  try {
    for (let next = 0; ;) {
      if (options.count !== undefined && planned >= options.count) break;
      if (options.durationSeconds !== undefined && elapsed() >= options.durationSeconds) break;
      let size = options.count !== undefined ? Math.min(batchSize, options.count - planned) : batchSize;
      if (options.recordsPerSecond > 0) {
        // Pace: send what is due by now, at most a batch; wait when ahead.
        const due = Math.floor(elapsed() * options.recordsPerSecond) - planned;
        if (due <= 0) {
          if (!(await settle())) break;
          await sleep(Math.min(100, 1000 / options.recordsPerSecond));
          continue;
        }
        size = Math.min(size, due);
      }
      const byTopic = new Map<string, Message[]>();
      let batchBytes = 0;
      for (let i = 0; i < size; i++, next++) {
        const [topic, generate] = generators[next % generators.length];
        const { key, value } = generate(now());
        batchBytes += key.length + Buffer.byteLength(value);
        if (!byTopic.has(topic)) byTopic.set(topic, []);
        byTopic.get(topic)!.push({ key, value });
      }
      if (!(await settle())) break;
      planned += size;
      const done = producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
      done.catch(() => undefined); // observed in settle()
      inFlight = { done, size, bytes: batchBytes, byTopic };
    }
    await settle();
  } finally {
    await producer.disconnect();
  }
  return summary();
}
