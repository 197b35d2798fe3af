import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeKafkaError, listenerMismatch } from '../../cli/lib/kafka/connection';

/* kafkajs's raw text for a port of another use, when the listener could not be named before connecting. */

const kafkaError = (message: string) => Object.assign(new Error(message), { name: 'KafkaJSProtocolError' });

describe('describeKafkaError for a wrong port or listener', () => {
  it("names a controller port's answer and the client ports", () => {
    expect(describeKafkaError(kafkaError('The Kafka server does not support the requested API version'))).toBe(
      'Kafka: The Kafka server does not support the requested API version: a KRaft controller port answers so, and clients cannot use it; ' +
        'connect to a client listener (MSK: 9092 plaintext, 9094 TLS, 9096 SASL/SCRAM, 9098 IAM; the local broker: its --port, +2 TLS, +4 SCRAM, +6 IAM)',
    );
  });

  it('says a closed connection is what a listener of the other kind does, with the flag per port', () => {
    expect(describeKafkaError(Object.assign(kafkaError('Closed connection'), { name: 'KafkaJSConnectionClosedError' }))).toMatch(
      /^Kafka: Closed connection: a TLS listener closes a plaintext connection.*9094 TLS with --auth tls, 9096 --auth scram, 9098 --auth iam/,
    );
  });
});

describe('a port where an HTTP server answers (the Glue stand-in of a local loop, say)', () => {
  let server: Server;
  beforeAll(
    () =>
      new Promise<void>((resolve) => {
        server = createServer((_req, res) => res.end('{}')).listen(0, '127.0.0.1', resolve);
      }),
  );
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('is named at once, with the broker port its loop would have', async () => {
    const { port } = server.address() as AddressInfo;
    expect(await listenerMismatch(`127.0.0.1:${port}`, 'plaintext', '')).toBe(
      `127.0.0.1:${port} is an HTTP server, not a Kafka broker; the local loop's Glue stand-in listens on its broker's --port + 3, so try --local-port ${port - 3}`,
    );
  });
});
