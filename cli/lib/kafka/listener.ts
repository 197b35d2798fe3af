import { connect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls';

/*
 * What a broker port is, asked the way any Kafka client may ask before signing
 * in: ApiVersions (a client listener lists Metadata; a KRaft controller port
 * does not, and kafkajs then says "The Kafka server does not support the
 * requested API version") and SaslHandshake with a mechanism no broker has (a
 * SASL listener answers with the ones it enables, any other with
 * ILLEGAL_SASL_STATE). A TLS listener answers plaintext bytes with a TLS alert,
 * where kafkajs waits and then says "Closed connection". Nothing is signed in.
 */

export type Listener =
  | { readonly kind: 'plaintext' | 'controller' | 'tls' }
  | { readonly kind: 'sasl'; readonly mechanisms: readonly string[] }
  /** An HTTP server answered (the local loop's Glue stand-in, say): not Kafka at all. */
  | { readonly kind: 'http' }
  | { readonly kind: 'unknown' };

/** The flag that reaches each kind of listener. */
export type ListenerAuth = 'plaintext' | 'tls' | 'scram' | 'iam';

const PROBE_TIMEOUT_MS = 5_000;
const METADATA = 3;
const ILLEGAL_SASL_STATE = 34;

/** ApiVersions v0, correlation id 1, no client id. */
const API_VERSIONS = Buffer.from([0, 0, 0, 10, 0, 18, 0, 0, 0, 0, 0, 1, 0xff, 0xff]);

/**
 * SaslHandshake v1, correlation id 2, no client id, for `mechanism`: a SASL
 * listener lists its mechanisms either way, at once when it has this one (a
 * refused mechanism is answered after the broker's failed-authentication delay).
 */
function saslHandshake(name: string): Buffer {
  const mechanism = Buffer.from(name);
  const body = Buffer.concat([Buffer.from([0, 17, 0, 1, 0, 0, 0, 2, 0xff, 0xff, 0, mechanism.length]), mechanism]);
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length);
  return Buffer.concat([size, body]);
}

/** Complete responses at the start of `data`: [correlation id, body] each. */
function responses(data: Buffer): [number, Buffer][] {
  const out: [number, Buffer][] = [];
  let at = 0;
  while (data.length - at >= 8) {
    const size = data.readInt32BE(at);
    if (size < 4 || data.length - at - 4 < size) break;
    out.push([data.readInt32BE(at + 4), data.subarray(at + 8, at + 4 + size)]);
    at += 4 + size;
  }
  return out;
}

/** ApiVersions v0 response: error, then [api key, min, max] per API. */
function apiKeys(body: Buffer): number[] {
  if (body.length < 6) return [];
  const n = body.readInt32BE(2);
  const keys: number[] = [];
  for (let i = 0; i < n && 6 + i * 6 + 6 <= body.length; i++) keys.push(body.readInt16BE(6 + i * 6));
  return keys;
}

/** SaslHandshake v1 response: error, then the enabled mechanisms. */
function mechanisms(body: Buffer): { error: number; mechanisms: string[] } {
  const error = body.readInt16BE(0);
  const n = body.length >= 6 ? body.readInt32BE(2) : 0;
  const found: string[] = [];
  let at = 6;
  for (let i = 0; i < n && at + 2 <= body.length; i++) {
    const len = body.readInt16BE(at);
    found.push(body.subarray(at + 2, at + 2 + len).toString('utf8'));
    at += 2 + len;
  }
  return { error, mechanisms: found };
}

const isTlsRecord = (data: Buffer) => data.length >= 2 && (data[0] === 0x15 || data[0] === 0x16) && data[1] === 0x03;

/** Sends ApiVersions and SaslHandshake over `socket` once open, and reads what the port is from the answers. */
function ask(
  socket: Socket | TLSSocket,
  openEvent: 'connect' | 'secureConnect',
  mechanism: string,
): Promise<Listener | 'tls-record' | 'tls-refused' | 'closed'> {
  return new Promise((resolve) => {
    let data = Buffer.alloc(0);
    let settled = false;
    const done = (answer: Listener | 'tls-record' | 'tls-refused' | 'closed') => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(PROBE_TIMEOUT_MS, () => done({ kind: 'unknown' }));
    socket.once(openEvent, () => socket.write(Buffer.concat([API_VERSIONS, saslHandshake(mechanism)])));
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      if (isTlsRecord(data)) return done('tls-record');
      if (data.subarray(0, 5).toString('latin1') === 'HTTP/') return done({ kind: 'http' });
      const answers = new Map(responses(data));
      const versions = answers.get(1);
      if (versions && !apiKeys(versions).includes(METADATA)) return done({ kind: 'controller' });
      const sasl = answers.get(2);
      if (!versions || !sasl) return;
      const handshake = mechanisms(sasl);
      done(
        handshake.error === ILLEGAL_SASL_STATE || handshake.mechanisms.length === 0
          ? { kind: 'plaintext' }
          : { kind: 'sasl', mechanisms: handshake.mechanisms },
      );
    });
    socket.once('error', (err: Error) => done(/alert|certificate/i.test(err.message) ? 'tls-refused' : 'closed'));
    socket.once('close', () => done('closed'));
  });
}

const MECHANISMS: Record<ListenerAuth, string> = { plaintext: 'PLAIN', tls: 'PLAIN', scram: 'SCRAM-SHA-512', iam: 'OAUTHBEARER' };

/**
 * What listens on `hostPort`, asked as a client of `expected` would start.
 * `tls` (the client's own TLS options) lets a mutual TLS listener finish its
 * handshake; without them it refuses, which names it all the same.
 */
export async function identifyListener(hostPort: string, tls: ConnectionOptions = {}, expected: ListenerAuth = 'plaintext'): Promise<Listener> {
  const i = hostPort.lastIndexOf(':');
  const host = hostPort.slice(0, i);
  const port = Number(hostPort.slice(i + 1));
  const mechanism = MECHANISMS[expected];
  if (expected === 'plaintext') {
    const plain = await ask(connect({ host, port }), 'connect', mechanism);
    if (plain !== 'tls-record' && plain !== 'closed' && plain !== 'tls-refused') return plain;
  }
  // Only the port's kind is asked, never a secret sent: any certificate will do.
  const servername = isIP(host) ? undefined : host;
  const secure = await ask(tlsConnect({ ...tls, host, port, servername, rejectUnauthorized: false }), 'secureConnect', mechanism);
  if (secure === 'closed' && expected !== 'plaintext') return identifyListener(hostPort, tls, 'plaintext');
  if (secure === 'tls-refused') return { kind: 'tls' };
  if (secure === 'tls-record' || secure === 'closed') return { kind: 'unknown' };
  if (secure.kind === 'plaintext') return { kind: 'tls' };
  return secure;
}

/** The --auth a listener takes, or undefined for a port no client uses or one not recognized. */
export function authOf(listener: Listener): ListenerAuth | undefined {
  switch (listener.kind) {
    case 'plaintext':
    case 'tls':
      return listener.kind;
    case 'sasl':
      if (listener.mechanisms.includes('OAUTHBEARER')) return 'iam';
      if (listener.mechanisms.some((m) => m.startsWith('SCRAM-'))) return 'scram';
      return undefined;
    default:
      return undefined;
  }
}

/** MSK's client ports (plaintext, TLS, SASL/SCRAM, IAM), as its bootstrap strings give them. */
export const MSK_PORTS: Readonly<Record<ListenerAuth, number>> = { plaintext: 9092, tls: 9094, scram: 9096, iam: 9098 };

/** A listener in words: `a TLS listener that requires a client certificate (mutual TLS; MSK's port 9094)`. */
export function listenerWords(listener: Listener): string {
  switch (listener.kind) {
    case 'controller':
      return 'a KRaft controller port, which Kafka clients cannot use';
    case 'plaintext':
      return `a plaintext listener (MSK's port ${MSK_PORTS.plaintext})`;
    case 'tls':
      return `a TLS listener that requires a client certificate (mutual TLS; MSK's port ${MSK_PORTS.tls})`;
    case 'sasl': {
      const auth = authOf(listener);
      if (auth === 'iam') return `an IAM listener (TLS with SASL/OAUTHBEARER; MSK's port ${MSK_PORTS.iam})`;
      if (auth === 'scram') return `a SASL/SCRAM listener (TLS with ${listener.mechanisms.join(', ')}; MSK's port ${MSK_PORTS.scram})`;
      return `a SASL listener (mechanisms ${listener.mechanisms.join(', ')})`;
    }
    case 'http':
      return 'an HTTP server, not Kafka';
    default:
      return 'not a Kafka listener this tool recognizes';
  }
}
