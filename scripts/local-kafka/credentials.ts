import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/*
 * The secrets of one local broker, made with its storage and kept beside it
 * (the SCRAM user lives in the broker's metadata log, so its password must
 * outlive a restart): the tools read them from here with --local --auth.
 */

export interface LocalCredentials {
  /** The SCRAM-SHA-512 user of the SCRAM listener, as an MSK AmazonMSK_ secret holds it. */
  readonly scram: { readonly username: string; readonly password: string };
  /** The only AWS credentials the IAM listener accepts tokens from, and the region it is "in". */
  readonly iam: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly region: string };
}

/** An access key id in AWS's shape, recognisable in logs as the local one. */
export const LOCAL_IAM_ACCESS_KEY_ID = 'AKIALOCALMSKATHENA01';

export function readCredentials(file: string): LocalCredentials | undefined {
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as LocalCredentials;
}

/** The broker's credentials, made (random secrets) when the file is missing. */
export function ensureCredentials(file: string, region: string): { credentials: LocalCredentials; created: boolean } {
  const existing = readCredentials(file);
  if (existing && existing.iam.region === region) return { credentials: existing, created: false };
  const credentials: LocalCredentials = {
    // Hex only: the values go into JAAS option strings and SCRAM's [name=...,password=...] syntax unquoted.
    scram: existing?.scram ?? { username: 'msk-athena-local', password: randomBytes(16).toString('hex') },
    iam: { accessKeyId: LOCAL_IAM_ACCESS_KEY_ID, secretAccessKey: existing?.iam.secretAccessKey ?? randomBytes(20).toString('hex'), region },
  };
  writeFileSync(file, JSON.stringify(credentials, null, 2) + '\n', { mode: 0o600 });
  return { credentials, created: !existing };
}
