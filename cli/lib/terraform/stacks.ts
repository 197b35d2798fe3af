import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Manifest {
  readonly stacks: Record<string, { readonly dependencies: readonly string[]; readonly workingDirectory: string }>;
}

/** A synthesized stack: its name and the folder Terraform runs in. */
export interface SynthesizedStack {
  readonly name: string;
  readonly dir: string;
}

/**
 * The stacks of a cdktf.out folder (optionally those starting `<env>-`), each
 * after the stacks it reads outputs from: the order to plan, apply and check.
 */
export function stacksInOrder(outdir: string, env?: string): SynthesizedStack[] {
  const path = join(outdir, 'manifest.json');
  if (!existsSync(path)) throw new Error(`${path} does not exist; run npm run synth first`);
  const { stacks } = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  const ordered: string[] = [];
  const visit = (name: string, seen: string[]) => {
    if (ordered.includes(name)) return;
    if (seen.includes(name)) throw new Error(`stacks depend on each other in a cycle: ${[...seen, name].join(' -> ')}`);
    for (const dep of stacks[name]?.dependencies ?? []) visit(dep, [...seen, name]);
    ordered.push(name);
  };
  for (const name of Object.keys(stacks).sort()) visit(name, []);
  return ordered.filter((name) => !env || name.startsWith(`${env}-`)).map((name) => ({ name, dir: join(outdir, stacks[name].workingDirectory) }));
}

/**
 * A digest of what Terraform would be given for a stack. Synthesis is
 * deterministic and asset file names carry their content hash, so equal
 * digests mean an identical plan input.
 */
export function stackDigest(outdir: string, stack: string): string | undefined {
  const path = join(outdir, 'stacks', stack, 'cdk.tf.json');
  return existsSync(path) ? createHash('sha256').update(readFileSync(path)).digest('hex') : undefined;
}
