import { join } from 'node:path';
import { createServer } from 'node:net';
import { cliKafka, cliSchemaVersions, isLocal, localBroker, localGlue, localToolsHint } from '../../cli/lib/kafka/connection';
import { LocalKafka } from '../../scripts/local-kafka/broker';

/*
 * A local broker started on another port (kafka:up --port N) is reached with
 * --local-port N: its listeners at MSK's offsets from N and the credentials in
 * its own folder, and kafka:up prints the command line that does so.
 */

/** A port the OS says is free now (and N + 3 too, in practice: nothing listens there in a test run). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(Math.min(port, 65_000)));
    });
    server.once('error', reject);
  });
}

describe('--local-port', () => {
  it('picks the broker of kafka:up --port N, its listeners and its folder', () => {
    const broker = localBroker({ 'local-port': '36092' });
    expect(broker.bootstrap('scram')).toBe('127.0.0.1:36096');
    expect(broker.bootstrap('iam')).toBe('127.0.0.1:36098');
    expect(broker.workDir).toBe(join(__dirname, '..', '..', '.cache', 'kafka', 'run-36092'));
    expect(localBroker({}).brokers).toBe('127.0.0.1:19092');
  });

  it('means the local broker, as --local does (topics then declare one replica)', () => {
    expect(isLocal({ 'local-port': '36092' })).toBe(true);
    expect(isLocal({ local: true })).toBe(true);
    expect(isLocal({ brokers: 'b-1:9098' })).toBe(false);
  });

  it('refuses a port that is not one and a second cluster named by --brokers', () => {
    expect(() => localBroker({ 'local-port': 'abc' })).toThrow('--local-port must be a whole number from 1 to 65529, got "abc"');
    expect(() => localBroker({ 'local-port': '36092', brokers: 'b-1:9098' })).toThrow(
      '--local-port names the local broker and --brokers another cluster; give one',
    );
  });
});

describe('what kafka:up prints to reach its listeners', () => {
  it('is --local alone for the default ports', () => {
    expect(localToolsHint(new LocalKafka(), 'http://127.0.0.1:19095')).toBe('npm run topics|produce|verify -- --local --auth tls|scram|iam');
  });

  it('names the port alone for another --port: its Glue stand-in is on that port + 3', () => {
    expect(localToolsHint(new LocalKafka({ port: 36092 }), 'http://127.0.0.1:36095')).toBe(
      'npm run topics|produce|verify -- --local-port 36092 --auth tls|scram|iam',
    );
    expect(localGlue(new LocalKafka({ port: 36092 })).endpoint).toBe('http://127.0.0.1:36095');
    expect(localGlue(new LocalKafka()).endpoint).toBe('http://127.0.0.1:19095');
  });

  it('names the Glue stand-in too when --glue-port moved it off port + 3', () => {
    expect(localToolsHint(new LocalKafka({ port: 36092 }), 'http://127.0.0.1:19095')).toBe(
      'npm run topics|produce|verify -- --local-port 36092 --glue-endpoint http://127.0.0.1:19095 --auth tls|scram|iam',
    );
  });
});

describe('the Glue stand-in a tool looks Avro and Protobuf versions up in', () => {
  it("is the one of --local-port's loop, and says how to start that loop when it does not answer", async () => {
    const port = await freePort();
    await expect(cliSchemaVersions({ 'local-port': String(port) })).rejects.toThrow(
      `no Glue Schema Registry answers at http://127.0.0.1:${port + 3} (connection refused); npm run kafka:up -- --port ${port} starts the local one beside the broker`,
    );
  });
});

describe('--brokers without --auth', () => {
  it('says that IAM is the default there when the region it needs is missing, and how to pick plaintext', async () => {
    const saved = process.env.AWS_REGION;
    delete process.env.AWS_REGION;
    try {
      await expect(cliKafka({ brokers: '127.0.0.1:36092' }, 'test')).rejects.toThrow(
        '--region (or AWS_REGION): is missing; IAM auth signs tokens for a region ' +
          '(--auth is iam with --brokers unless given: pass --auth plaintext for a broker without authentication)',
      );
      await expect(cliKafka({ brokers: '127.0.0.1:36092', auth: 'iam' }, 'test')).rejects.toThrow(
        /^--region \(or AWS_REGION\): is missing; IAM auth signs tokens for a region$/,
      );
    } finally {
      if (saved !== undefined) process.env.AWS_REGION = saved;
    }
  });
});
