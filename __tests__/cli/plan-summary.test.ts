import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { actionOf, summarize } from '../../cli/plan/summarize';
import { ROOT } from '../helpers/synth';

const FIXTURES = join(__dirname, '..', 'fixtures', 'plans');
const load = (stack: string) => ({ stack, plan: JSON.parse(readFileSync(join(FIXTURES, stack, 'plan.json'), 'utf8')) });

describe('plan summary', () => {
  const markdown = summarize(['dev-network', 'dev-streaming', 'dev-analytics'].map(load));

  it('maps Terraform action lists to what a reviewer calls them', () => {
    expect([['create'], ['update'], ['delete', 'create'], ['create', 'delete'], ['delete'], ['no-op'], ['read']].map(actionOf)).toEqual([
      'create',
      'update',
      'replace',
      'replace',
      'destroy',
      undefined,
      undefined,
    ]);
  });

  it('puts every replaced or destroyed stateful resource first, in plain words', () => {
    const [, risk] = markdown.split('### Data at risk');
    const lines = risk.split('|')[0].trim().split('\n');
    expect(lines).toEqual([
      '- **dev-streaming**: `aws_msk_cluster.Kafka_DE2CE4FA` will be **REPLACED**. MSK cluster: its topics and records are lost. Why: `cluster_name` changes from `dev-msk-athena` to `dev-msk-athena-v2`, which AWS cannot change in place.',
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
    const policyRow = security.split('\n').find((l) => l.startsWith('| `policy` |'))!;
    const [, before, after] = policyRow.split(' | ');
    expect(before).not.toContain('refunds');
    expect(after).toContain('refunds');
    expect(security).toContain('#### create `aws_vpc_security_group_egress_rule.Connector_SecurityGroup_ToPrefixList-443_1A2B3C4D` (dev-analytics)');
    expect(security).toContain('| `prefix_list_id` | - | _(known after apply)_ |');
    expect(security).not.toContain('```');
    expect(security).not.toContain('aws_glue_schema');
  });

  it('names the attribute that forces each replacement of a resource that holds no data', () => {
    const plan = {
      format_version: '1.2',
      resource_changes: [
        {
          address: 'aws_security_group.Sg',
          type: 'aws_security_group',
          change: { actions: ['create', 'delete'], before: { description: 'old' }, after: { description: 'new' }, replace_paths: [['description']] },
        },
      ],
    };
    expect(summarize([{ stack: 'dev-network', plan }])).toContain(
      '### Other replacements\n\n- **dev-network**: `aws_security_group.Sg`: `description` changes from `old` to `new`, which AWS cannot change in place.',
    );
  });

  it('says what prevent_destroy stopped, and why, from the unguarded plan', () => {
    const unguarded = {
      format_version: '1.2',
      resource_changes: [
        {
          address: 'aws_s3_bucket.Spill',
          type: 'aws_s3_bucket',
          change: { actions: ['delete', 'create'], before: { bucket_prefix: 'a-' }, after: { bucket_prefix: 'b-' }, replace_paths: [['bucket_prefix']] },
        },
      ],
    };
    const md = summarize([load('dev-network')], { blocked: [{ stack: 'dev-analytics', plan: unguarded }], unchanged: ['dev-streaming'] });
    expect(md).toContain('### Plan stopped by prevent_destroy');
    expect(md).toContain(
      '- **dev-analytics**: `aws_s3_bucket.Spill` would be replaced because `bucket_prefix` changes from `a-` to `b-`, which AWS cannot change in place.',
    );
    expect(md).toContain('| dev-analytics | _blocked by prevent_destroy_ | | | |');
    expect(md).toContain('| dev-streaming | _unchanged, not planned_ | | | |');
    expect(md).toMatch(/Not planned, their synthesized Terraform is identical to the base branch's: dev-streaming\./);
  });

  it("tells the adopted cluster's owner what to allow", () => {
    const plan = { format_version: '1.2', resource_changes: [], output_changes: { cluster_owner_action: { actions: ['create'], after_unknown: true } } };
    expect(summarize([{ stack: 'dev-analytics', plan }])).toContain(
      "### Action for the cluster owner\n\nThe adopted cluster's brokers must admit the connector's security group (output connector_security_group_id); until they do, queries cannot reach Kafka:\n\n- **dev-analytics**: the command is printed as the output cluster_owner_action after apply",
    );
    expect(summarize([load('dev-network')])).not.toContain('cluster owner');
  });

  it('shows a schema change as column changes, for every format', () => {
    const avro = (fields: [string, string][]) => JSON.stringify({ type: 'record', name: 'S', fields: fields.map(([name, type]) => ({ name, type })) });
    const proto = (fields: string) => `syntax = "proto2";\nmessage D {\n${fields}\n}`;
    const json = (fields: [string, string][]) =>
      JSON.stringify({ topicName: 'o', message: { dataFormat: 'json', fields: fields.map(([name, type]) => ({ name, mapping: name, type })) } });
    const csv = (fields: [string, string][]) =>
      JSON.stringify({ topicName: 'c', message: { dataFormat: 'csv', fields: fields.map(([name, type], i) => ({ name, mapping: String(i), type })) } });
    const change = (name: string, actions: string[], format: string, before: string | null, after: string | null) => ({
      address: `aws_glue_schema.${name}`,
      type: 'aws_glue_schema',
      mode: 'managed' as const,
      change: {
        actions,
        before: before === null ? null : { schema_name: name, data_format: format, schema_definition: before },
        after: after === null ? null : { schema_name: name, data_format: format, schema_definition: after },
      },
    });
    const text = summarize([
      {
        stack: 'dev-analytics',
        plan: {
          format_version: '1.2',
          resource_changes: [
            change(
              'shipments',
              ['update'],
              'AVRO',
              avro([
                ['id', 'string'],
                ['n', 'int'],
                ['gone', 'double'],
              ]),
              avro([
                ['id', 'string'],
                ['n', 'long'],
                ['carrier', 'string'],
              ]),
            ),
            change('device_status', ['create'], 'PROTOBUF', null, proto('  optional string device_id = 1;\n  optional int32 battery_pct = 2;')),
            change(
              'orders',
              ['update'],
              'JSON',
              json([['id', 'VARCHAR']]),
              json([
                ['id', 'VARCHAR'],
                ['total', 'DOUBLE'],
              ]),
            ),
            change(
              'sensor_readings',
              ['update'],
              'JSON',
              csv([['id', 'VARCHAR']]),
              csv([
                ['id', 'VARCHAR'],
                ['celsius', 'DOUBLE'],
              ]),
            ),
            change('old', ['delete'], 'JSON', json([['id', 'VARCHAR']]), null),
            change('old_csv', ['delete'], 'JSON', csv([['id', 'VARCHAR']]), null),
          ],
        },
      },
    ]);
    const [, tables] = text.split('### Table changes');
    expect(tables.trim().split('\n\n')[0].split('\n')).toEqual([
      '- **dev-analytics**: table `shipments` (avro): `n` integer (int) -> bigint (long); added `carrier` varchar (string); removed `gone` double',
      '- **dev-analytics**: table `device_status` (protobuf) new: `device_id` varchar, `battery_pct` integer',
      '- **dev-analytics**: table `orders` (json): added `total` double',
      '- **dev-analytics**: table `sensor_readings` (csv): added `celsius` double',
      '- **dev-analytics**: table `old` (json) removed',
      '- **dev-analytics**: table `old_csv` (csv) removed',
    ]);
  });

  it('says so when nothing stateful is at risk', () => {
    expect(summarize([load('dev-network')])).toContain('No stateful resource is replaced or destroyed.');
  });

  it('runs as npm run plan:summary, naming stacks after their folders, and refuses what is not a plan', () => {
    const run = (...files: string[]) => spawnSync(process.execPath, ['scripts/run.mjs', 'bin/plan-summary.ts', ...files], { cwd: ROOT, encoding: 'utf8' });
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

describe('plan summary when stacks could not be planned', () => {
  const registry = { step: 'init' as const, cause: 'the provider registry is unreachable (Error: x)', fix: 'set MSK_ATHENA_PROVIDER_MIRROR' };

  it('says so in its first lines and claims nothing when no stack was planned', () => {
    const md = summarize([], {
      failed: [
        { stack: 'dev-network', ...registry },
        { stack: 'dev-analytics', ...registry, notTried: true },
      ],
    });
    expect(md.split('\n')).toEqual([
      '## Terraform plan summary: 2 of 2 stacks NOT planned',
      '',
      '**Not planned: dev-network, dev-analytics.** Nothing here says what they would change.',
      '',
      '- **dev-network**, **dev-analytics** (not tried): terraform init failed: the provider registry is unreachable (Error: x)',
      '  Fix: set MSK_ATHENA_PROVIDER_MIRROR.',
      '',
    ]);
  });

  it('scopes the danger list, the replacements and the totals to the stacks that were planned', () => {
    const md = summarize([load('dev-streaming')], { failed: [{ stack: 'dev-analytics', step: 'plan', cause: 'Error: y: z' }], unchanged: ['dev-network'] });
    const lines = md.split('\n');
    expect(lines.slice(0, 5)).toEqual([
      '## Terraform plan summary: 1 of 3 stacks NOT planned',
      '',
      '**Not planned: dev-analytics.** Nothing here says what it would change.',
      '',
      '- **dev-analytics**: terraform plan failed: Error: y: z',
    ]);
    expect(md).toContain('### Data at risk in the planned stacks (dev-streaming)');
    expect(md).toContain('| dev-analytics | _not planned: terraform plan failed_ | | | |');
    expect(md).toMatch(/\| \*\*total of the planned stacks\*\* \| 0 \| 1 \| 1 \| 0 \|/);
    expect(md).not.toContain('| **total** |');
  });

  it('keeps its plain opening when every stack was planned', () => {
    const opening = summarize([load('dev-network')])
      .split('\n')
      .slice(0, 3);
    expect(opening).toEqual(['## Terraform plan summary', '', 'No stateful resource is replaced or destroyed.']);
  });
});

describe('plan summary of real terraform show -json output (recorded by npm run rehearse against moto)', () => {
  const real = (stack: string) => ({ stack, plan: JSON.parse(readFileSync(join(FIXTURES, 'rehearsal', stack, 'plan.json'), 'utf8')) });
  const md = summarize([real('dev-network'), real('dev-analytics')]);

  it('counts what a first deploy creates, per stack', () => {
    const created = (stack: string) =>
      real(stack).plan.resource_changes.filter(
        (c: { mode: string; change: { actions: string[] } }) => c.mode === 'managed' && c.change.actions.join() === 'create',
      ).length;
    expect(created('dev-network')).toBe(17);
    expect(md).toContain(`| dev-network | 17 | 0 | 0 | 0 |`);
    expect(md).toContain(`| dev-analytics | ${created('dev-analytics')} | 0 | 0 | 0 |`);
    expect(md).toContain('No stateful resource is replaced or destroyed.');
  });

  it('shows every new role, policy and security-group rule as one table each', () => {
    const [, security] = md.split('### IAM and network changes');
    expect(security).toContain('#### create `aws_iam_role.Connector_Role_B4B7D937` (dev-analytics)');
    expect(security).toMatch(/\| `name` \| - \| `dev-athena-msk-connector-role` \|/);
    expect(security).toMatch(
      /#### create `aws_vpc_security_group_ingress_rule\.Connector_SecurityGroup_Todev-msk-athena-brokers-9098-In_[0-9A-F]+` \(dev-analytics\)\n\n\| attribute \| before \| after \|/,
    );
    expect(security).not.toContain('```');
  });
});
