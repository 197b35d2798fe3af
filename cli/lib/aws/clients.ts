import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { KafkaClient } from '@aws-sdk/client-kafka';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { signedGetJson } from './signed-get';

/** The clients the preflight reads the account with, all in one region and at one endpoint when given. */
export interface AwsClients {
  readonly region: string;
  readonly endpoint?: string;
  readonly ec2: EC2Client;
  readonly kafka: KafkaClient;
  readonly lambda: LambdaClient;
  readonly secrets: SecretsManagerClient;
  readonly logs: CloudWatchLogsClient;
  /** S3 in the state bucket's region. */
  s3(region: string): S3Client;
  /** GET on the Serverless Application Repository (no SDK client, see signed-get.ts). */
  serverlessRepo<T>(segments: readonly string[], query?: Record<string, string | undefined>): Promise<T>;
}

/**
 * `endpoint` sends every call to one place (moto, or a local stand-in); without
 * it each client uses its service's regional endpoint, or the SDK's
 * AWS_ENDPOINT_URL_<SERVICE> when set.
 */
export function awsClients(region: string, endpoint?: string): AwsClients {
  const common = { region, endpoint, maxAttempts: 3 };
  const lambda = new LambdaClient(common);
  return {
    region,
    endpoint,
    ec2: new EC2Client(common),
    kafka: new KafkaClient(common),
    lambda,
    secrets: new SecretsManagerClient(common),
    logs: new CloudWatchLogsClient(common),
    // moto serves buckets at paths, not at bucket-name host names.
    s3: (bucketRegion) => new S3Client({ ...common, region: bucketRegion, forcePathStyle: endpoint !== undefined }),
    serverlessRepo: async (segments, query) =>
      signedGetJson({
        service: 'serverlessrepo',
        region,
        endpoint: endpoint ?? process.env.AWS_ENDPOINT_URL_SERVERLESSAPPLICATIONREPOSITORY ?? `https://serverlessrepo.${region}.amazonaws.com`,
        segments,
        query,
        credentials: await lambda.config.credentials(),
      }),
  };
}
