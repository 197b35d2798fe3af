/*
 * `npm run synth` and cdktf's app command: main.ts, compiled and run by
 * scripts/run.mjs. main.ts takes its settings from the environment, so the
 * command line here only answers --help; anything else is refused rather than
 * silently ignored.
 */
import { run } from '../scripts/run.mjs';

const USAGE = `usage: npm run synth
       npx cdktf synth
Writes the Terraform of every environment (config/<env>.json) into cdktf.out.
Settings come from the environment:
  MSK_ATHENA_ENVIRONMENTS=dev,prod   only these environments (default: dev and every config/<env>.json)
  MSK_ATHENA_SCHEMAS=DIR             read the tables from DIR instead of schemas/
  MSK_ATHENA_REMOTE_STATE=required   refuse environments without an S3 state bucket
  CDKTF_OUTDIR=DIR                   write into DIR instead of cdktf.out
  MSK_ATHENA_CREATION_STACKS=1       keep cdktf's creation stack per token (to find where a token that fails to resolve was made)
  -h, --help                         this text`;

const args = process.argv.slice(2);
if (args.includes('-h') || args.includes('--help')) {
  console.log(USAGE);
} else if (args.length > 0) {
  console.error(`synth: unexpected argument ${args[0]}; settings are environment variables, see --help`);
  process.exitCode = 2;
} else {
  await run('main.ts', []);
}
