import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/unprotect/command';
import { loadEnvironmentConfig } from '../../config/load';
import { ROOT } from '../helpers/synth';

/** A project folder with a copy of the shipped config/ (prod.json) and nothing else. */
function project(): { root: string; config: string } {
  const root = mkdtempSync(join(tmpdir(), 'msk-athena-unprotect-'));
  const config = join(root, 'config');
  mkdirSync(config);
  cpSync(join(ROOT, 'config', 'prod.json'), join(config, 'prod.json'));
  return { root, config };
}

/** Runs the command in-process, returning its exit code and what it printed. */
async function unprotect(root: string, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
  const error = jest.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
  try {
    const code = await main(argv, { configDir: join(root, 'config'), rootDir: root });
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

const read = (path: string) => readFileSync(path, 'utf8');

describe('npm run unprotect', () => {
  it('keeps every key of an adopted-cluster config, adding "protectData": false in the file\'s 2-space style with a trailing newline', async () => {
    const { root, config } = project();
    const original = read(join(ROOT, 'docs', 'examples', 'adopt-scram-cluster.json'));
    writeFileSync(join(config, 'dev.json'), original);
    const r = await unprotect(root, ['--env', 'dev']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const written = read(join(config, 'dev.json'));
    expect(JSON.parse(written)).toEqual({ ...JSON.parse(original), protectData: false });
    expect(written).toBe(`${JSON.stringify({ ...JSON.parse(original), protectData: false }, null, 2)}\n`);
    // Still the adopted cluster, now destroyable.
    const loaded = loadEnvironmentConfig('dev', { configDir: config, rootDir: root });
    expect([loaded.msk.existing?.clusterArn, loaded.network.existing?.vpcId, loaded.protectData]).toEqual([
      JSON.parse(original).msk.existing.clusterArn,
      JSON.parse(original).network.existing.vpcId,
      false,
    ]);
  });

  it('turns an existing "protectData": true to false in its place, leaving the other lines as they were', async () => {
    const { root, config } = project();
    writeFileSync(join(config, 'staging.json'), '{\n    "protectData": true,\n    "region": "eu-west-1"\n}');
    expect((await unprotect(root, ['--env', 'staging'])).code).toBe(0);
    expect(read(join(config, 'staging.json'))).toBe('{\n    "protectData": false,\n    "region": "eu-west-1"\n}\n');
  });

  it('changes only the protectData line of a hand-formatted file, so the review diff is that line', async () => {
    const { root, config } = project();
    const lines = [
      '{',
      '    "region": "eu-west-1",',
      '    "tags": { "team": "payments", "cost-center": "1234" },',
      '    "msk": { "brokerCount": 2, "instanceType": "kafka.m7g.large" },',
      '    "topics": { "defaultRetentionHours": 12, "overrides": { "orders": { "partitions": 6 } } },',
      '    "protectData": true,',
      '    "alerts": { "emails": ["ops@example.com"] }',
      '}',
      '',
    ];
    writeFileSync(join(config, 'dev.json'), lines.join('\n'));
    expect((await unprotect(root, ['--env', 'dev'])).code).toBe(0);
    expect(read(join(config, 'dev.json'))).toBe(lines.map((l) => l.replace('"protectData": true', '"protectData": false')).join('\n'));
  });

  it('adds "protectData": false after the last key of a hand-formatted file, leaving the lines above as they were', async () => {
    const { root, config } = project();
    const text = '{\r\n\t"region": "eu-west-1",\r\n\t"connector": { "memoryMb": 2048 }\r\n}\r\n';
    writeFileSync(join(config, 'dev.json'), text);
    expect((await unprotect(root, ['--env', 'dev'])).code).toBe(0);
    expect(read(join(config, 'dev.json'))).toBe('{\r\n\t"region": "eu-west-1",\r\n\t"connector": { "memoryMb": 2048 },\r\n\t"protectData": false\r\n}\r\n');
  });

  it('creates the file of a built-in environment that has none, holding only "protectData": false', async () => {
    const { root, config } = project();
    const r = await unprotect(root, ['--env', 'dev']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('config/dev.json: created with "protectData": false.');
    expect(read(join(config, 'dev.json'))).toBe('{\n  "protectData": false\n}\n');
  });

  it('prints the next steps, deploy then destroy, for the environment it changed', async () => {
    const { root } = project();
    const r = await unprotect(root, ['--env', 'prod']);
    expect(r.stdout.split('\n')).toEqual([
      'config/prod.json: "protectData" is now false; every other key is kept.',
      'Nothing has changed in AWS yet. Next:',
      "  npx cdktf deploy 'prod-*'    # lifts prevent_destroy; buckets may then go with their objects",
      "  npx cdktf destroy 'prod-*'   # monitoring, analytics, streaming, network; KMS keys wait 30 days before deletion",
    ]);
    expect(JSON.parse(read(join(root, 'config', 'prod.json')))).toEqual({ ...JSON.parse(read(join(ROOT, 'config', 'prod.json'))), protectData: false });
  });

  it('leaves a file that is already unprotected byte for byte as it was', async () => {
    const { root, config } = project();
    writeFileSync(join(config, 'dev.json'), '{"protectData":false}');
    const r = await unprotect(root, ['--env', 'dev']);
    expect(r.stdout.split('\n')[0]).toBe('config/dev.json: "protectData" was already false; unchanged.');
    expect(read(join(config, 'dev.json'))).toBe('{"protectData":false}');
  });

  it('writes nothing when the config does not load, and names the file, the field and the fix', async () => {
    const { root, config } = project();
    const broken = '{\n  "regoin": "us-east-1"\n}\n';
    writeFileSync(join(config, 'dev.json'), broken);
    const r = await unprotect(root, ['--env', 'dev']);
    expect(r.code).toBe(1);
    const [heading, ...problems] = r.stderr.split('\n');
    expect(heading).toBe('1 problem in the configuration; config/dev.json was not changed:');
    expect(problems).toEqual([expect.stringMatching(/^ {2}config\/dev\.json: regoin: [^;]+; .+/)]);
    expect(read(join(config, 'dev.json'))).toBe(broken);
  });

  it('refuses an environment that is neither built in nor configured (a typo) with exit 2, creating no file', async () => {
    const { root, config } = project();
    const r = await unprotect(root, ['--env', 'prdo']);
    expect({ code: r.code, stderr: r.stderr }).toEqual({
      code: 2,
      stderr: 'unprotect: --env prdo: there is no config/prdo.json and "prdo" is not a built-in environment (dev, prod); check the name; see --help',
    });
    expect(existsSync(join(config, 'prdo.json'))).toBe(false);
  });

  it('asks for --env with exit 2, and prints usage for -h and --help with exit 0', async () => {
    const { root } = project();
    expect(await unprotect(root, [])).toEqual({ code: 2, stdout: '', stderr: 'unprotect: say which environment: --env NAME; see --help' });
    for (const flag of ['-h', '--help']) {
      const r = await unprotect(root, [flag]);
      expect({ code: r.code, usage: r.stdout.startsWith('usage: npm run unprotect -- --env NAME'), stderr: r.stderr }).toEqual({
        code: 0,
        usage: true,
        stderr: '',
      });
    }
  });
});
