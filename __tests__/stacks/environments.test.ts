import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthesize } from '../../app';
import { FIXTURE, synthEnvironment } from '../helpers/synth';

describe('environments and state', () => {
  it('synthesizes dev and every config file as <env>-<stack>', () => {
    const outdir = join(mkdtempSync(join(tmpdir(), 'msk-athena-envs-')), 'out');
    synthesize({ rootDir: FIXTURE, outdir });
    expect(readdirSync(join(outdir, 'stacks')).sort()).toEqual([
      'dev-analytics',
      'dev-monitoring',
      'dev-network',
      'dev-streaming',
      'prod-analytics',
      'prod-monitoring',
      'prod-network',
      'prod-streaming',
    ]);
    const prod = JSON.parse(readFileSync(join(outdir, 'stacks', 'prod-streaming', 'cdk.tf.json'), 'utf8'));
    expect(prod.terraform.backend.s3).toEqual({
      bucket: 'change-me-msk-athena-terraform-state',
      key: 'msk-athena/prod-streaming.tfstate',
      region: 'us-east-1',
      encrypt: true,
      use_lockfile: true,
    });
    const cluster = Object.values(prod.resource.aws_msk_cluster)[0] as { number_of_broker_nodes: number };
    expect(cluster.number_of_broker_nodes).toBe(3);
  });

  it('keeps local state outside cdktf.out, by a relative path, when no state bucket is configured', () => {
    const { network, analytics } = synthEnvironment();
    expect(network.terraform.backend).toEqual({ local: { path: '../../../state/dev-network.tfstate' } });
    expect(analytics.data.terraform_remote_state['cross-stack-reference-input-dev-network']).toMatchObject({
      backend: 'local',
      config: { path: '../../../state/dev-network.tfstate' },
    });
  });

  it("reads other stacks' outputs from the same S3 bucket when one is configured", () => {
    const { analytics } = synthEnvironment({ state: { bucket: 'acme-tfstate', region: 'eu-central-1' } });
    expect(analytics.terraform.backend.s3).toMatchObject({
      bucket: 'acme-tfstate',
      key: 'msk-athena/dev-analytics.tfstate',
      region: 'eu-central-1',
      use_lockfile: true,
    });
    expect(analytics.data.terraform_remote_state['cross-stack-reference-input-dev-streaming']).toMatchObject({
      backend: 's3',
      config: { bucket: 'acme-tfstate', key: 'msk-athena/dev-streaming.tfstate', region: 'eu-central-1' },
    });
  });

  it('widens the AWS provider constraint so fixed provider releases are picked up', () => {
    const { streaming } = synthEnvironment();
    expect(streaming.terraform.required_providers.aws).toEqual({ source: 'hashicorp/aws', version: '>= 6.25.0, < 7.0.0' });
  });
});

describe('what reviewers see across stacks', () => {
  const stacks = synthEnvironment();

  it('shows cross-stack ids and ARNs in plans instead of hiding them as sensitive', () => {
    const outputs = Object.entries<{ sensitive?: boolean }>({ ...stacks.network.output, ...stacks.streaming.output });
    expect(outputs.filter(([name]) => name.startsWith('cross-stack-output-')).length).toBeGreaterThan(3);
    expect(outputs.filter(([, o]) => o.sensitive)).toEqual([]);
  });

  it('takes the region from the configuration, never from a data source', () => {
    for (const json of Object.values(stacks)) expect(json.data?.aws_region).toBeUndefined();
    expect(JSON.stringify(stacks.analytics)).toContain(':lambda:us-east-1:');
  });
});
