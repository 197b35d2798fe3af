import { CreateRouteTableCommand, CreateSubnetCommand, CreateVpcCommand, CreateVpcEndpointCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateBucketCommand, PutBucketEncryptionCommand, PutBucketVersioningCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { formatResult, main, preflight } from '../../cli/preflight/command';
import { awsClients } from '../../cli/lib/aws/clients';
import type { CheckResult } from '../../cli/preflight/check';
import { resolveEnvironmentConfig } from '../../config/load';
import { startMoto, type Moto } from '../../scripts/moto/emulator';
import { startFakeAws, type FakeAws } from '../helpers/fake-aws';

const REGION = 'us-east-1';
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const CLUSTER = 'arn:aws:kafka:us-east-1:123456789012:cluster/team/0b7a8d2e-1c3f-4a5b-9c6d-7e8f9a0b1c2d-3';

/** The lines of one check, as `STATUS check: message` without the fix. */
const lines = (results: CheckResult[], check: string) => results.filter((r) => r.check === check).map((r) => `${r.status} ${r.message}`);

describe('preflight against moto and a stand-in for what moto lacks', () => {
  let moto: Moto;
  let fake: FakeAws;
  const saved = { ...process.env };
  const account = {
    good: { vpc: '', subnets: [] as string[], routeTable: '' },
    team: { vpc: '', subnets: [] as string[], routeTable: '' },
    goodSecret: '',
    oddSecret: '',
  };

  const check = (overrides: unknown) => {
    const config = resolveEnvironmentConfig('dev', overrides, 'config/dev.json');
    return preflight({ config, label: 'config/dev.json', clients: awsClients(REGION, fake.url) });
  };
  const adopted = (existing: Record<string, unknown>) => ({
    state: { bucket: 'good-state' },
    network: { existing: { vpcId: account.good.vpc, subnetIds: account.good.subnets, routeTableIds: [account.good.routeTable] } },
    msk: { existing: { clusterArn: CLUSTER, authentication: 'scram', secretArn: account.goodSecret, ...existing } },
  });

  beforeAll(async () => {
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_EC2_METADATA_DISABLED: 'true' });
    moto = await startMoto(Number(process.env.MSK_ATHENA_TEST_MOTO_PORT ?? 25000));
    fake = await startFakeAws(moto.url);
    const ec2 = new EC2Client({ region: REGION, endpoint: moto.url, credentials });
    for (const [key, cidr, zones] of [
      ['good', '10.1.0.0/16', ['us-east-1a', 'us-east-1b']],
      ['team', '10.2.0.0/16', ['us-east-1a', 'us-east-1e']],
    ] as const) {
      const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: cidr }));
      account[key].vpc = Vpc!.VpcId!;
      for (const [i, zone] of zones.entries()) {
        const { Subnet } = await ec2.send(
          new CreateSubnetCommand({ VpcId: Vpc!.VpcId, CidrBlock: cidr.replace('.0.0/16', `.${i}.0/24`), AvailabilityZone: zone }),
        );
        account[key].subnets.push(Subnet!.SubnetId!);
      }
      const { RouteTable } = await ec2.send(new CreateRouteTableCommand({ VpcId: Vpc!.VpcId }));
      account[key].routeTable = RouteTable!.RouteTableId!;
    }
    // The team's VPC already reaches Glue privately, and S3 through a gateway on its route table.
    await ec2.send(
      new CreateVpcEndpointCommand({
        VpcId: account.team.vpc,
        ServiceName: `com.amazonaws.${REGION}.glue`,
        VpcEndpointType: 'Interface',
        PrivateDnsEnabled: true,
        SubnetIds: account.team.subnets,
      }),
    );
    await ec2.send(
      new CreateVpcEndpointCommand({
        VpcId: account.team.vpc,
        ServiceName: `com.amazonaws.${REGION}.s3`,
        VpcEndpointType: 'Gateway',
        RouteTableIds: [account.team.routeTable],
      }),
    );
    const s3 = new S3Client({ region: REGION, endpoint: moto.url, credentials, forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'good-state' }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'good-state', VersioningConfiguration: { Status: 'Enabled' } }));
    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket: 'good-state',
        ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] },
      }),
    );
    await s3.send(new CreateBucketCommand({ Bucket: 'bare-state' }));
    const secrets = new SecretsManagerClient({ region: REGION, endpoint: moto.url, credentials });
    account.goodSecret = (await secrets.send(new CreateSecretCommand({ Name: 'AmazonMSK_team', SecretString: '{"username":"u","password":"p"}' }))).ARN!;
    account.oddSecret = (await secrets.send(new CreateSecretCommand({ Name: 'team-scram', SecretString: '{"username":"u","password":"p"}' }))).ARN!;
  });
  beforeEach(() => {
    fake.connectorVersions = ['2025.46.1', '2026.33.1'];
    fake.accountLimit = { ConcurrentExecutions: 1000, UnreservedConcurrentExecutions: 1000 };
    fake.clusters = [
      {
        arn: CLUSTER,
        name: 'team',
        state: 'ACTIVE',
        clientAuthentication: { sasl: { scram: { enabled: true }, iam: { enabled: false } } },
        scramSecrets: [account.goodSecret],
      },
    ];
  });
  afterAll(async () => {
    await fake.close();
    await moto.stop();
    process.env = saved;
  });

  it('passes an account where everything is right (adopted SCRAM cluster, existing VPC, state bucket)', async () => {
    const results = await check(adopted({}));
    expect(results.filter((r) => r.status !== 'pass').map(formatResult)).toEqual([]);
    expect(lines(results, 'endpoints')).toEqual([
      `pass ${account.good.vpc} has no endpoint the environment would duplicate (Glue, Athena, Secrets Manager, S3 gateway)`,
    ]);
    expect(lines(results, 'connector')).toEqual(['pass AthenaMSKConnector 2026.33.1 is published in us-east-1']);
    expect(lines(results, 'state bucket')).toEqual(['pass good-state exists and is versioned', 'pass good-state is encrypted (aws:kms)']);
    expect(lines(results, 'secret')).toEqual(['pass AmazonMSK_team exists and is associated with the cluster']);
  });

  it('fails a subnet in a zone MSK does not serve, judged by zone id, naming the zones that would do', async () => {
    const results = await check({
      state: { bucket: 'good-state' },
      network: { existing: { vpcId: account.team.vpc, subnetIds: account.team.subnets, routeTableIds: [account.good.routeTable] } },
    });
    const [zones] = results.filter((r) => r.check === 'zones');
    expect(zones).toMatchObject({
      status: 'fail',
      message: `config/dev.json: network.existing.subnetIds: ${account.team.subnets[1]} (us-east-1e, use1-az3) in a zone MSK does not serve; creating the cluster would fail`,
    });
    expect(zones.fix).toMatch(/^use subnets in other zones; zones MSK serves here: us-east-1a, us-east-1b, us-east-1c, us-east-1d, us-east-1f$/);
    // Zone names the environment would use itself are looked up the same way.
    const named = await check({ network: { zoneNames: ['us-east-1a', 'us-east-1e'] } });
    expect(lines(named, 'zones')).toEqual([
      'fail config/dev.json: network.zoneNames: us-east-1e (use1-az3) in a zone MSK does not serve; creating the cluster would fail',
    ]);
    expect(lines(await check({}), 'zones')).toEqual(['pass us-east-1a (use1-az6), us-east-1b (use1-az1): zones MSK serves']);
  });

  it('fails endpoints the environment would create again in an existing VPC, naming the service and createEndpoints', async () => {
    const results = await check({
      network: { existing: { vpcId: account.team.vpc, subnetIds: account.team.subnets, routeTableIds: [account.team.routeTable] } },
    });
    const endpoints = results.filter((r) => r.check === 'endpoints');
    expect(endpoints.map((r) => r.status)).toEqual(['fail', 'fail']);
    expect(endpoints[0].message).toMatch(
      new RegExp(`^${account.team.vpc} already has an interface endpoint for Glue \\(com\\.amazonaws\\.us-east-1\\.glue, vpce-\\w+\\) with private DNS`),
    );
    expect(endpoints[0].fix).toBe(
      "set network.existing.createEndpoints to false in config/dev.json (the VPC's endpoints serve the connector), or remove the VPC's own",
    );
    expect(endpoints[1].message).toMatch(new RegExp(`^${account.team.vpc}: route tables ${account.team.routeTable} already use the S3 gateway endpoint vpce-`));
    const off = await check({ network: { existing: { vpcId: account.team.vpc, subnetIds: account.team.subnets, createEndpoints: false } } });
    expect(lines(off, 'endpoints')).toEqual(["pass network.existing.createEndpoints is false: the VPC's own endpoints (or NAT) serve the connector"]);
  });

  it('fails an unpublished connector version, a concurrency quota too small to reserve, and a bare or missing state bucket', async () => {
    fake.accountLimit = { ConcurrentExecutions: 10, UnreservedConcurrentExecutions: 10 };
    const results = await check({ connector: { semanticVersion: '2026.40.1' }, reserveConcurrency: true, state: { bucket: 'bare-state' } });
    expect(results.find((r) => r.check === 'connector')).toMatchObject({
      status: 'fail',
      message: 'config/dev.json: connector.semanticVersion: AthenaMSKConnector 2026.40.1 is not published in us-east-1',
      fix: 'set it to a published one: 2026.33.1, 2025.46.1 (aws serverlessrepo list-application-versions)',
    });
    expect(lines(results, 'concurrency')).toEqual([
      "fail config/dev.json: reserveConcurrency: reserving 2 would leave 8 of the account's 10 unreserved; Lambda keeps at least 100",
    ]);
    expect(lines(results, 'state bucket')).toEqual([
      'fail bare-state is not versioned: an overwritten state could not be recovered',
      'fail bare-state has no default encryption',
    ]);
    expect(results.find((r) => r.message.includes('not versioned'))!.fix).toBe(
      'aws s3api put-bucket-versioning --bucket bare-state --versioning-configuration Status=Enabled',
    );
    expect(lines(await check({ state: { bucket: 'no-such-state' } }), 'state bucket')).toEqual([
      'fail config/dev.json: state.bucket: no-such-state does not exist in us-east-1',
    ]);
    expect(lines(await check({}), 'state bucket')).toEqual(['warn config/dev.json: state is not set: Terraform keeps state on this machine']);
  });

  it('fails an adopted cluster that is missing, not ACTIVE, without the authentication, or with an unusable secret', async () => {
    expect(lines(await check(adopted({ clusterArn: CLUSTER.replace('/team/', '/gone/') })), 'cluster')).toEqual([
      `fail config/dev.json: msk.existing.clusterArn: no cluster ${CLUSTER.replace('/team/', '/gone/')} in us-east-1`,
    ]);
    fake.clusters[0].state = 'CREATING';
    fake.clusters[0].clientAuthentication = { sasl: { iam: { enabled: true } } };
    fake.clusters[0].scramSecrets = [];
    const results = await check(adopted({}));
    expect(lines(results, 'cluster')).toEqual([
      'fail team is CREATING, not ACTIVE',
      'fail config/dev.json: msk.existing.authentication: team does not have scram authentication enabled',
    ]);
    const [secret] = results.filter((r) => r.check === 'secret');
    expect(secret).toMatchObject({ status: 'fail', message: 'AmazonMSK_team is not associated with the cluster, so MSK does not know its user' });
    expect(secret.fix).toBe(`aws kafka batch-associate-scram-secret --cluster-arn ${CLUSTER} --secret-arn-list ${account.goodSecret}`);
    const gone = account.goodSecret.replace('AmazonMSK_team', 'AmazonMSK_gone');
    expect(lines(await check(adopted({ secretArn: gone })), 'secret')).toEqual([`fail config/dev.json: msk.existing.secretArn: no secret ${gone}`]);
    const iam = await check(adopted({ authentication: 'iam', secretArn: undefined }));
    expect(lines(iam, 'cluster')).toEqual(['fail team is CREATING, not ACTIVE', 'pass team has iam authentication enabled']);
  });

  it('prints one line per check with the fix and a summary, exit 1 on a failure and 0 otherwise', async () => {
    const out: string[] = [];
    expect(await main(['--endpoint-url', fake.url], (l) => out.push(l))).toBe(0);
    expect(out.at(-1)).toBe(`preflight dev (us-east-1 at ${fake.url}): 4 passed, 1 warned, 0 failed`);
    expect(out).toContain(
      'WARN  state bucket: config(dev) built-in defaults: state is not set: Terraform keeps state on this machine; fix: add "state": {"bucket": "<bucket>"} before a shared or CI deploy (docs/deploying.md, "A bucket for Terraform state")',
    );
    fake.connectorVersions = ['2025.46.1'];
    const failed: string[] = [];
    expect(await main(['--endpoint-url', fake.url], (l) => failed.push(l))).toBe(1);
    expect(failed).toContainEqual(
      expect.stringMatching(/^FAIL {2}connector: .*2026\.33\.1 is not published in us-east-1; fix: set it to a published one: 2025\.46\.1/),
    );
  });
});
