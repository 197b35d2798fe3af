/**
 * `npm run plan:summary -- plan.json [more.json ...]`: Markdown for reviewers from
 * `terraform show -json` output, one file per stack (the stack is named after
 * the file's folder, as in cdktf.out/stacks/<stack>/plan.json).
 */
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { command, UsageError } from '../lib/command';
import { summarize, type StackPlan } from './summarize';

const USAGE = `usage: npm run plan:summary -- PLAN.json [PLAN.json ...]
  PLAN.json   terraform show -json output of one stack, in a folder named after the stack
  -h, --help  this text`;

export const main = command({ name: 'plan:summary', usage: USAGE, options: {}, allowPositionals: true } as const, ({ positionals: files }) => {
  if (files.length === 0) throw new UsageError('give at least one plan file');
  const plans: StackPlan[] = files.map((file) => {
    let plan;
    try {
      plan = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new Error(`${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'not JSON; give the output of terraform show -json'}`, {
        cause: err,
      });
    }
    const folder = basename(dirname(file));
    return { stack: folder && folder !== '.' ? folder : basename(file, '.json'), plan };
  });
  process.stdout.write(summarize(plans));
});
