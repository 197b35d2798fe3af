/**
 * `npm run preflight -- --env E [--endpoint-url URL]`: read-only checks of the
 * target account before the first deploy, for what a plan cannot show and a
 * first apply meets: zones MSK does not serve, endpoints that clash, a connector
 * version the region lacks, concurrency, the state bucket, an adopted cluster.
 */
import { configLabel, DEFAULT_ENVIRONMENT, loadEnvironmentConfig } from '../../config/load';
import { awsClients } from '../lib/aws/clients';
import { credentialsProblem } from '../lib/aws/credentials';
import { describeAwsError } from '../lib/aws/errors';
import { checkConcurrency, checkConnectorVersion, checkStateBucket } from './account';
import { runCheck, type Check, type CheckResult, type PreflightContext } from './check';
import { checkAdoptedCluster } from './cluster';
import { checkEndpoints, checkZones } from './network';
import { runCli } from '../lib/command';

/** Each check with the permission it needs, in the order a deploy meets them. */
const CHECKS: readonly [string, Check, string][] = [
  ['zones', checkZones, 'ec2:DescribeAvailabilityZones and ec2:DescribeSubnets'],
  ['endpoints', checkEndpoints, 'ec2:DescribeVpcEndpoints'],
  ['connector', checkConnectorVersion, 'serverlessrepo:ListApplicationVersions'],
  ['concurrency', checkConcurrency, 'lambda:GetAccountSettings'],
  ['state bucket', checkStateBucket, 's3:ListBucket, s3:GetBucketVersioning and s3:GetEncryptionConfiguration'],
  ['cluster', checkAdoptedCluster, 'kafka:ListClustersV2, kafka:DescribeClusterV2, kafka:ListScramSecrets and secretsmanager:DescribeSecret'],
];

/** Words on indented lines of at most 78 characters. */
const wrap = (text: string) =>
  text
    .split(' ')
    .reduce<string[]>((lines, word) => {
      const last = lines.at(-1);
      if (last === undefined || last.length + word.length + 1 > 78) lines.push(`  ${word}`);
      else lines[lines.length - 1] = `${last} ${word}`;
      return lines;
    }, [])
    .join('\n');

const USAGE = `usage: npm run preflight -- [--env NAME] [--endpoint-url URL]

Read-only checks of the AWS account with your credentials before a deploy,
one line each (PASS, WARN, FAIL with the fix); exit 1 when any fails:
  zones        the subnets' zone ids are zones MSK serves (zone names map to
               different ids per account)
  endpoints    an existing VPC has no private-DNS interface endpoint (or S3
               gateway) the environment would create again
               (network.existing.createEndpoints)
  connector    connector.semanticVersion is published in the region
  concurrency  Lambda's concurrency quota leaves room for reserveConcurrency
  state bucket exists, is versioned and encrypted
  cluster      an adopted cluster exists, is ACTIVE, has its authentication
  secret       and its secret exists, starts with AmazonMSK_ and is associated

  --env NAME          environment to check (default ${DEFAULT_ENVIRONMENT})
  --endpoint-url URL  send every AWS call here (an emulator); AWS_ENDPOINT_URL_<SERVICE> also works
  -h, --help          this text

The deployer needs these read-only calls:
${wrap(
  CHECKS.map(([, , permission]) => permission)
    .join(', ')
    .replace(/ and /g, ', '),
)}.
A call it may not make is a warning, not a failure.`;

const spec = { name: 'preflight', usage: USAGE, options: { env: { type: 'string' }, 'endpoint-url': { type: 'string' } } } as const;

const TAGS = { pass: 'PASS', warn: 'WARN', fail: 'FAIL' } as const;

export function formatResult(r: CheckResult): string {
  return `${TAGS[r.status]}  ${r.check}: ${r.message}${r.fix ? `; fix: ${r.fix}` : ''}`;
}

/** Runs every check; they are independent reads, so they run at once. */
export async function preflight(ctx: PreflightContext): Promise<CheckResult[]> {
  const results = await Promise.all(CHECKS.map(([name, check, permission]) => runCheck(name, check, ctx, permission)));
  return results.flat();
}

export function main(argv: string[], print: (line: string) => void = (line) => console.log(line)): Promise<number> {
  let service = 'AWS';
  return runCli(
    spec,
    async ({ values }) => {
      const env = values.env ?? DEFAULT_ENVIRONMENT;
      const config = loadEnvironmentConfig(env);
      const endpoint = values['endpoint-url'];
      if (endpoint) service = endpoint;
      const missing = await credentialsProblem();
      if (missing) throw new Error(missing);
      const results = await preflight({ config, label: configLabel(env), clients: awsClients(config.region, endpoint) });
      for (const r of results) print(formatResult(r));
      const count = (s: CheckResult['status']) => results.filter((r) => r.status === s).length;
      const failed = count('fail');
      print(`preflight ${env} (${config.region}${endpoint ? ` at ${endpoint}` : ''}): ${count('pass')} passed, ${count('warn')} warned, ${failed} failed`);
      return failed > 0 ? 1 : 0;
    },
    argv,
    (err) => describeAwsError(err, service),
  );
}
