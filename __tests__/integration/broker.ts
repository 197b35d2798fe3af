import { logLevel } from 'kafkajs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { createKafka } from '../../functions/shared/kafka-client';
import { LocalKafka } from '../../scripts/local-kafka/broker';

/** The suite's own broker: its own port and folder, so a developer's broker is left alone. */
export const testBroker = () =>
  new LocalKafka({ port: Number(process.env.MSK_ATHENA_TEST_KAFKA_PORT ?? 29092), workDir: join(tmpdir(), 'msk-athena-it-kafka') });

export const testKafka = () =>
  createKafka({ brokers: [testBroker().brokers], auth: 'plaintext', clientId: 'msk-athena-it' }, { logLevel: logLevel.NOTHING });
