import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { actionOf, summarize } from '../../bin/plan/summarize';
import { ROOT } from '../helpers/synth';

const FIXTURES = join(__dirname, '..', 'fixtures', 'plans');
const load = (stack: string) => ({ stack, plan: JSON.parse(readFileSync(join(FIXTURES, stack, 'plan.json'), 'utf8')) });

describe('plan summary', () => {
  const markdown = summarize(['dev-network', 'dev-streaming', 'dev-analytics'].map(load));

  it('maps Terraform action lists to what a reviewer calls them', () => {
    expect([['create'], ['update'], ['delete', 'create'], ['create', 'delete'], ['delete'], ['no-op'], ['read']].map(actionOf)).toEqual([
      'create', 'update', 'replace', 'replace', 'destroy', undefined, undefined,
    ]);
  });

  it('puts every replaced or destroyed stateful resource first, in plain words', () => {
    const [, risk] = markdown.split('### Data at risk');
    const lines = risk.split('|')[0].trim().split('\n');
    expect(lines).toEqual([
      '- **dev-streaming**: `aws_msk_cluster.Kafka_DE2CE4FA` will be **REPLACED**. MSK cluster: its topics and records are lost.',
      '- **dev-analytics**: `aws_s3_bucket.Connector_SpillBucket_5C030391` will be **DESTROYED**. S3 bucket: its objects are lost.',
    ]);
    expect(markdown.indexOf('### Data at risk')).toBeLessThan(markdown.indexOf('| stack |'));
  });

  it('counts create, update, replace and destroy per stack, ignoring reads and no-ops', () => {
    expect(markdown).toContain('| dev-network | 0 | 0 | 0 | 0 |');
    expect(markdown).toContain('| dev-streaming | 0 | 1 | 1 | 0 |');
    expect(markdown).toContain('| dev-analytics | 2 | 1 | 0 | 1 |');
    expect(markdown).toContain('| **total** | 2 | 2 | 1 | 1 |');
  });

  it('lists IAM and security-group changes with before and after', () => {
    const [, security] = markdown.split('### IAM and network changes');
    expect(security).toContain('#### update `aws_iam_role_policy.Connector_Role_Policy_9D804FED` (dev-analytics)');
    expect(security).toContain('"arn:aws:kafka:us-east-1:111122223333:topic/dev-msk-athena/abc/refunds"');
    expect(security.indexOf('before:')).toBeLessThan(security.indexOf('refunds'));
    expect(security).toContain('#### create `aws_vpc_security_group_egress_rule.Connector_SecurityGroup_ToPrefixList-443_1A2B3C4D` (dev-analytics)');
    expect(security).toMatch(/`prefix_list_id`\n\n {2}before:\n\n```\n-\n```\n\n {2}after:\n\n```\n\(known after apply\)\n```/);
    expect(security).not.toContain('aws_glue_schema');
  });

  it('says so when nothing stateful is at risk', () => {
    expect(summarize([load('dev-network')])).toContain('No stateful resource is replaced or destroyed.');
  });

  it('runs as npm run plan:summary, naming stacks after their folders, and refuses what is not a plan', () => {
    const run = (...files: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'bin/plan-summary.ts', ...files], { cwd: ROOT, encoding: 'utf8' });
    const ok = run(join(FIXTURES, 'dev-streaming', 'plan.json'));
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('| dev-streaming | 0 | 1 | 1 | 0 |');
    const dir = join(mkdtempSync(join(tmpdir(), 'msk-athena-plan-')), 'prod-network');
    mkdirSync(dir);
    writeFileSync(join(dir, 'plan.json'), JSON.stringify({ resource_changes: [] }));
    const bad = run(join(dir, 'plan.json'));
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim()).toBe('plan:summary: prod-network: not a Terraform JSON plan (no format_version); give the output of terraform show -json');
  });
});
