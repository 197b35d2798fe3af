/**
 * Synthesizes every variant the deploy rehearsal validates (presets, NAT, MSK
 * Serverless, existing VPC, each way of adopting a cluster) into
 * `<outdir>/<variant>/cdktf.out`, for the security scan.
 */
import { join } from 'node:path';
import { projectInputs, synthesizeVariant, VARIANTS } from './rehearsal/variants';

const outdir = process.argv[2];
if (!outdir) {
  console.error('usage: node --import tsx bin/synth-variants.ts OUTDIR');
  process.exit(2);
}
const inputs = projectInputs();
for (const v of VARIANTS) synthesizeVariant(v, join(outdir, v.label), inputs);
console.log(`synth-variants: ${VARIANTS.length} variants written to ${outdir}`);
