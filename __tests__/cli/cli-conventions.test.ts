import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { basename, delimiter, dirname, join } from 'node:path';
import { format } from 'node:util';
import { localBrokerFix } from '../../cli/lib/kafka/connection';
import { FIXTURE, ROOT } from '../helpers/synth';

/*
 * Every command-line tool, as a user meets it: -h and --help print usage to
 * stdout with exit 0; usage errors are one line on stderr with exit 2; nothing
 * a user can cause prints a stack trace or a library's raw text.
 *
 * What only a process shows (exit code, which stream) is checked by running the
 * npm scripts' own commands, compiled as users run them (the jest globalSetup
 * builds them once). What the tools say is checked in-process: each tool's own
 * main, the one its entry file in bin/ runs, called with an argument list.
 */
interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The tables the tools read in these tests: the test fixtures, not the project's own (as for synth). */
const TEST_ENV = { MSK_ATHENA_SCHEMAS: join(FIXTURE, 'schemas') };

/** Runs a shell command the way `npm run <script> -- args` does: `sh -c`, with node_modules/.bin on PATH. */
function shell(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const PATH = [dirname(process.execPath), join(ROOT, 'node_modules', '.bin'), process.env.PATH].join(delimiter);
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', `${command} "$@"`, 'sh', ...args], { cwd: ROOT, env: { ...process.env, PATH, ...TEST_ENV, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const SCRIPTS: Record<string, string> = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts;

/** Scripts whose options belong to the program they wrap, which answers --help itself. */
const WRAPPERS: Record<string, string> = {
  typecheck: "tsc --noEmit: options are tsc's",
  test: "typecheck, then jest: options are jest's (and the type check runs first)",
  'test:unit': "jest: options are jest's",
  'test:e2e': "jest with the end-to-end config: options are jest's",
  'test:integration': "jest with the integration config: options are jest's",
  lint: "eslint, then prettier --check, over the whole project: options are prettier's",
  format: "prettier --write over the whole project: options are prettier's",
};

/** npm's install lifecycle scripts: not tools. */
const LIFECYCLE = new Set(['preinstall', 'install', 'postinstall', 'prepare']);

type Main = (argv: string[]) => Promise<number>;

/** The command module an entry file in bin/ runs: the one it imports `main` from. */
function commandModule(entry: string): string {
  const spec = /import \{ main \} from '([^']+)';/.exec(readFileSync(join(ROOT, entry), 'utf8'))?.[1];
  if (!spec) throw new Error(`${entry} does not import main from its command module`);
  return join(dirname(entry), spec);
}

/** A tool's main, as its entry file in bin/ runs it with `argv`. */
function toolMain(entry: string): Main {
  const main = require(join(ROOT, commandModule(entry))).main;
  if (typeof main !== 'function') throw new Error(`${commandModule(entry)} exports no main(argv)`);
  return main;
}

/** Runs a tool in this process with `argv` and `env`, capturing what it prints. */
async function inProcess(file: string, argv: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const main = toolMain(file);
  const stdout: string[] = [];
  const stderr: string[] = [];
  const spies = [
    jest.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void stdout.push(`${format(...a)}\n`)),
    jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void stderr.push(`${format(...a)}\n`)),
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => stdout.push(String(chunk)) > 0),
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => stderr.push(String(chunk)) > 0),
  ];
  const vars = { ...TEST_ENV, ...env };
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    const status = await main(argv);
    return { status, stdout: stdout.join(''), stderr: stderr.join('') };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    for (const spy of spies) spy.mockRestore();
  }
}

/** Each tool with the arguments it needs before an option can be judged. verify is run as a process below. */
const TOOLS: [string, string[]][] = [
  ['bin/kafka.ts', []],
  ['bin/schemas-check.ts', []],
  ['bin/produce.ts', ['--local']],
  ['bin/topics.ts', ['--local']],
  ['bin/query.ts', ['SELECT 1']],
  ['bin/smoke.ts', []],
  ['bin/plan-summary.ts', []],
  ['bin/plan.ts', []],
  ['bin/rehearse.ts', []],
  ['bin/bench.ts', []],
  ['bin/cdktn-check.ts', []],
];

/**
 * A loopback port nothing listens on, asked of the OS (bound to port 0, then released)
 * for each test: no test assumes that a default port (the local broker's 19092, or
 * any other) is free or taken on the machine it runs on.
 */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const noTrace = (text: string) => expect(text).not.toMatch(/\n\s+at \S+ \(|node:internal|KafkaJS|TypeError/);
const UNKNOWN_OPTION = /^[a-z:-]+: unknown option --no-such-option; see --help$/;

describe('the command layout: npm run <script> runs bin/<script>', () => {
  const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const entryOf = (command: string) => /^(?:node scripts\/run\.mjs |node |bash )(bin\/[a-z-]+\.(?:ts|mjs|sh))\b/.exec(command)?.[1];
  const commands = Object.entries(SCRIPTS).filter(([name]) => !(name in WRAPPERS) && !LIFECYCLE.has(name));

  it.each(commands)('npm run %s runs the entry file named after it', (name, command) => {
    const entry = entryOf(command);
    // kafka:up and kafka:down share one tool; every other script has its own file.
    const names = [name.replace(':', '-'), name.split(':')[0]];
    expect({ name, entry }).toEqual({ name, entry: expect.stringMatching(new RegExp(`^bin/(${names.join('|')})\\.(ts|mjs|sh)$`)) });
  });

  it('keeps nothing in bin/ but the entry files of the scripts and the installed command', () => {
    const entries = new Set([...Object.values(SCRIPTS).map(entryOf), ...Object.values<string>(PACKAGE.bin)]);
    expect(readdirSync(join(ROOT, 'bin')).filter((f) => !entries.has(`bin/${f}`))).toEqual([]);
  });

  it('keeps each TypeScript entry thin: it runs the main of one command module', () => {
    const thin =
      /^\/\/ `npm run [a-z:]+`[^\n]*\nimport \{ runMain \} from '\.\.\/cli\/lib\/command';\nimport \{ main \} from '\.\.\/(cli\/[a-z-]+|bench)\/[a-z-]+';\n\nrunMain\(main\);\n$/;
    const entries = readdirSync(join(ROOT, 'bin')).filter((f) => f.endsWith('.ts'));
    expect(entries.length).toBeGreaterThan(15);
    expect(entries.filter((f) => !thin.test(readFileSync(join(ROOT, 'bin', f), 'utf8')))).toEqual([]);
  });
});

describe('every npm script that takes options', () => {
  // npm runs its lifecycle scripts itself (postinstall: patch-package applies patches/), never with a user's options.
  const ours = Object.entries(SCRIPTS).filter(([name]) => !(name in WRAPPERS) && !LIFECYCLE.has(name));

  it.each(ours)('npm run %s -- --help prints usage to stdout, exits 0 and does nothing else', async (_name, command) => {
    // A tool the runner starts answers in-process (that the runner hands arguments through is checked as a process below).
    const compiled = /^node scripts\/run\.mjs (\S+\.ts)((?: [a-z]\S*)*)$/.exec(command);
    const r = compiled ? await inProcess(compiled[1], [...compiled[2].split(' ').filter(Boolean), '--help']) : await shell(command, ['--help']);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    expect(r.stdout).toMatch(/^usage: /);
  });

  it('lists as wrappers only scripts that exist and only run jest, tsc or eslint', () => {
    for (const name of Object.keys(WRAPPERS)) {
      expect({ name, command: SCRIPTS[name] }).toEqual({ name, command: expect.stringMatching(/^(jest|tsc|eslint|prettier|npm run typecheck && jest)( |$)/) });
    }
  });

  it('runs TypeScript compiled, through scripts/run.mjs, never through a TypeScript loader', () => {
    const loaders = Object.entries(SCRIPTS).filter(([, command]) => /--import tsx|\btsx |ts-node/.test(command));
    expect(loaders).toEqual([]);
    expect(JSON.parse(readFileSync(join(ROOT, 'cdktf.json'), 'utf8')).app).toBe(SCRIPTS.synth);
  });

  it("compiles the provider bindings and the parsers into the synth program, and shares node_modules' cdktf", () => {
    // The jest globalSetup built it exactly as `npm run synth` does.
    const program = readFileSync(join(ROOT, '.cache', 'build', 'main.cjs'), 'utf8');
    const required = new Set(
      [...program.matchAll(/\brequire\("([^"./][^"]*)"\)/g)].map(([, spec]) =>
        spec
          .split('/')
          .slice(0, spec.startsWith('@') ? 2 : 1)
          .join('/'),
      ),
    );
    expect([...required].filter((name) => ['@cdktf/provider-aws', 'zod', 'protobufjs', 'avsc', 'long'].includes(name))).toEqual([]);
    expect([...required].filter((name) => ['cdktf', 'constructs'].includes(name)).sort()).toEqual(['cdktf', 'constructs']);
    expect(program).toContain('mskClusterLoggingInfoBrokerLogsCloudwatchLogsToTerraform');
  });
});

describe('command-line conventions, as a process', () => {
  it('an unknown option is one line on stderr, nothing on stdout, exit 2', async () => {
    const r = await shell(SCRIPTS.produce, ['--local', '--no-such-option']);
    expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({
      status: 2,
      stdout: '',
      stderr: 'produce: unknown option --no-such-option; see --help\n',
    });
  });

  it('verify: an unknown option is refused with exit 2', async () => {
    const r = await shell(SCRIPTS.verify, ['--topic', 'orders', '--no-such-option']);
    expect({ status: r.status, stdout: r.stdout, stderr: r.stderr.trim() }).toEqual({ status: 2, stdout: '', stderr: expect.stringMatching(UNKNOWN_OPTION) });
  });

  it('verify: an unreachable broker is one line on stderr naming the address and the fix, exit 1, no stack trace', async () => {
    const port = await freePort();
    const r = await shell(SCRIPTS.verify, ['--topic', 'orders', '--brokers', `127.0.0.1:${port}`, '--auth', 'plaintext']);
    expect({ status: r.status, stderr: r.stderr.trim() }).toEqual({
      status: 1,
      stderr: `verify: no Kafka broker answers at 127.0.0.1:${port} (connection refused); check the addresses, the network path and the security group`,
    });
    noTrace(r.stderr);
  });

  it('verify asks for the SCRAM username and password before connecting with --auth scram', async () => {
    const r = await shell(SCRIPTS.verify, ['--topic', 'orders', '--brokers', '127.0.0.1:1', '--auth', 'scram'], {
      KAFKA_SCRAM_USERNAME: '',
      KAFKA_SCRAM_PASSWORD: '',
    });
    expect({ status: r.status, stderr: r.stderr.trim() }).toEqual({
      status: 1,
      stderr: 'verify: --auth scram needs KAFKA_SCRAM_USERNAME and KAFKA_SCRAM_PASSWORD (the username and password of the AmazonMSK_ secret)',
    });
  });

  // npm run scan starts this step as a program of its own, not through an entry file in bin/.
  it("the scan's variant synthesis runs when started: a missing folder is a usage error", async () => {
    const r = await shell('node scripts/run.mjs cli/scan/synth-variants.ts', []);
    expect({ status: r.status, stdout: r.stdout, stderr: r.stderr.trim() }).toEqual({
      status: 2,
      stdout: '',
      stderr: 'synth-variants: expected one argument, the folder to write into; see --help',
    });
  });

  // A process, not in-process: jest gives tests their own copy of process.env, which node's own PATH lookup does not read.
  it('rehearse says what to install when Terraform is missing, and fails', async () => {
    const r = await shell(SCRIPTS.rehearse, ['--validate-only'], { PATH: dirname(process.execPath) });
    expect({ status: r.status, stderr: r.stderr.trim() }).toEqual({
      status: 1,
      stderr: 'rehearse: terraform is not on PATH; install Terraform 1.10 or newer (https://developer.hashicorp.com/terraform/install) and try again',
    });
  });
});

describe('command-line conventions, what the tools say', () => {
  it.each(TOOLS)('%s: -h and --help print usage to stdout and exit 0', async (file, args) => {
    for (const flag of ['-h', '--help']) {
      const r = await inProcess(file, [...args, flag]);
      expect({ flag, status: r.status, stderr: r.stderr }).toEqual({ flag, status: 0, stderr: '' });
      expect(r.stdout).toMatch(/^usage: /);
    }
  });

  it.each(TOOLS)('%s: an unknown option is one line on stderr with exit 2', async (file, args) => {
    const r = await inProcess(file, [...args, '--no-such-option']);
    expect({ status: r.status, stdout: r.stdout, stderr: r.stderr.trim() }).toEqual({ status: 2, stdout: '', stderr: expect.stringMatching(UNKNOWN_OPTION) });
  });

  it('explains a negative count instead of repeating the argument parser', async () => {
    const r = await inProcess('bin/produce.ts', ['--local', '--count', '-5']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('produce: --count needs a value, and a value may not start with "-" (write --count=<value>); see --help');
    const zero = await inProcess('bin/produce.ts', ['--local', '--count=-5']);
    expect(zero.stderr.trim()).toBe('produce: --count must be a whole number of at least 1, got "-5"; see --help');
  });

  it('says where to write when produce gets neither --local nor --brokers', async () => {
    const r = await inProcess('bin/produce.ts', []);
    expect({ status: r.status, stderr: r.stderr.trim() }).toEqual({ status: 2, stderr: 'produce: say where to write: --local or --brokers LIST; see --help' });
  });

  // The tools probe the brokers themselves before kafkajs (which retries for minutes) gets a
  // client: this message comes only from that probe, so seeing it means the tool did not wait on kafkajs.
  it.each([
    ['bin/produce.ts', ['--auth', 'plaintext', '--count', '1']],
    ['bin/topics.ts', ['--auth', 'plaintext']],
  ])('%s: an unreachable broker fails at the probe, naming the address and the fix', async (file, args) => {
    const port = await freePort();
    const r = await inProcess(file, ['--brokers', `127.0.0.1:${port}`, ...args]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n').pop()).toBe(
      `${basename(file, '.ts')}: no Kafka broker answers at 127.0.0.1:${port} (connection refused); check the addresses, the network path and the security group`,
    );
    noTrace(r.stderr);
  });

  // The local broker on a port of its own (--local-port): the default 19092 may be anyone's on this machine.
  it('names the local broker fix when the local broker is down', async () => {
    const port = await freePort();
    const r = await inProcess('bin/topics.ts', ['--local-port', String(port)]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toMatch(
      new RegExp(
        `no Kafka broker answers at 127\\.0\\.0\\.1:${port} \\(connection refused\\); start the local broker with npm run kafka:up -- --port ${port}, or pass --brokers host:port$`,
      ),
    );
  });

  it('names the plain kafka:up for the default local broker (19092), and its --port for another', () => {
    expect(localBrokerFix(19092)).toBe('start the local broker with npm run kafka:up, or pass --brokers host:port');
    expect(localBrokerFix(36092)).toBe('start the local broker with npm run kafka:up -- --port 36092, or pass --brokers host:port');
  });

  it('tells a missing AWS profile apart from missing credentials', async () => {
    const file = join(ROOT, 'package.json');
    const r = await inProcess('bin/query.ts', ['SELECT 1', '--region', 'us-east-1'], {
      AWS_PROFILE: 'no-such-profile-here',
      AWS_CONFIG_FILE: file,
      AWS_SHARED_CREDENTIALS_FILE: file,
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
    });
    expect({ status: r.status, stderr: r.stderr.trim() }).toEqual({
      status: 1,
      stderr: `query: AWS profile "no-such-profile-here" (AWS_PROFILE) is not defined in ${file} or ${file}; check its spelling (aws configure list-profiles)`,
    });
  });

  it('kafka refuses an unknown command with usage on stderr and exit 2', async () => {
    const r = await inProcess('bin/kafka.ts', ['sideways']);
    expect({ status: r.status, stderr: r.stderr.trim() }).toEqual({ status: 2, stderr: 'kafka: expected up, down or status, got "sideways"; see --help' });
  });

  it('bench refuses a stage it does not have, naming the ones it has', async () => {
    const r = await inProcess('bin/bench.ts', ['--only', 'unit,warp']);
    expect({ status: r.status, stderr: r.stderr.trim() }).toEqual({
      status: 2,
      stderr: 'bench: --only: "warp" is not a stage; use one of synth, tables, cdktf, unit, bundles, producer, rehearse, exit, python, firststart; see --help',
    });
  });
});
