import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CDKTN, withCdktnAliases } from '../../cli/cdktn/aliases';
import { canonical, compareTrees } from '../../cli/cdktn/compare';
import { ROOT } from '../helpers/synth';

/*
 * The exit path to CDK Terrain: the package.json change the check installs (and
 * docs/getting-started.md shows), and the comparison of two synthesized trees that decides it.
 */
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

describe('withCdktnAliases', () => {
  it('aliases cdktf and the AWS provider to CDK Terrain, raises constructs, swaps the CLI, and leaves every other dependency alone', () => {
    const out = withCdktnAliases(pkg);
    expect(out.dependencies).toEqual({
      ...pkg.dependencies,
      cdktf: 'npm:cdktn@0.24.0',
      '@cdktf/provider-aws': 'npm:@cdktn/provider-aws@25.7.0',
      constructs: '10.6.0',
    });
    // (Also on a package.json that has them already, as in the check's own copy: the change is idempotent.)
    const { 'cdktf-cli': _cli, ...otherDev } = pkg.devDependencies;
    expect(out.devDependencies).toEqual({ ...otherDev, 'cdktn-cli': '0.24.0' });
    expect(withCdktnAliases(out)).toEqual(out);
    expect(out.scripts).toEqual(pkg.scripts);
  });

  it('refuses a package.json without the cdktf packages, naming the file and what is missing', () => {
    expect(() => withCdktnAliases({ dependencies: { constructs: '10.4.2' } }, 'other/package.json')).toThrow(
      "other/package.json: dependencies has no cdktf, @cdktf/provider-aws; the exit path replaces them (expected the cdktf project's package.json)",
    );
  });

  it('docs/getting-started.md shows the same package.json lines the check installs', () => {
    const page = readFileSync(join(ROOT, 'docs', 'getting-started.md'), 'utf8');
    for (const line of [
      `"cdktf": "npm:${CDKTN.library}"`,
      `"@cdktf/provider-aws": "npm:${CDKTN.providerAws}"`,
      `"constructs": "${CDKTN.constructs}"`,
      `"${CDKTN.cli.name}": "${CDKTN.cli.version}"`,
    ]) {
      expect(page).toContain(line);
    }
  });
});

describe('compareTrees', () => {
  let work: string;
  beforeEach(() => (work = mkdtempSync(join(tmpdir(), 'msk-athena-compare-'))));
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  const stack = (version: string, bucket = 'b') => ({
    '//': { metadata: { backend: 'local', stackName: 'dev-network', version } },
    terraform: { backend: { local: { path: '../../../state/dev-network.tfstate' } } },
    resource: { aws_s3_bucket: { spill: { bucket, force_destroy: false } } },
  });
  const write = (tree: string, file: string, content: string | Buffer) => {
    mkdirSync(dirname(join(work, tree, file)), { recursive: true });
    writeFileSync(join(work, tree, file), content);
  };
  const compare = () => compareTrees(join(work, 'a'), join(work, 'b'), ['cdktf', 'cdktn']);

  it('finds trees equal that differ only in the framework version and key order', () => {
    write('a', 'stacks/dev-network/cdk.tf.json', JSON.stringify(stack('0.21.0'), null, 2));
    const reordered = Object.fromEntries(Object.entries(stack('0.24.0')).reverse());
    write('b', 'stacks/dev-network/cdk.tf.json', JSON.stringify(reordered));
    write('a', 'manifest.json', JSON.stringify({ version: '0.21.0', stacks: {} }));
    write('b', 'manifest.json', JSON.stringify({ version: '0.24.0', stacks: {} }));
    write('a', 'stacks/dev-network/assets/f.zip', Buffer.from([1, 2, 3]));
    write('b', 'stacks/dev-network/assets/f.zip', Buffer.from([1, 2, 3]));
    expect(compare()).toEqual({ compared: 3, differences: [] });
  });

  it('names each file that differs, where, and the files written by one side only', () => {
    write('a', 'stacks/dev-network/cdk.tf.json', JSON.stringify(stack('0.21.0')));
    write('b', 'stacks/dev-network/cdk.tf.json', JSON.stringify(stack('0.24.0', 'other')));
    write('a', 'stacks/dev-network/assets/f.zip', Buffer.from([1, 2, 3]));
    write('b', 'stacks/dev-network/assets/f.zip', Buffer.from([1, 2, 4, 5]));
    write('b', 'stacks/dev-extra/cdk.tf.json', '{}');
    expect(compare()).toEqual({
      compared: 2,
      differences: [
        'stacks/dev-extra/cdk.tf.json: written by cdktn only',
        'stacks/dev-network/assets/f.zip: bytes differ (3 and 4 bytes)',
        'stacks/dev-network/cdk.tf.json: differs at resource.aws_s3_bucket.spill.bucket',
      ],
    });
  });

  it('counts a changed backend or metadata other than the version as a difference', () => {
    const moved = { ...stack('0.24.0'), terraform: { backend: { local: { path: 'elsewhere.tfstate' } } } };
    write('a', 'cdk.tf.json', JSON.stringify(stack('0.21.0')));
    write('b', 'cdk.tf.json', JSON.stringify({ ...moved, '//': { metadata: { backend: 's3', stackName: 'dev-network', version: '0.24.0' } } }));
    expect(compare().differences).toEqual(['cdk.tf.json: differs at //.metadata.backend, terraform.backend.local.path']);
  });

  it('canonical JSON sorts keys at every level and keeps array order', () => {
    expect(canonical({ b: [2, { d: 1, c: 2 }], a: 1 })).toBe('{"a":1,"b":[2,{"c":2,"d":1}]}');
    expect(canonical([2, 1])).not.toBe(canonical([1, 2]));
  });
});
