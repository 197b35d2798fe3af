import { logLevel } from 'kafkajs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { createKafka } from '../../functions/shared/kafka-client';
import { LocalKafka } from '../../scripts/local-kafka/broker';

const TEST_KAFKA_PORT = Number(process.env.MSK_ATHENA_TEST_KAFKA_PORT ?? 29092);

/**
 * The suite's own broker: its own port and folder, so a developer's broker is left
 * alone. The folder holds the pid file that setup and teardown stop: one per port,
 * so two runs on one machine (MSK_ATHENA_TEST_KAFKA_PORT) never stop each other's.
 */
export const testBroker = () => new LocalKafka({ port: TEST_KAFKA_PORT, workDir: join(tmpdir(), `msk-athena-it-kafka-${TEST_KAFKA_PORT}`) });

export const testKafka = () => createKafka({ brokers: [testBroker().brokers], auth: 'plaintext', clientId: 'msk-athena-it' }, { logLevel: logLevel.NOTHING });
