/**
 * `npm run kafka:up` / `npm run kafka:down` [-- --port 19092]: a single-node KRaft
 * broker on 127.0.0.1 from Apache Kafka's Maven Central jars (fetched once,
 * cached in .cache/kafka), on this machine's Java 17. No Docker needed. When
 * schemas/ holds Avro or Protobuf tables, also a Glue Schema Registry stand-in
 * (moto, from PyPI) on 127.0.0.1:19095 with those schemas registered.
 */
import { KAFKA_VERSION, LocalKafka } from '../scripts/local-kafka/broker';
import { LocalGlue } from '../scripts/moto/local-glue';
import { cliMain, UsageError, wholeNumber } from './cli';
import { projectRegistries } from './project-schemas';

const USAGE = `usage: npm run kafka:up | kafka:down [-- options]
       node scripts/run.mjs bin/kafka.ts up|down|status [options]
  --port N     port on 127.0.0.1 (default 19092)
  --glue-port N  port of the Glue Schema Registry stand-in (default 19095)
  --wipe       with down: also delete the broker's data
  -h, --help   this text`;

cliMain({ name: 'kafka', usage: USAGE, options: { port: { type: 'string' }, 'glue-port': { type: 'string' }, wipe: { type: 'boolean' } }, allowPositionals: true } as const, async ({ values, positionals }) => {
  const port = wholeNumber(values.port, '--port', { min: 1, max: 65535 }) ?? 19092;
  const [command, ...rest] = positionals;
  if (rest.length > 0 || !['up', 'down', 'status'].includes(command)) throw new UsageError(`expected up, down or status${command ? `, got "${positionals.join(' ')}"` : ''}`);
  const broker = new LocalKafka({ port });
  const glue = new LocalGlue({ port: wholeNumber(values['glue-port'], '--glue-port', { min: 1, max: 65535 }) });
  if (command === 'up') {
    const registries = projectRegistries();
    await broker.start();
    console.log(`Kafka ${KAFKA_VERSION} is up on ${broker.brokers} (pid ${broker.pid()}, log ${broker.logFile})`);
    const binary = registries.flatMap((r) => r.tables).filter((t) => t.format === 'avro' || t.format === 'protobuf');
    if (binary.length > 0) {
      await glue.start();
      const added = await glue.register(registries);
      console.log(`Glue Schema Registry stand-in is up on ${glue.endpoint} (pid ${glue.pid()}): ${added} schema version(s) registered for ${binary.map((t) => `${t.registry}.${t.table}`).join(', ')}`);
    }
  } else if (command === 'down') {
    if (values.wipe) await broker.destroy();
    else await broker.stop();
    const hadGlue = Boolean(glue.pid());
    await glue.stop();
    console.log(`Kafka on ${broker.brokers} is down${values.wipe ? ' and its data deleted' : ''}`);
    if (hadGlue && !values.wipe) {
      // moto keeps its state in memory: the next kafka:up hands out new schema version ids.
      console.log('the Glue stand-in is down and its schema version ids are gone: Avro and Protobuf records kept on the local topics will read as unreadable; kafka:down --wipe starts clean');
    }
  } else {
    console.log(broker.pid() ? `up on ${broker.brokers} (pid ${broker.pid()})` : 'down');
    if (glue.pid()) console.log(`Glue Schema Registry stand-in up on ${glue.endpoint} (pid ${glue.pid()})`);
  }
});
