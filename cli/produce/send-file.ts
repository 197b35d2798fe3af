import { Partitioners, type Kafka, type Message, type PartitionMetadata } from 'kafkajs';
import { closestMatch } from '../../core/suggest';

/*
 * Sends prepared records to one topic: idempotent (acks from all in-sync
 * replicas, one request in flight), in batches, in the file's order. Each
 * record's partition is chosen here, with the partitioner kafkajs would use
 * (murmur2 of the key; round-robin without one), so the counts per partition
 * are exactly what was written, and kafkajs is never left to pick its default
 * partitioner (which prints a warning about its v2 change).
 */

/**
 * The topic's partitions. A topic that does not exist is created with `create.partitions` when `create` is given
 * (the local broker: a sandbox, where a team's topic is made to onboard it), else it fails, naming close topic names.
 */
export async function topicPartitions(
  kafka: Kafka,
  topic: string,
  brokers: string,
  create?: { readonly partitions: number },
): Promise<{ partitions: PartitionMetadata[]; created: boolean }> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = await admin.listTopics();
    const created = !topics.includes(topic) && create !== undefined;
    if (created) {
      await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: create.partitions, replicationFactor: 1 }] });
    } else if (!topics.includes(topic)) {
      const near = closestMatch(
        topic,
        topics.filter((t) => !t.startsWith('__')),
      );
      throw new Error(
        `topic ${topic} does not exist on ${brokers}, nothing was written; ${near ? `did you mean ${near}? ` : ''}` +
          "create it first (the project's declared topics: npm run topics; any other with your cluster's tools; on the local broker produce --local creates it)",
      );
    }
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    return { partitions: metadata.topics[0].partitions, created };
  } finally {
    await admin.disconnect();
  }
}

export interface OutgoingRecord {
  readonly key: string | null;
  readonly value: string | Buffer;
}

/** Records written per partition, every partition of the topic listed. */
export type PartitionCounts = Map<number, number>;

const BATCH = 500;

/** Writes `records` in order; returns the count per partition. A failed batch stops the run, saying how much was written. */
export async function sendRecords(kafka: Kafka, topic: string, partitions: PartitionMetadata[], records: readonly OutgoingRecord[]): Promise<PartitionCounts> {
  const counts: PartitionCounts = new Map([...partitions].sort((a, b) => a.partitionId - b.partitionId).map((p) => [p.partitionId, 0]));
  const partitioner = Partitioners.DefaultPartitioner();
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  try {
    for (let start = 0; start < records.length; start += BATCH) {
      const messages: Message[] = records.slice(start, start + BATCH).map((r) => {
        const message: Message = { key: r.key, value: r.value };
        return { ...message, partition: partitioner({ topic, partitionMetadata: partitions, message }) };
      });
      try {
        await producer.send({ topic, acks: -1, messages });
      } catch (err) {
        const written = [...counts.values()].reduce((a, b) => a + b, 0);
        throw new Error(`sending stopped after ${written} of ${records.length} records (${countsText(counts)}): ${(err as Error).message}`, { cause: err });
      }
      for (const m of messages) counts.set(m.partition!, (counts.get(m.partition!) ?? 0) + 1);
    }
  } finally {
    await producer.disconnect();
  }
  return counts;
}

export const countsText = (counts: PartitionCounts) => [...counts].map(([p, n]) => `partition ${p}: ${n}`).join(', ');
