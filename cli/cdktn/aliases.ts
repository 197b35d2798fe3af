/*
 * The exit path from cdktf (archived by HashiCorp on 2025-12-10) to its
 * community fork CDK Terrain, as package.json changes: npm aliases keep every
 * `import ... from 'cdktf'` and '@cdktf/provider-aws/lib/...' as they are, so
 * no source file changes. docs/getting-started.md ("cdktf and CDK Terrain") quotes
 * these versions; `npm run cdktn:check` keeps them true.
 */

/** CDK Terrain versions the exit path is checked with. */
export const CDKTN = {
  /** The library, installed under the name cdktf. */
  library: 'cdktn@0.24.0',
  /** Built from hashicorp/aws 6.66.0; installed under the name @cdktf/provider-aws. */
  providerAws: '@cdktn/provider-aws@25.7.0',
  /** cdktn and its provider need constructs >= 10.6 (peer dependency >=10.6.0 <10.8.0). */
  constructs: '10.6.0',
  /** The CLI (`cdktn synth|diff|deploy`, same options as cdktf's); it needs Node.js >= 22.19. */
  cli: { name: 'cdktn-cli', version: '0.24.0' },
  /** The Node.js line the CLI needs at least. */
  cliNode: '22.19',
} as const;

interface PackageJson {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  [key: string]: unknown;
}

/**
 * package.json with the cdktf packages replaced by CDK Terrain's: the library
 * and the AWS provider through npm aliases, constructs raised, and the cdktf
 * CLI swapped for cdktn's (its command is `cdktn`). Throws when package.json
 * does not depend on what it replaces.
 */
export function withCdktnAliases(pkg: PackageJson, file = 'package.json'): PackageJson {
  const deps = { ...pkg.dependencies };
  const dev = { ...pkg.devDependencies };
  const missing = ['cdktf', '@cdktf/provider-aws', 'constructs'].filter((name) => !deps[name]);
  if (missing.length > 0) {
    throw new Error(`${file}: dependencies has no ${missing.join(', ')}; the exit path replaces them (expected the cdktf project's package.json)`);
  }
  deps.cdktf = `npm:${CDKTN.library}`;
  deps['@cdktf/provider-aws'] = `npm:${CDKTN.providerAws}`;
  deps.constructs = CDKTN.constructs;
  delete dev['cdktf-cli'];
  dev[CDKTN.cli.name] = CDKTN.cli.version;
  const sorted = (o: Record<string, string>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
  return { ...pkg, dependencies: sorted(deps), devDependencies: sorted(dev) };
}
