/**
 * `npm run kafka:up` / `npm run kafka:down` [-- --port 19092]: a single-node KRaft
 * broker on 127.0.0.1 from Apache Kafka's Maven Central jars (fetched once,
 * cached in .cache/kafka), on this machine's Java 17. No Docker needed.
 */
import { parseArgs } from 'node:util';
import { KAFKA_VERSION, LocalKafka } from '../scripts/local-kafka/broker';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { port: { type: 'string', default: '19092' }, wipe: { type: 'boolean', default: false } } });
const broker = new LocalKafka({ port: Number(values.port) });
const command = positionals[0];

(async () => {
  switch (command) {
    case 'up':
      await broker.start();
      console.log(`Kafka ${KAFKA_VERSION} is up on ${broker.brokers} (pid ${broker.pid()}, log ${broker.logFile})`);
      break;
    case 'down':
      if (values.wipe) await broker.destroy();
      else await broker.stop();
      console.log(`Kafka on ${broker.brokers} is down${values.wipe ? ' and its data deleted' : ''}`);
      break;
    case 'status':
      console.log(broker.pid() ? `up on ${broker.brokers} (pid ${broker.pid()})` : 'down');
      break;
    default:
      console.error('usage: kafka up|down|status [--port 19092] [--wipe]');
      process.exitCode = 2;
  }
})().catch((err: Error) => {
  console.error(`kafka: ${err.message}`);
  process.exitCode = 1;
});
