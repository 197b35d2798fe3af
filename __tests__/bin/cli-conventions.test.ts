import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { FIXTURE, ROOT } from '../helpers/synth';

/*
 * Every command-line tool, as a user meets it: -h and --help print usage to
 * stdout with exit 0; usage errors are one line on stderr with exit 2; nothing
 * a user can cause prints a stack trace or a library's raw text.
 */
interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

function run(script: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve) => {
    // The tools read the test tables, not the project's own (MSK_ATHENA_SCHEMAS, as for synth).
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bin', script), ...args], { cwd: ROOT, env: { ...process.env, MSK_ATHENA_SCHEMAS: join(FIXTURE, 'schemas'), ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr, ms: Date.now() - started }));
  });
}

const TOOLS: [string, string[]][] = [
  ['kafka.ts', []],
  ['schemas-check.ts', []],
  ['produce.ts', ['--local']],
  ['verify.ts', ['--topic', 'orders']],
  ['topics.ts', ['--local']],
  ['query.ts', ['SELECT 1']],
  ['smoke.ts', []],
  ['plan-summary.ts', []],
  ['plan.ts', []],
  ['rehearse.ts', []],
];

/** Whether something listens on the local broker's port (a developer's npm run kafka:up). */
const localBrokerUp =
  spawnSync(process.execPath, ['-e', "require('net').connect(19092,'127.0.0.1').on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))"]).status === 0;

const noTrace = (text: string) => expect(text).not.toMatch(/\n\s+at \S+ \(|node:internal|KafkaJS|TypeError/);

describe('command-line conventions', () => {
  it.each(TOOLS)('%s: -h and --help print usage to stdout and exit 0', async (script, args) => {
    for (const flag of ['-h', '--help']) {
      const r = await run(script, [...args, flag]);
      expect({ flag, status: r.status, stderr: r.stderr }).toEqual({ flag, status: 0, stderr: '' });
      expect(r.stdout).toMatch(/^usage: /);
    }
  });

  it.each(TOOLS)('%s: an unknown option is one line on stderr with exit 2', async (script, args) => {
    const r = await run(script, [...args, '--no-such-option']);
    expect({ status: r.status, stdout: r.stdout, stderr: r.stderr.trim() }).toEqual({ status: 2, stdout: '', stderr: expect.stringMatching(/^[a-z:]+: unknown option --no-such-option; see --help$/) });
  });

  it('explains a negative count instead of repeating the argument parser', async () => {
    const r = await run('produce.ts', ['--local', '--count', '-5']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('produce: --count needs a value, and a value may not start with "-" (write --count=<value>); see --help');
    const zero = await run('produce.ts', ['--local', '--count=-5']);
    expect(zero.stderr.trim()).toBe('produce: --count must be a whole number of at least 1, got "-5"; see --help');
  });

  it('says where to write when produce gets neither --local nor --brokers', async () => {
    const r = await run('produce.ts', []);
    expect({ status: r.status, stderr: r.stderr.trim() }).toEqual({ status: 2, stderr: 'produce: say where to write: --local or --brokers LIST; see --help' });
  });

  it.each([
    ['produce.ts', ['--brokers', '127.0.0.1:1', '--auth', 'plaintext', '--count', '1']],
    ['topics.ts', ['--brokers', '127.0.0.1:1', '--auth', 'plaintext']],
    ['verify.ts', ['--topic', 'orders', '--brokers', '127.0.0.1:1', '--auth', 'plaintext']],
  ])('%s: an unreachable broker fails within 10 seconds, naming the address and the fix', async (script, args) => {
    const r = await run(script, args);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n').pop()).toMatch(/: no Kafka broker answers at 127\.0\.0\.1:1 \(connection refused\); check the addresses, the network path and the security group$/);
    noTrace(r.stderr);
    expect(r.ms).toBeLessThan(10_000);
  });

  // Skipped, with this reason, only where a developer's own `npm run kafka:up` broker holds the port.
  (localBrokerUp ? it.skip : it)('names the local broker fix when the default local broker is down', async () => {
    const r = await run('topics.ts', ['--local']);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toMatch(/no Kafka broker answers at 127\.0\.0\.1:19092 \(connection refused\); start the local broker with npm run kafka:up, or pass --brokers host:port$/);
  });

  it('asks for the SCRAM username and password before connecting with --auth scram', async () => {
    const r = await run('verify.ts', ['--topic', 'orders', '--brokers', '127.0.0.1:1', '--auth', 'scram'], { KAFKA_SCRAM_USERNAME: '', KAFKA_SCRAM_PASSWORD: '' });
    expect({ status: r.status, stderr: r.stderr.trim() }).toEqual({ status: 1, stderr: 'verify: --auth scram needs KAFKA_SCRAM_USERNAME and KAFKA_SCRAM_PASSWORD (the username and password of the AmazonMSK_ secret)' });
  });

  it('tells a missing AWS profile apart from missing credentials', async () => {
    const r = await run('query.ts', ['SELECT 1', '--region', 'us-east-1'], { AWS_PROFILE: 'no-such-profile-here', AWS_CONFIG_FILE: join(ROOT, 'package.json'), AWS_SHARED_CREDENTIALS_FILE: join(ROOT, 'package.json'), AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(`query: AWS profile "no-such-profile-here" (AWS_PROFILE) is not defined in ${join(ROOT, 'package.json')} or ${join(ROOT, 'package.json')}; check its spelling (aws configure list-profiles)`);
  });

  it('rehearse says what to install when Terraform is missing, and fails', async () => {
    const r = await run('rehearse.ts', ['--validate-only'], { PATH: require('node:path').dirname(process.execPath) });
    expect({ status: r.status, stderr: r.stderr.trim() }).toEqual({
      status: 1,
      stderr: 'rehearse: terraform is not on PATH; install Terraform 1.10 or newer (https://developer.hashicorp.com/terraform/install) and try again',
    });
  });

  it('kafka refuses an unknown command with usage on stderr and exit 2', async () => {
    const r = await run('kafka.ts', ['sideways']);
    expect({ status: r.status, stderr: r.stderr.trim() }).toEqual({ status: 2, stderr: 'kafka: expected up, down or status, got "sideways"; see --help' });
  });
});
