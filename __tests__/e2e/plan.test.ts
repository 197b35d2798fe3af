import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { stackFailure } from '../../cli/lib/terraform/failures';
import { findProviderMirror, mirrorVersions } from '../../cli/lib/terraform/mirror';
import { terraformError } from '../../cli/lib/terraform/run';
import { FIXTURE, ROOT } from '../helpers/synth';

/*
 * `npm run plan` with a stand-in `terraform` on PATH that logs its calls: the
 * order of stacks, which are skipped against a base, and what a plan stopped
 * by prevent_destroy reports. Failures replay what Terraform 1.11 printed
 * (fixtures/plans/terraform-output). Real Terraform runs in `npm run rehearse`.
 */
const OUTPUT = join(ROOT, '__tests__', 'fixtures', 'plans', 'terraform-output');
const FAKE_TERRAFORM = `#!/bin/sh
dir=$(echo "$1" | sed 's/^-chdir=//'); shift
stack=$(basename "$dir")
echo "$stack $1" >> "$TF_CALLS"
replay() { [ -f "$TF_OUTPUT/$1.stdout.txt" ] && cat "$TF_OUTPUT/$1.stdout.txt"; cat "$TF_OUTPUT/$1.stderr.txt" >&2; exit 1; }
case "$1" in
  init)
    [ -n "$TF_CLI_CONFIG_FILE" ] && [ -f "$TF_CLI_CONFIG_FILE" ] && cp "$TF_CLI_CONFIG_FILE" "$TF_CALLS.rc"
    [ -n "$TF_REGISTRY_DOWN" ] && replay init-registry-unreachable
    exit 0 ;;
  plan)
    [ "$stack" = "$TF_PLAN_FAILS" ] && replay plan-extraneous-property
    if grep -q '"prevent_destroy": *true' "$dir/cdk.tf.json" && [ -n "$TF_BLOCK" ]; then
      echo 'Error: Instance cannot be destroyed (lifecycle.prevent_destroy)' >&2; exit 1
    fi
    : > "$dir/plan.out"; exit 0 ;;
  show)
    if [ "$2" = "-json" ]; then
      if [ -n "$TF_BLOCK" ]; then
        echo '{"format_version":"1.2","resource_changes":[{"address":"aws_s3_bucket.Spill","type":"aws_s3_bucket","change":{"actions":["delete","create"],"before":{"bucket_prefix":"a-"},"after":{"bucket_prefix":"b-"},"replace_paths":[["bucket_prefix"]]}}]}'
      else
        echo '{"format_version":"1.2","resource_changes":[]}'
      fi
    else echo "plan text"; fi ;;
esac
`;

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'msk-athena-plan-'));
  writeFileSync(join(dir, 'terraform'), FAKE_TERRAFORM);
  chmodSync(join(dir, 'terraform'), 0o755);
  return { bin: dir, calls: join(dir, 'calls.log'), out: join(dir, 'out'), base: join(dir, 'base') };
}

/** A filesystem mirror holding hashicorp/aws `version` for this platform, packed as `terraform providers mirror` writes it. */
function mirror(t: ReturnType<typeof setup>, version: string): string {
  const dir = join(t.bin, `mirror-${version}`);
  const platform = `${process.platform}_${process.arch === 'x64' ? 'amd64' : process.arch}`;
  mkdirSync(join(dir, 'registry.terraform.io', 'hashicorp', 'aws'), { recursive: true });
  writeFileSync(join(dir, 'registry.terraform.io', 'hashicorp', 'aws', `terraform-provider-aws_${version}_${platform}.zip`), '');
  return dir;
}

function plan(t: ReturnType<typeof setup>, args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, ['scripts/run.mjs', 'bin/plan.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: {
      ...process.env,
      PATH: `${t.bin}:${process.env.PATH}`,
      TF_CALLS: t.calls,
      TF_OUTPUT: OUTPUT,
      CDKTF_OUTDIR: t.out,
      // The test tables, not the project's own (a table a user is still writing never fails this suite).
      MSK_ATHENA_SCHEMAS: join(FIXTURE, 'schemas'),
      MSK_ATHENA_REMOTE_STATE: '',
      // Credentials as a CI runner has them; no user Terraform configuration, no mirror unless a test makes one.
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_PROFILE: '',
      TF_CLI_CONFIG_FILE: join(t.bin, 'no-such.terraformrc'),
      MSK_ATHENA_PROVIDER_MIRROR: '',
      // Lambda at a port nothing listens on: the topics function cannot be asked (bin/plan-topics.test.ts asks a stand-in).
      AWS_ENDPOINT_URL_LAMBDA: `http://127.0.0.1:${CLOSED_PORT}`,
      ...env,
    },
  });
}

/** A port the OS just handed out and took back: nothing listens there. */
const CLOSED_PORT = Number(
  execFileSync(
    process.execPath,
    ['-e', "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})"],
    { encoding: 'utf8' },
  ),
);

const lines = (text: string) => text.split('\n');
const occurrences = (text: string, part: string) => text.split(part).length - 1;

const calls = (t: ReturnType<typeof setup>) => (existsSync(t.calls) ? readFileSync(t.calls, 'utf8').trim().split('\n') : []);

describe('npm run plan', () => {
  it('plans every stack of the environment in dependency order, with plan.json beside each', () => {
    const t = setup();
    const r = plan(t, ['--env', 'dev']);
    expect(r.stderr).toContain('plan: 4 planned, 0 unchanged, 0 not planned');
    expect(r.status).toBe(0);
    expect(calls(t).filter((c) => c.endsWith(' plan'))).toEqual(['dev-network plan', 'dev-streaming plan', 'dev-analytics plan', 'dev-monitoring plan']);
    expect(JSON.parse(readFileSync(join(t.out, 'stacks', 'dev-network', 'plan.json'), 'utf8')).format_version).toBe('1.2');
    expect(r.stdout).toContain('| dev-analytics | 0 | 0 | 0 | 0 |');
  });

  it('says the Kafka topic changes are not known when the topics function cannot be asked, and lists what the declaration does', () => {
    const t = setup();
    const r = plan(t, ['--env', 'dev']);
    expect(r.stderr).toMatch(/plan: Kafka topics not asked: cannot reach/);
    expect(r.stdout).toContain('### Kafka topics: the cluster could not be asked');
    expect(r.stdout).toContain('**Topic changes are not known.**');
    expect(r.stdout).toContain('topics.overrides names no setting: existing topics are left as they are.');
    expect(r.status).toBe(0);
  });

  it('skips the stacks whose Terraform is identical on the base branch, and says so', () => {
    const t = setup();
    expect(plan(t, ['--env', 'dev']).status).toBe(0);
    cpSync(t.out, t.base, { recursive: true });
    const analytics = join(t.base, 'stacks', 'dev-analytics', 'cdk.tf.json');
    writeFileSync(analytics, `${readFileSync(analytics, 'utf8')} `);
    writeFileSync(t.calls, '');
    const r = plan(t, ['--env', 'dev', '--base', t.base, '--summary', join(t.bin, 'summary.md')]);
    expect(r.status).toBe(0);
    expect(calls(t).filter((c) => c.endsWith(' plan'))).toEqual(['dev-analytics plan']);
    const md = readFileSync(join(t.bin, 'summary.md'), 'utf8');
    expect(md).toContain('| dev-network | _unchanged, not planned_ | | | |');
    expect(md).toContain("Not planned, their synthesized Terraform is identical to the base branch's: dev-network, dev-streaming, dev-monitoring.");
  });

  it('says which protected resource prevent_destroy saved, and why, and fails', () => {
    const t = setup();
    const r = plan(t, ['--env', 'dev'], { TF_BLOCK: '1' });
    expect(r.status).toBe(1);
    expect(lines(r.stdout)[0]).toMatch(/^## Terraform plan summary: [1-4] of 4 stacks NOT planned$/);
    expect(r.stdout).toMatch(/\n- \*\*dev-network\*\*.*: terraform plan failed: Error: Instance cannot be destroyed \(lifecycle.prevent_destroy\)\n/);
    expect(r.stdout).toContain('\n  Fix: see "Plan stopped by prevent_destroy" below.\n');
    expect(r.stdout).toContain('### Plan stopped by prevent_destroy');
    expect(r.stdout).toContain('`aws_s3_bucket.Spill` would be replaced because `bucket_prefix` changes from `a-` to `b-`');
    expect(occurrences(r.stdout + r.stderr, 'Instance cannot be destroyed')).toBe(1);
  });

  it('refuses a base folder with nothing synthesized in it', () => {
    const t = setup();
    const r = plan(t, ['--env', 'dev', '--base', t.bin]);
    expect({ status: r.status, stderr: r.stderr.trim() }).toEqual({
      status: 2,
      stderr: `plan: --base ${t.bin} holds no synthesized stacks (manifest.json); see --help`,
    });
  });

  it('opens with the stacks not planned when the provider registry is unreachable, names the mirror fix, claims nothing, and fails', () => {
    const t = setup();
    const old = mirror(t, '5.1.0');
    const r = plan(t, ['--env', 'dev'], { TF_REGISTRY_DOWN: '1', MSK_ATHENA_PROVIDER_MIRROR: old });
    expect(r.status).toBe(1);
    expect(lines(r.stdout).slice(0, 6)).toEqual([
      '## Terraform plan summary: 4 of 4 stacks NOT planned',
      '',
      '**Not planned: dev-network, dev-streaming, dev-analytics, dev-monitoring.** Nothing here says what they would change.',
      '',
      '- **dev-network**, **dev-streaming** (not tried), **dev-analytics** (not tried), **dev-monitoring** (not tried): terraform init failed: the provider registry is unreachable, ' +
        'so hashicorp/aws cannot be installed (Error: Failed to query available provider packages: Could not retrieve the list of available versions ' +
        'for provider hashicorp/aws: could not connect to registry.terraform.io: failed to request discovery document: ' +
        'Get "https://registry.terraform.io/.well-known/terraform.json": dial tcp: lookup registry.terraform.io on 10.255.255.53:53: no such host)',
      `  Fix: the mirror ${old} holds only hashicorp/aws 5.1.0; set MSK_ATHENA_PROVIDER_MIRROR to a folder holding hashicorp/aws >= 6.25.0, < 7.0.0 ` +
        'for this platform (fill one with `terraform providers mirror DIR` where the registry is reachable), as for npm run rehearse, ' +
        'or let this machine reach registry.terraform.io.',
    ]);
    expect(r.stdout).not.toMatch(/No stateful resource|\| \*\*total|Data at risk/);
    expect(occurrences(r.stdout + r.stderr, 'Failed to query available provider packages')).toBe(1);
    expect(r.stdout + r.stderr).not.toContain('terraform providers\n');
    expect(calls(t)).toEqual(['dev-network init']);
  });

  it('opens with the one stack that failed to plan, and scopes every claim to the stacks that planned', () => {
    const t = setup();
    const summary = join(t.bin, 'summary.md');
    const r = plan(t, ['--env', 'dev', '--summary', summary], { TF_PLAN_FAILS: 'dev-streaming' });
    expect(r.status).toBe(1);
    const md = readFileSync(summary, 'utf8');
    const opening = [
      '**Not planned: dev-streaming.** Nothing here says what it would change.',
      '',
      '- **dev-streaming**: terraform plan failed: Error: Extraneous JSON object property: No argument or block type is named "storage_mode".',
    ];
    expect(lines(md).slice(0, 7)).toEqual([
      '## Terraform plan summary: 1 of 4 stacks NOT planned',
      '',
      ...opening,
      '',
      'No stateful resource is replaced or destroyed in the planned stacks (dev-network, dev-analytics, dev-monitoring).',
    ]);
    expect(md).toContain('| dev-streaming | _not planned: terraform plan failed_ | | | |');
    expect(md).toContain('| **total of the planned stacks** | 0 | 0 | 0 | 0 |');
    // The summary is in a file, so the log says it too: once in each, never the whole output.
    expect(r.stderr).toContain(opening.join('\n'));
    expect(occurrences(md, 'storage_mode')).toBe(1);
    expect(occurrences(r.stderr, 'storage_mode')).toBe(1);
    expect(r.stdout + r.stderr + md).not.toContain('8: ');
    expect(r.stderr).toContain('plan: 3 planned, 0 unchanged, 1 not planned');
  });

  it('checks credentials first: one line with the fix, exit 1, and Terraform is never run', () => {
    const t = setup();
    const summary = join(t.bin, 'summary.md');
    const noCredentials = {
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_SESSION_TOKEN: '',
      AWS_WEB_IDENTITY_TOKEN_FILE: '',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '',
      AWS_CONTAINER_CREDENTIALS_FULL_URI: '',
      AWS_CONFIG_FILE: join(t.bin, 'aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(t.bin, 'aws-credentials'),
    };
    const none = plan(t, ['--env', 'dev', '--summary', summary], noCredentials);
    expect({ status: none.status, stderr: none.stderr.trim() }).toEqual({
      status: 1,
      stderr: 'plan: no AWS credentials: set AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY) and try again',
    });
    expect(lines(readFileSync(summary, 'utf8')).slice(0, 3)).toEqual([
      '## Terraform plan summary: nothing planned',
      '',
      '**Not planned: no stack of dev.** No AWS credentials: set AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY) and try again.',
    ]);
    const unknown = plan(t, ['--env', 'dev'], { ...noCredentials, AWS_PROFILE: 'no-such-profile' });
    expect({ status: unknown.status, stdout: unknown.stdout, stderr: unknown.stderr.trim() }).toEqual({
      status: 1,
      stdout: '',
      stderr:
        `plan: AWS profile "no-such-profile" (AWS_PROFILE) is not defined in ${join(t.bin, 'aws-config')} or ${join(t.bin, 'aws-credentials')}; ` +
        'check its spelling (aws configure list-profiles)',
    });
    expect(calls(t)).toEqual([]);
    expect(existsSync(t.out)).toBe(false);
  });

  it('takes hashicorp/aws from a mirror that holds a version the stacks accept, and says so', () => {
    const t = setup();
    const fitting = mirror(t, '6.30.0');
    const r = plan(t, ['--env', 'dev'], { MSK_ATHENA_PROVIDER_MIRROR: fitting });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`plan: hashicorp/aws 6.30.0 from the filesystem mirror ${fitting}`);
    const rc = readFileSync(`${t.calls}.rc`, 'utf8');
    expect(rc).toContain(`path    = ${JSON.stringify(fitting)}`);
    expect(rc).toContain('direct {');
  });
});

/** A git repository holding the test tables plus an Avro one, committed; the working tree then takes `avsc` as the Avro table. */
function schemaRepo(t: ReturnType<typeof setup>, avsc: object): string {
  const repo = join(t.bin, 'repo');
  cpSync(join(FIXTURE, 'schemas'), join(repo, 'schemas'), { recursive: true });
  const record = { type: 'record', name: 'Click', fields: [{ name: 'id', type: 'string' }] };
  writeFileSync(join(repo, 'schemas', 'customer', 'clicks.avsc'), JSON.stringify(record));
  const git = (args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: repo });
  git(['init', '-q']);
  git(['add', '.']);
  git(['commit', '-q', '-m', 'tables']);
  writeFileSync(join(repo, 'schemas', 'customer', 'clicks.avsc'), JSON.stringify({ ...record, ...avsc }));
  return repo;
}

describe('npm run plan -- --base-ref', () => {
  it('opens the summary with a schema version Glue would refuse, and fails though Terraform planned', () => {
    const t = setup();
    const repo = schemaRepo(t, {
      fields: [
        { name: 'id', type: 'string' },
        { name: 'page', type: 'string' },
      ],
    });
    const summary = join(t.bin, 'summary.md');
    const r = plan(t, ['--env', 'dev', '--base-ref', 'HEAD', '--summary', summary], { MSK_ATHENA_SCHEMAS: join(repo, 'schemas') });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/\nplan: \d planned, 0 unchanged, 0 not planned, 1 schema change Glue would refuse; summary in /);
    const md = lines(readFileSync(summary, 'utf8'));
    expect(md.slice(0, 3)).toEqual(['## Terraform plan summary', '', '### Schema changes Glue would refuse (since HEAD)']);
    expect(md).toContain(
      `- \`${relative(ROOT, join(repo, 'schemas', 'customer', 'clicks.avsc'))}\` fields[1] (page): is new and has no "default": ` +
        'records already on the topic have no value for it; Glue refuses this version (compatibility BACKWARD), so terraform apply fails. Fix: give it a default, e.g. "default": "".',
    );
  });

  it('plans as before when the ref is unknown, and says the schemas were not judged', () => {
    const t = setup();
    const repo = schemaRepo(t, {});
    const r = plan(t, ['--env', 'dev', '--base-ref', 'no-such-ref'], { MSK_ATHENA_SCHEMAS: join(repo, 'schemas') });
    expect(r.status).toBe(0);
    expect(lines(r.stdout)[2]).not.toMatch(/Schema changes/);
    expect(r.stdout).toContain(
      '_Schema changes were not judged against no-such-ref: --base-ref no-such-ref names no commit, branch or tag here (fetch it first, e.g. git fetch origin no-such-ref)._',
    );
  });
});

describe('Terraform failures in brief', () => {
  const replay = (name: string) => ({
    ok: false,
    stdout: existsSync(join(OUTPUT, `${name}.stdout.txt`)) ? readFileSync(join(OUTPUT, `${name}.stdout.txt`), 'utf8') : '',
    stderr: readFileSync(join(OUTPUT, `${name}.stderr.txt`), 'utf8'),
  });

  it('keeps the Error line and the line that explains it, skipping where it points in the file', () => {
    expect(terraformError(replay('plan-extraneous-property'))).toBe(
      'Error: Extraneous JSON object property: No argument or block type is named "storage_mode".',
    );
    const boxed = {
      ok: false,
      stdout: '',
      stderr: '╷\n│ Error: Invalid count\n│\n│   on cdk.tf.json line 3:\n│    3: x\n│\n│ Count must be whole.\n╵\n' + '╷\n│ Error: Second\n╵\n',
    };
    expect(terraformError(boxed)).toBe('Error: Invalid count: Count must be whole. (and 1 more error)');
    expect(terraformError({ ok: false, stdout: '', stderr: 'Killed\n' })).toBe('Killed');
  });

  it('recognises an unreachable registry, and credentials Terraform refused', () => {
    const registry = stackFailure('dev-network', 'init', replay('init-registry-unreachable'), '>= 6.25.0, < 7.0.0');
    expect(registry.registryUnreachable).toBe(true);
    expect(registry.fix).toMatch(/set MSK_ATHENA_PROVIDER_MIRROR to a folder holding hashicorp\/aws >= 6\.25\.0, < 7\.0\.0/);
    const stderr = 'Error: Retrieving AWS account details: ExpiredToken: The security token included in the request is expired\n';
    const expired = stackFailure('dev-network', 'plan', { ok: false, stdout: '', stderr }, '>= 6.25.0');
    expect(expired.fix).toMatch(/^renew the AWS credentials/);
    expect(stackFailure('dev-network', 'plan', replay('plan-extraneous-property'), '>= 6.25.0').fix).toBeUndefined();
  });

  it('finds a mirror in either layout, preferring a version the stacks accept', () => {
    const t = setup();
    const unpacked = join(t.bin, 'unpacked');
    const platform = `${process.platform}_${process.arch === 'x64' ? 'amd64' : process.arch}`;
    for (const v of ['6.26.0', '7.1.0', '5.9.0']) mkdirSync(join(unpacked, 'registry.terraform.io', 'hashicorp', 'aws', v, platform), { recursive: true });
    mkdirSync(join(unpacked, 'registry.terraform.io', 'hashicorp', 'aws', '6.99.0', 'other_os'), { recursive: true });
    expect(mirrorVersions(unpacked)).toEqual(['5.9.0', '6.26.0', '7.1.0']);
    expect(mirrorVersions(mirror(t, '6.30.0'))).toEqual(['6.30.0']);
    const saved = process.env.MSK_ATHENA_PROVIDER_MIRROR;
    try {
      process.env.MSK_ATHENA_PROVIDER_MIRROR = unpacked;
      expect(findProviderMirror('>= 6.25.0, < 7.0.0')).toEqual({ path: unpacked, version: '6.26.0', meetsConstraint: true });
    } finally {
      if (saved === undefined) delete process.env.MSK_ATHENA_PROVIDER_MIRROR;
      else process.env.MSK_ATHENA_PROVIDER_MIRROR = saved;
    }
  });
});
