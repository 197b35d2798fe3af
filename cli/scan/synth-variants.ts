/**
 * Synthesizes every variant the deploy rehearsal validates (presets, NAT, MSK
 * Serverless, existing VPC, each way of adopting a cluster) into
 * `<outdir>/<variant>/cdktf.out`, for the security scan.
 */
import { join } from 'node:path';
import { command, runMain, UsageError } from '../lib/command';
import { projectInputs, synthesizeVariant, VARIANTS } from '../lib/project/variants';

const USAGE = `usage: node scripts/run.mjs cli/scan/synth-variants.ts OUTDIR
Writes every rehearsal variant into OUTDIR/<variant> (npm run scan runs this).
  -h, --help   this text`;

export const main = command({ name: 'synth-variants', usage: USAGE, options: {}, allowPositionals: true } as const, ({ positionals }) => {
  const [outdir, ...rest] = positionals;
  if (!outdir || rest.length > 0) throw new UsageError('expected one argument, the folder to write into');
  const inputs = projectInputs();
  for (const v of VARIANTS) synthesizeVariant(v, join(outdir, v.label), inputs);
  console.log(`synth-variants: ${VARIANTS.length} variants written to ${outdir}`);
});

// A step of npm run scan (bin/scan.sh), run as a program of its own rather than an npm script.
if (require.main === module) runMain(main);
