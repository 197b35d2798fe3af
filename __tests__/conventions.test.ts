import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from './helpers/synth';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return entry === 'node_modules' ? [] : sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

describe('project conventions', () => {
  const files = ['app.ts', 'main.ts', ...['stacks', 'modules', 'config', 'functions', 'bin', 'bench', 'scripts'].flatMap((d) => sources(join(ROOT, d)).map((f) => relative(ROOT, f)))];

  it('imports provider classes from @cdktf/provider-aws/lib/<resource>, never the package index (seconds and a gigabyte per process)', () => {
    const offenders = files.filter((f) => /from '@cdktf\/provider-aws'/.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(files.length).toBeGreaterThan(40);
    expect(offenders).toEqual([]);
  });

  it('keeps the Lambda code free of the synth-time libraries it must not bundle', () => {
    const lambdaFiles = files.filter((f) => f.startsWith('functions/'));
    const offenders = lambdaFiles.filter((f) => /from '(cdktf|constructs|@cdktf\/[^']+)'/.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
