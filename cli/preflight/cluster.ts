import { DescribeClusterV2Command, ListClustersV2Command, ListScramSecretsCommand, type Cluster } from '@aws-sdk/client-kafka';
import { DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { isNotFound } from '../lib/aws/errors';
import { fail, pass, type CheckResult, type PreflightContext } from './check';

/** Whether the cluster lets clients in the configured way (provisioned or serverless). */
function authenticationEnabled(cluster: Cluster, authentication: 'iam' | 'scram' | 'tls'): boolean {
  const auth = cluster.Provisioned?.ClientAuthentication ?? cluster.Serverless?.ClientAuthentication;
  const sasl = auth?.Sasl as { Iam?: { Enabled?: boolean }; Scram?: { Enabled?: boolean } } | undefined;
  if (authentication === 'iam') return sasl?.Iam?.Enabled === true;
  if (authentication === 'scram') return sasl?.Scram?.Enabled === true;
  const tls = (auth as { Tls?: { Enabled?: boolean; CertificateAuthorityArnList?: string[] } } | undefined)?.Tls;
  return tls?.Enabled === true || (tls?.Enabled === undefined && (tls?.CertificateAuthorityArnList?.length ?? 0) > 0);
}

async function findCluster(ctx: PreflightContext, arn: string): Promise<boolean> {
  let NextToken: string | undefined;
  do {
    const page = await ctx.clients.kafka.send(new ListClustersV2Command({ NextToken }));
    if ((page.ClusterInfoList ?? []).some((c) => c.ClusterArn === arn)) return true;
    NextToken = page.NextToken;
  } while (NextToken);
  return false;
}

/** An adopted cluster exists, is ACTIVE, lets clients in the configured way, and its secret is usable. */
export async function checkAdoptedCluster(ctx: PreflightContext): Promise<CheckResult[]> {
  const { config, label, clients } = ctx;
  const existing = config.msk.existing;
  if (!existing) return [];
  const arn = existing.clusterArn;
  if (!(await findCluster(ctx, arn))) {
    return [
      fail(
        'cluster',
        `${label}: msk.existing.clusterArn: no cluster ${arn} in ${config.region}`,
        "copy the ARN from aws kafka list-clusters-v2 (the account and region must be the deployer's)",
      ),
    ];
  }
  const { ClusterInfo: cluster = {} } = await clients.kafka.send(new DescribeClusterV2Command({ ClusterArn: arn }));
  const results: CheckResult[] = [];
  const name = cluster.ClusterName ?? arn;
  results.push(
    cluster.State === 'ACTIVE'
      ? pass('cluster', `${name} is ACTIVE`)
      : fail(
          'cluster',
          `${name} is ${cluster.State ?? 'in an unknown state'}, not ACTIVE`,
          'wait until it is ACTIVE (aws kafka describe-cluster-v2) before deploying',
        ),
  );
  results.push(
    authenticationEnabled(cluster, existing.authentication)
      ? pass('cluster', `${name} has ${existing.authentication} authentication enabled`)
      : fail(
          'cluster',
          `${label}: msk.existing.authentication: ${name} does not have ${existing.authentication} authentication enabled`,
          'set authentication to one the cluster has, or enable it on the cluster (aws kafka update-security)',
        ),
  );
  if (existing.secretArn) results.push(...(await checkSecret(ctx, existing.secretArn, existing.authentication, arn)));
  return results;
}

async function checkSecret(ctx: PreflightContext, secretArn: string, authentication: string, clusterArn: string): Promise<CheckResult[]> {
  const { label, clients } = ctx;
  let secretName: string;
  try {
    ({ Name: secretName = '' } = await clients.secrets.send(new DescribeSecretCommand({ SecretId: secretArn })));
  } catch (err) {
    if (isNotFound(err))
      return [
        fail('secret', `${label}: msk.existing.secretArn: no secret ${secretArn}`, 'give the ARN of an existing secret (aws secretsmanager list-secrets)'),
      ];
    throw err;
  }
  if (authentication !== 'scram') return [pass('secret', `${secretName} exists`)];
  if (!secretName.startsWith('AmazonMSK_')) {
    return [
      fail(
        'secret',
        `${label}: msk.existing.secretArn: ${secretName} does not start with AmazonMSK_, so MSK cannot use it for SCRAM`,
        'give the AmazonMSK_ secret associated with the cluster',
      ),
    ];
  }
  const associated: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await clients.kafka.send(new ListScramSecretsCommand({ ClusterArn: clusterArn, NextToken }));
    associated.push(...(page.SecretArnList ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return associated.includes(secretArn)
    ? [pass('secret', `${secretName} exists and is associated with the cluster`)]
    : [
        fail(
          'secret',
          `${secretName} is not associated with the cluster, so MSK does not know its user`,
          `aws kafka batch-associate-scram-secret --cluster-arn ${clusterArn} --secret-arn-list ${secretArn}`,
        ),
      ];
}
