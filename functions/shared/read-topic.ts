import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';

export interface ReadRecord {
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: string | null;
  /** The value's bytes (Avro and Protobuf records are binary). */
  readonly bytes: Buffer | null;
}

/**
 * Reads a topic from the beginning until `limit` records or the end offsets seen
 * at the start, with a throw-away consumer group that is deleted afterwards.
 */
export async function readTopic(kafka: Kafka, topic: string, limit = Infinity, timeoutMs = 60_000): Promise<ReadRecord[]> {
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `msk-athena-reader-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
  const records: ReadRecord[] = [];
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const remaining = new Map(ends.filter((p) => p.high !== p.low).map((p) => [p.partition, BigInt(p.high)]));
    if (remaining.size === 0) return records;
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`reading ${topic}: ${records.length} records after ${timeoutMs / 1000} s, expected more`)), timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            if (records.length >= limit || !remaining.has(partition)) return;
            records.push({
              partition,
              offset: message.offset,
              key: message.key?.toString() ?? null,
              value: message.value?.toString() ?? null,
              bytes: message.value ?? null,
            });
            if (BigInt(message.offset) + 1n >= remaining.get(partition)!) remaining.delete(partition);
            if (records.length >= limit || remaining.size === 0) done();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
  return records;
}
