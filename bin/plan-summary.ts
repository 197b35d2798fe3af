/**
 * `npm run plan:summary -- plan.json [more.json ...]`: Markdown for reviewers from
 * `terraform show -json` output, one file per stack (the stack is named after
 * the file's folder, as in cdktf.out/stacks/<stack>/plan.json).
 */
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { summarize, type StackPlan } from './plan/summarize';

function main(files: string[]): number {
  if (files.length === 0 || files.includes('--help')) {
    console.error('usage: npm run plan:summary -- <terraform show -json output>... (one per stack)');
    return files.length === 0 ? 2 : 0;
  }
  const plans: StackPlan[] = [];
  for (const file of files) {
    let plan;
    try {
      plan = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      console.error(`plan:summary: ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'not JSON; give the output of terraform show -json'}`);
      return 1;
    }
    const folder = basename(dirname(file));
    plans.push({ stack: folder && folder !== '.' ? folder : basename(file, '.json'), plan });
  }
  try {
    process.stdout.write(summarize(plans));
    return 0;
  } catch (err) {
    console.error(`plan:summary: ${(err as Error).message}`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
