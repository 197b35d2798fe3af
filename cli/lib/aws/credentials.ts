import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { athenaClient } from './athena-client';

/**
 * What to do when the SDK found no credentials, in one line. The SDK says
 * "Could not load credentials from any providers" whether no credentials are
 * set or AWS_PROFILE names a profile that does not exist, so look which.
 */
export function missingCredentials(): string {
  const profile = process.env.AWS_PROFILE;
  if (!profile) return 'no AWS credentials: set AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY) and try again';
  const files = [
    process.env.AWS_CONFIG_FILE ?? join(homedir(), '.aws', 'config'),
    process.env.AWS_SHARED_CREDENTIALS_FILE ?? join(homedir(), '.aws', 'credentials'),
  ];
  const header = new RegExp(`^\\[\\s*(profile\\s+)?${profile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*\\]`, 'm');
  const known = files.some((f) => existsSync(f) && header.test(readFileSync(f, 'utf8')));
  return known
    ? `AWS profile "${profile}" gave no credentials (an expired SSO session? run aws sso login --profile ${profile})`
    : `AWS profile "${profile}" (AWS_PROFILE) is not defined in ${files.join(' or ')}; check its spelling (aws configure list-profiles)`;
}

/**
 * Resolves credentials through the SDK's default chain (the chain `npm run query`
 * signs with, and the one Terraform's AWS provider follows), without calling AWS.
 * Returns what to fix when there are none, undefined when there are.
 */
export async function credentialsProblem(): Promise<string | undefined> {
  try {
    await athenaClient(undefined).config.credentials();
    return undefined;
  } catch (err) {
    const e = err as { name?: string; message?: string };
    if (e.name === 'CredentialsProviderError' || /credential|profile/i.test(e.message ?? '')) return missingCredentials();
    return `AWS credentials could not be read: ${(e.message ?? String(err)).split('\n')[0]}`;
  }
}
