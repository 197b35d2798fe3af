import { AthenaClient } from '@aws-sdk/client-athena';

/**
 * An Athena client for the command-line tools. `endpoint` (or the SDK's own
 * AWS_ENDPOINT_URL_ATHENA) points it at another endpoint, such as a local emulator.
 */
export function athenaClient(region: string | undefined, endpoint?: string): AthenaClient {
  return new AthenaClient({
    region: region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
    endpoint,
    maxAttempts: 3,
  });
}
