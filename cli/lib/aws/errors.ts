import { missingCredentials } from './credentials';

/** The fields an AWS SDK v3 error (or a network error under it) carries. */
export interface AwsErrorLike {
  readonly name?: string;
  readonly code?: string;
  readonly message?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
  readonly cause?: { readonly code?: string };
}

const NETWORK_CODES = ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN'];

/** No answer from the endpoint at all (down, wrong address, no route). */
export function isUnreachable(err: unknown): boolean {
  const e = err as AwsErrorLike;
  const code = e?.code ?? e?.cause?.code ?? '';
  return NETWORK_CODES.includes(code) || e?.name === 'TimeoutError' || /ECONNREFUSED|ENOTFOUND|getaddrinfo/.test(e?.message ?? '');
}

export const isAccessDenied = (err: unknown): boolean => {
  const e = err as AwsErrorLike;
  return /AccessDenied|UnauthorizedOperation|Forbidden/.test(e?.name ?? '') || e?.$metadata?.httpStatusCode === 403;
};

export const isNotFound = (err: unknown): boolean => {
  const e = err as AwsErrorLike;
  return /NotFound|NoSuch/.test(e?.name ?? '') || e?.$metadata?.httpStatusCode === 404;
};

/**
 * An AWS call's failure as one line: missing credentials, an endpoint that does
 * not answer, a denial (with the action's service), or the SDK's own words.
 */
export function describeAwsError(err: unknown, service: string, endpoint?: string): string {
  const e = err as AwsErrorLike;
  const name = e?.name ?? '';
  const message = (e?.message ?? String(err)).split('\n')[0];
  if (name === 'CredentialsProviderError' || (/Could not load credentials/i.test(message) && !e?.$metadata?.httpStatusCode)) return missingCredentials();
  if (isUnreachable(err)) return `cannot reach ${endpoint ?? service} (${e?.code ?? e?.cause?.code ?? name}): check the region, the network and --endpoint-url`;
  if (isAccessDenied(err)) return `access denied by ${service}: ${message}`;
  return !name || name === 'Error' ? message : `${service} ${name}: ${message}`;
}
