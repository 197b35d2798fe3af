/**
 * `npm run kafka:up` / `npm run kafka:down` [-- --port 19092]: a single-node KRaft
 * broker on 127.0.0.1 from Apache Kafka's Maven Central jars (fetched once,
 * cached in .cache/kafka), on this machine's Java 17. No Docker needed. Beside
 * plaintext it listens as MSK does: mutual TLS (+2), SASL/SCRAM (+4) and IAM
 * (+6). When schemas/ holds Avro or Protobuf tables, also a Glue Schema
 * Registry stand-in (moto, from PyPI) on 127.0.0.1, port + 3 (19095), with those
 * schemas registered, kept across restarts. Each --port is a loop of its own:
 * broker and stand-in with their own folders, stopped by kafka:down with that --port.
 */
import { relative } from 'node:path';
import { KAFKA_VERSION, LocalKafka } from '../../scripts/local-kafka/broker';
import { ensureMotoServer } from '../../scripts/moto/emulator';
import { LocalGlue } from '../../scripts/moto/local-glue';
import { command, UsageError, wholeNumber } from '../lib/command';
import { localGlue, localToolsHint } from '../lib/kafka/connection';
import { projectRegistries } from '../lib/project/schemas';

const USAGE = `usage: npm run kafka:up | kafka:down [-- options]
       node scripts/run.mjs bin/kafka.ts up|down|status [options]
  --port N     plaintext port on 127.0.0.1 (default 19092); the TLS, SCRAM and IAM
               listeners take N+2, N+4 and N+6, as MSK's 9094, 9096 and 9098, the
               controller N+1 and the Glue Schema Registry stand-in N+3: a second
               loop needs a --port at least 7 away from the first
  --glue-port N  another port for the Glue stand-in (default --port + 3; the tools then
               need --glue-endpoint)
  --wipe       with down: also delete the broker's data, its certificates and credentials,
               and the schema versions of the Glue stand-in
  -h, --help   this text

The tools reach each listener with --local --auth tls|scram|iam (a broker on another
--port N: --local-port N), using the certificates and credentials kafka:up made in
the broker's folder.`;

const shown = (path: string) => relative(process.cwd(), path) || '.';

/** What each listener is and what a client needs for it: the lines kafka:up and status print. */
function listenerLines(broker: LocalKafka, glue: LocalGlue): string[] {
  const c = broker.credentials();
  const tls = broker.tls;
  return [
    `  plaintext ${broker.bootstrap('plaintext')}  no TLS, no authentication (the default of the tools)`,
    `  tls       ${broker.bootstrap('tls')}  mutual TLS: client certificate ${shown(tls.clientCert)}, key ${shown(tls.clientKey)}, CA ${shown(tls.ca)}`,
    `  scram     ${broker.bootstrap('scram')}  SASL_SSL SCRAM-SHA-512 as user ${c?.scram.username ?? '?'} (password in ${shown(broker.workDir)}/credentials.json)`,
    `  iam       ${broker.bootstrap('iam')}  SASL_SSL OAUTHBEARER: MSK IAM signer tokens for ${c?.iam.region ?? '?'} signed by access key ${c?.iam.accessKeyId ?? '?'}`,
    `  use a listener with: ${localToolsHint(broker, glue.endpoint)}`,
  ];
}

export const main = command(
  {
    name: 'kafka',
    usage: USAGE,
    options: { port: { type: 'string' }, 'glue-port': { type: 'string' }, wipe: { type: 'boolean' } },
    allowPositionals: true,
  } as const,
  async ({ values, positionals }) => {
    const port = wholeNumber(values.port, '--port', { min: 1, max: 65535 - 6 }) ?? 19092;
    const [command, ...rest] = positionals;
    if (rest.length > 0 || !['up', 'down', 'status'].includes(command))
      throw new UsageError(`expected up, down or status${command ? `, got "${positionals.join(' ')}"` : ''}`);
    const broker = new LocalKafka({ port });
    const gluePort = wholeNumber(values['glue-port'], '--glue-port', { min: 1, max: 65535 });
    const glue = gluePort === undefined ? localGlue(broker) : new LocalGlue({ port: gluePort });
    if (command === 'up') {
      const registries = projectRegistries();
      const started = Date.now();
      const wasUp = Boolean(broker.pid());
      const binary = registries.flatMap((r) => r.tables).filter((t) => t.format === 'avro' || t.format === 'protobuf');
      // On a first start moto's environment installs beside the broker's jar download, not after it.
      if (binary.length > 0) ensureMotoServer().catch(() => {}); // its failure is reported by glue.start below
      await broker.start({ progress: (line) => console.log(line) });
      console.log(
        `Kafka ${KAFKA_VERSION} is ${wasUp ? 'already up' : `up in ${((Date.now() - started) / 1000).toFixed(1)} s`} (pid ${broker.pid()}, log ${shown(broker.logFile)}):`,
      );
      for (const line of listenerLines(broker, glue)) console.log(line);
      if (binary.length > 0) {
        if (!glue.pid()) console.log(`starting the Glue Schema Registry stand-in (moto's server; installed into .cache/venv on first use)`);
        const restored = await glue.start();
        if (restored > 0) console.log(`Glue stand-in: ${restored} schema version(s) from before registered again with their ids`);
        const added = await glue.register(registries);
        const what =
          added.length === 0
            ? `no new schema version (it holds every table's definition)`
            : `${added.length} new schema version${added.length === 1 ? '' : 's'}: ${added.map((v) => `${v.registry}.${v.schema} ${v.versionId}`).join(', ')}`;
        console.log(`Glue Schema Registry stand-in is up on ${glue.endpoint} (pid ${glue.pid()}): ${what}`);
      }
    } else if (command === 'down') {
      if (values.wipe) await broker.destroy();
      else await broker.stop();
      const hadGlue = Boolean(glue.pid());
      if (values.wipe) await glue.wipe();
      else await glue.stop();
      console.log(`Kafka on ${broker.brokers} is down${values.wipe ? ' and its data, certificates and credentials deleted' : ''}`);
      if (hadGlue || values.wipe) {
        console.log(
          values.wipe
            ? 'the Glue stand-in is down and its schema versions forgotten'
            : 'the Glue stand-in is down; kafka:up registers its schema versions again with the same ids',
        );
      }
    } else {
      if (broker.pid()) {
        console.log(`up (pid ${broker.pid()}):`);
        for (const line of listenerLines(broker, glue)) console.log(line);
      } else console.log('down');
      if (glue.pid())
        console.log(`Glue Schema Registry stand-in up on ${glue.endpoint} (pid ${glue.pid()}), ${glue.versions().length} schema version(s) journaled`);
    }
  },
);
