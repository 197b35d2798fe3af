/**
 * Synthesizes every variant the deploy rehearsal validates (presets, NAT, MSK
 * Serverless, existing VPC, each way of adopting a cluster) into
 * `<outdir>/<variant>/cdktf.out`, for the security scan.
 */
import { join } from 'node:path';
import { readSchemaFolder } from '../modules/registry/schema-folder';
import { synthesizeVariant, VARIANTS } from '../bin/rehearsal/variants';

const ROOT = join(__dirname, '..');
const outdir = process.argv[2];
if (!outdir) {
  console.error('usage: node --import tsx scripts/synth-variants.ts OUTDIR');
  process.exit(2);
}
const registries = readSchemaFolder(join(ROOT, 'schemas'), ROOT);
for (const v of VARIANTS) synthesizeVariant(v, join(outdir, v.label), registries, join(ROOT, 'queries'));
console.log(`synth-variants: ${VARIANTS.length} variants written to ${outdir}`);
