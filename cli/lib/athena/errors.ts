import { missingCredentials } from '../aws/credentials';
import { QueryCancelled, QueryFailed } from './query-runner';

/**
 * Any failure of an Athena call as one line for a person: what happened and what
 * to do. Never a stack trace.
 */
export function describeError(err: unknown, endpoint = 'Athena'): string {
  const e = err as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number }; cause?: { code?: string } };
  const name = e?.name ?? '';
  const message = (e?.message ?? String(err)).split('\n')[0];
  if (err instanceof QueryFailed) {
    if (/bytes scanned limit|BytesScannedCutoffPerQuery|exceeded the data scan limit/i.test(err.reason)) {
      return `query stopped: it scanned more than the workgroup's per-query limit (athena.bytesScannedCutoffMb); narrow it, lower the topic's retention, or raise the limit. Athena said: ${err.reason}`;
    }
    return `query failed: ${err.reason}`;
  }
  if (err instanceof QueryCancelled) return `query ${err.queryId} ${err.reason}`;
  if (name === 'CredentialsProviderError' || (/Could not load credentials|credential/i.test(message) && !e.$metadata?.httpStatusCode)) {
    return missingCredentials();
  }
  const code = e?.code ?? e?.cause?.code ?? '';
  if (
    ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN'].includes(code) ||
    name === 'TimeoutError' ||
    /ECONNREFUSED|ENOTFOUND|getaddrinfo/.test(message)
  ) {
    return `cannot reach ${endpoint} (${code || name}): check the region, the network and any endpoint override`;
  }
  if (name === 'AccessDeniedException' || e.$metadata?.httpStatusCode === 403) {
    return `access denied: ${message} (the caller needs athena, glue and lambda:InvokeFunction rights on this workgroup and catalog)`;
  }
  if (/WorkGroup/i.test(message) && /not exist|not found/i.test(message)) {
    return `workgroup not found: ${message} (check --workgroup, or the deploy outputs file)`;
  }
  if (name === 'MetadataException' || /Catalog .* not found|does not exist|not found/i.test(message)) {
    return `not found: ${message} (check --catalog and --database, or run npm run smoke)`;
  }
  if (name === 'InvalidRequestException') return `Athena refused the request: ${message}`;
  // Our own plain errors are already sentences; SDK errors are named by their type.
  return !name || name === 'Error' ? message : `${name}: ${message}`;
}
