import { AthenaClient } from '@aws-sdk/client-athena';

/**
 * An Athena client for the command-line tools. `endpoint` (or the SDK's own
 * AWS_ENDPOINT_URL_ATHENA) points it at another endpoint, such as a local emulator.
 */
// The SDK's notice that it will need Node.js 22 from 2027 would break the tools'
// one-line output on every run; README's prerequisites carry it instead.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export function athenaClient(region: string | undefined, endpoint?: string): AthenaClient {
  return new AthenaClient({
    region: region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
    endpoint,
    maxAttempts: 3,
  });
}
