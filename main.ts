import { synthesize } from './app';
import { InputError } from './modules/shared/problems';

/*
 * `npm run synth` / `cdktf synth`: writes cdktf.out for dev plus every
 * config/<env>.json (or MSK_ATHENA_ENVIRONMENTS=dev,prod). MSK_ATHENA_SCHEMAS
 * points at another schema folder, e.g. to check a branch's. On bad input each
 * problem is printed on its own line, nothing is written, and the exit code is 1.
 */
try {
  synthesize({
    rootDir: __dirname,
    outdir: process.env.CDKTF_OUTDIR,
    schemaDir: process.env.MSK_ATHENA_SCHEMAS,
    environments: process.env.MSK_ATHENA_ENVIRONMENTS?.split(',').map((s) => s.trim()).filter(Boolean),
  });
} catch (err) {
  if (!(err instanceof InputError)) throw err;
  console.error(err.message);
  process.exitCode = 1;
}
