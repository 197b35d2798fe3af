import { GetAccountSettingsCommand } from '@aws-sdk/client-lambda';
import { GetBucketEncryptionCommand, GetBucketVersioningCommand, HeadBucketCommand } from '@aws-sdk/client-s3';
import { LAMBDA_MIN_UNRESERVED_CONCURRENCY, MSK_CONNECTOR_APPLICATION_ID } from '../../core/aws-facts';
import { isAccessDenied, isNotFound } from '../lib/aws/errors';
import { fail, pass, warn, type CheckResult, type PreflightContext } from './check';

interface VersionsPage {
  readonly versions?: { readonly semanticVersion?: string; readonly creationTime?: string }[];
  readonly nextToken?: string;
}

/** The pinned connector version is published where the environment deploys (SAR ListApplicationVersions). */
export async function checkConnectorVersion({ config, label, clients }: PreflightContext): Promise<CheckResult[]> {
  const wanted = config.connector.semanticVersion;
  const versions: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await clients.serverlessRepo<VersionsPage>(['applications', MSK_CONNECTOR_APPLICATION_ID, 'versions'], { maxItems: '100', nextToken });
    versions.push(...(page.versions ?? []).flatMap((v) => (v.semanticVersion ? [v.semanticVersion] : [])));
    nextToken = page.nextToken;
  } while (nextToken);
  if (versions.includes(wanted)) return [pass('connector', `AthenaMSKConnector ${wanted} is published in ${config.region}`)];
  const newest = [...versions].sort((a, b) => b.localeCompare(a, 'en', { numeric: true })).slice(0, 3);
  return [
    fail(
      'connector',
      `${label}: connector.semanticVersion: AthenaMSKConnector ${wanted} is not published in ${config.region}`,
      newest.length
        ? `set it to a published one: ${newest.join(', ')} (aws serverlessrepo list-application-versions)`
        : 'the region publishes no version of the connector; deploy in a region that does',
    ),
  ];
}

/**
 * With reserveConcurrency the topics function reserves 1 and the producer one per
 * target; Lambda refuses a reservation that leaves the account fewer than 100
 * unreserved (new accounts start at a quota of 10, so none fits).
 */
export async function checkConcurrency({ config, label, clients }: PreflightContext): Promise<CheckResult[]> {
  const { AccountLimit: limit } = await clients.lambda.send(new GetAccountSettingsCommand({}));
  const total = limit?.ConcurrentExecutions ?? 0;
  const unreserved = limit?.UnreservedConcurrentExecutions ?? total;
  const wanted = config.reserveConcurrency ? (config.topics.manage ? 1 : 0) + (config.producer.enabled ? config.producer.targets : 0) : 0;
  if (wanted > 0 && unreserved - wanted < LAMBDA_MIN_UNRESERVED_CONCURRENCY) {
    return [
      fail(
        'concurrency',
        `${label}: reserveConcurrency: reserving ${wanted} would leave ${unreserved - wanted} of the account's ${total} unreserved; Lambda keeps at least ${LAMBDA_MIN_UNRESERVED_CONCURRENCY}`,
        `set reserveConcurrency to false, or ask for a higher Lambda concurrency quota (Service Quotas, "Concurrent executions")`,
      ),
    ];
  }
  const line = `Lambda concurrency ${total} (${unreserved} unreserved)${wanted ? `, ${wanted} to reserve` : ''}`;
  if (total < LAMBDA_MIN_UNRESERVED_CONCURRENCY) {
    return [
      warn(
        'concurrency',
        `${line}: a query runs at most ${unreserved} connector splits at once`,
        'ask for a higher Lambda concurrency quota (Service Quotas, "Concurrent executions")',
      ),
    ];
  }
  return [pass('concurrency', line)];
}

/** The Terraform state bucket exists, keeps versions (state history) and is encrypted. */
export async function checkStateBucket({ config, label, clients }: PreflightContext): Promise<CheckResult[]> {
  const state = config.state;
  if (!state)
    return [
      warn(
        'state bucket',
        `${label}: state is not set: Terraform keeps state on this machine`,
        'add "state": {"bucket": "<bucket>"} before a shared or CI deploy (docs/deploying.md, "A bucket for Terraform state")',
      ),
    ];
  const region = state.region ?? config.region;
  const s3 = clients.s3(region);
  const Bucket = state.bucket;
  try {
    await s3.send(new HeadBucketCommand({ Bucket }));
  } catch (err) {
    if (isNotFound(err))
      return [
        fail(
          'state bucket',
          `${label}: state.bucket: ${Bucket} does not exist in ${region}`,
          `create it (versioned, encrypted, public access blocked): docs/deploying.md, "A bucket for Terraform state"`,
        ),
      ];
    if (isAccessDenied(err))
      return [
        fail(
          'state bucket',
          `${label}: state.bucket: ${Bucket} exists but the deployer may not use it (another account's?)`,
          'name a bucket of this account, or grant the deployer s3:ListBucket, GetObject and PutObject on it',
        ),
      ];
    throw err;
  }
  const results: CheckResult[] = [];
  const { Status } = await s3.send(new GetBucketVersioningCommand({ Bucket }));
  results.push(
    Status === 'Enabled'
      ? pass('state bucket', `${Bucket} exists and is versioned`)
      : fail(
          'state bucket',
          `${Bucket} is not versioned: an overwritten state could not be recovered`,
          `aws s3api put-bucket-versioning --bucket ${Bucket} --versioning-configuration Status=Enabled`,
        ),
  );
  try {
    const { ServerSideEncryptionConfiguration: sse } = await s3.send(new GetBucketEncryptionCommand({ Bucket }));
    const algorithm = sse?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm;
    results.push(
      algorithm
        ? pass('state bucket', `${Bucket} is encrypted (${algorithm})`)
        : fail('state bucket', `${Bucket} has no default encryption`, encryptFix(Bucket)),
    );
  } catch (err) {
    if ((err as { name?: string }).name !== 'ServerSideEncryptionConfigurationNotFoundError') throw err;
    results.push(fail('state bucket', `${Bucket} has no default encryption`, encryptFix(Bucket)));
  }
  return results;
}

const encryptFix = (bucket: string) =>
  `aws s3api put-bucket-encryption --bucket ${bucket} --server-side-encryption-configuration '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms"}}]}'`;
