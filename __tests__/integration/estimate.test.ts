import { randomUUID } from 'node:crypto';
import { estimateTopic, main } from '../../cli/estimate/command';
import { testBroker, testKafka } from './broker';

/** A value of exactly `size` bytes, valid JSON. */
const value = (i: number, size: number) => {
  const head = `{"n":${i},"pad":"`;
  return head + 'x'.repeat(size - head.length - 2) + '"}';
};

async function topicWithLayout(records: readonly number[], size: number): Promise<string> {
  const topic = `it-estimate-${randomUUID().slice(0, 8)}`;
  const kafka = testKafka();
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: records.length, replicationFactor: 1 }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  for (const [partition, count] of records.entries()) {
    for (let start = 0; start < count; start += 2_000) {
      const messages = Array.from({ length: Math.min(2_000, count - start) }, (_, k) => ({ partition, value: value(start + k, size) }));
      await producer.send({ topic, messages });
    }
  }
  await producer.disconnect();
  return topic;
}

describe('estimate on a real broker', () => {
  const options = { format: 'json' as const, sample: 300, memoryMb: 3008, region: 'us-east-1', concurrency: 1000, coldStart: true };

  it('counts records and splits per partition as the connector does: 0, 10,000 and 25,001 records make 1 + 1 + 3 splits', async () => {
    const topic = await topicWithLayout([0, 10_000, 25_001], 120);
    const e = await estimateTopic(testKafka(), topic, options);
    expect(e.partitions.map((p) => [p.partition, p.begin, p.end, p.records, p.splits])).toEqual([
      [0, 0, 0, 0, 1],
      [1, 0, 10_000, 10_000, 1],
      [2, 0, 25_001, 25_001, 3],
    ]);
    expect(e.records).toBe(35_001);
    expect(e.splits).toBe(5);
    expect(e.invocations).toBe(8);
    expect(e.sampledRecords).toBe(300);
    expect(e.averageRecordBytes).toBe(120);
    expect(e.bytes).toBe(35_001 * 120);
    expect(e.usd.total).toBeGreaterThan(e.usd.athena);
  });

  it("starts at the log start offset once old records are deleted (retention), as the connector's beginningOffsets do", async () => {
    const topic = await topicWithLayout([25_001], 64);
    const admin = testKafka().admin();
    await admin.connect();
    await admin.fetchTopicOffsets(topic); // kafkajs deletes records only of topics whose metadata it has loaded
    await admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: '15001' }] });
    await admin.disconnect();
    const e = await estimateTopic(testKafka(), topic, options);
    expect(e.partitions.map((p) => [p.begin, p.end, p.records, p.splits])).toEqual([[15_001, 25_001, 10_000, 1]]);
  });

  it('prints the JSON a script reads: records, bytes, splits and usd', async () => {
    const topic = await topicWithLayout([3, 0], 100);
    const out: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
    let code;
    try {
      code = await main(['--topic', topic, '--brokers', testBroker().brokers, '--auth', 'plaintext', '--json']);
    } finally {
      write.mockRestore();
    }
    expect(code).toBe(0);
    const json = JSON.parse(out.join(''));
    expect(json).toMatchObject({ topic, records: 3, bytes: 300, splits: 2, architecture: 'x86_64', memoryMb: 3008 });
    expect(typeof json.usd).toBe('number');
    expect(json.usd).toBeCloseTo(json.costs.lambda + json.costs.athena, 12);
  });

  it('says which topic is missing, suggests a near name, and exits 1', async () => {
    const topic = await topicWithLayout([1], 50);
    const err: string[] = [];
    const error = jest.spyOn(console, 'error').mockImplementation((line) => void err.push(String(line)));
    let code;
    try {
      code = await main(['--topic', `${topic}x`, '--brokers', testBroker().brokers, '--auth', 'plaintext']);
    } finally {
      error.mockRestore();
    }
    expect(code).toBe(1);
    expect(err).toEqual([
      `estimate: no topic ${topic}x on the brokers; did you mean ${topic}? check --topic and --brokers, or create the topics with npm run topics`,
    ]);
  });
});
