import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/*
 * The local broker's certificates, made once per broker folder with openssl: a
 * CA, the broker's certificate (for 127.0.0.1 and localhost, as clients connect
 * by address) and one client certificate for mutual TLS. Kafka reads PEM files
 * directly (ssl.keystore.type=PEM), and so does Node, so no keystore passwords.
 */

export interface LocalTlsFiles {
  /** The CA certificate clients trust (NODE_EXTRA_CA_CERTS takes it as is). */
  readonly ca: string;
  /** The broker's private key followed by its certificate chain: Kafka's PEM keystore. */
  readonly brokerKeystore: string;
  /** The client certificate and key for the mutual TLS listener. */
  readonly clientCert: string;
  readonly clientKey: string;
}

export function tlsFiles(dir: string): LocalTlsFiles {
  return {
    ca: join(dir, 'ca.pem'),
    brokerKeystore: join(dir, 'broker-keystore.pem'),
    clientCert: join(dir, 'client.pem'),
    clientKey: join(dir, 'client-key.pem'),
  };
}

function openssl(dir: string, args: string[]): void {
  try {
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: Buffer };
    if (e.code === 'ENOENT') throw new Error('openssl is not on PATH: the local broker needs it once to make its TLS certificates', { cause: err });
    throw new Error(`openssl ${args[0]} failed: ${e.stderr?.toString().trim().split('\n')[0] ?? e.message}`, { cause: err });
  }
}

/** A key pair and a certificate signed by the local CA, with the given extensions. */
function issue(dir: string, name: string, subject: string, extensions: string[]): void {
  openssl(dir, [
    'req',
    '-new',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    `${name}-key.pem`,
    '-out',
    `${name}.csr`,
    '-subj',
    subject,
  ]);
  writeFileSync(join(dir, `${name}.ext`), extensions.join('\n') + '\n');
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca-key.pem',
    '-CAcreateserial',
    '-days',
    '825',
    '-sha256',
    '-extfile',
    `${name}.ext`,
    '-out',
    `${name}.pem`,
  ]);
  rmSync(join(dir, `${name}.csr`));
  rmSync(join(dir, `${name}.ext`));
}

/** Makes the CA, broker and client certificates in `dir` unless they are there. */
export function ensureTlsFiles(dir: string): LocalTlsFiles {
  const files = tlsFiles(dir);
  if (Object.values(files).every((f) => existsSync(f))) return files;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  openssl(dir, [
    'req',
    '-x509',
    '-new',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    'ca-key.pem',
    '-out',
    'ca.pem',
    '-days',
    '3650',
    '-subj',
    '/CN=msk-athena local CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  issue(dir, 'broker', '/CN=localhost', ['subjectAltName=IP:127.0.0.1,DNS:localhost', 'extendedKeyUsage=serverAuth', 'keyUsage=critical,digitalSignature']);
  issue(dir, 'client', '/CN=msk-athena-local-client', ['extendedKeyUsage=clientAuth', 'keyUsage=critical,digitalSignature']);
  // Kafka's PEM keystore: the key, then the chain from the leaf up.
  writeFileSync(
    files.brokerKeystore,
    readFileSync(join(dir, 'broker-key.pem'), 'utf8') + readFileSync(join(dir, 'broker.pem'), 'utf8') + readFileSync(files.ca, 'utf8'),
  );
  rmSync(join(dir, 'broker-key.pem'));
  rmSync(join(dir, 'broker.pem'));
  return files;
}
