import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers/synth';

/*
 * docs/tables.md promises that a new table is one new file. This copies the project,
 * replaces schemas/ and queries/ with other valid tables, and runs the gates
 * and stack tests in the copy: none of them may depend on the example tables.
 */
const NESTED = 'MSK_ATHENA_OWN_TABLES_RUN';

const describeOuter = process.env[NESTED] ? describe.skip : describe;

describeOuter('a project whose schemas/ and queries/ are its own', () => {
  it('passes the gates, stack and command-line tests unchanged, and its own tables synthesize', () => {
    const copy = mkdtempSync(join(tmpdir(), 'msk-athena-own-'));
    for (const entry of readdirSync(ROOT)) {
      if (['node_modules', '.git', 'cdktf.out', '.cache', 'state', 'schemas', 'queries'].includes(entry)) continue;
      cpSync(join(ROOT, entry), join(copy, entry), { recursive: true });
    }
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
    mkdirSync(join(copy, 'schemas', 'billing'), { recursive: true });
    writeFileSync(
      join(copy, 'schemas', 'billing', 'invoices.json'),
      JSON.stringify({
        topicName: 'billing.invoices',
        message: {
          dataFormat: 'json',
          fields: [
            { name: 'invoice_id', mapping: 'invoice_id', type: 'VARCHAR' },
            { name: 'amount', mapping: 'amount', type: 'DOUBLE' },
            { name: 'issued_on', mapping: 'issued_on', type: 'DATE', formatHint: 'yyyy-MM-dd' },
          ],
        },
      }),
    );
    mkdirSync(join(copy, 'queries', 'billing'), { recursive: true });
    writeFileSync(
      join(copy, 'queries', 'billing', 'totals.sql'),
      '-- Amount per day\nSELECT issued_on, sum(amount) FROM "{{catalog}}"."{{database}}"."invoices" GROUP BY 1\n',
    );

    const run = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '--ci', '__tests__/gates', '__tests__/stacks', '__tests__/bin', '__tests__/examples.test.ts'],
      { cwd: copy, env: { ...process.env, [NESTED]: '1' }, encoding: 'utf8' },
    );
    rmSync(copy, { recursive: true, force: true });
    const summary = /Tests:.*$/m.exec(run.stderr)?.[0];
    expect({ status: run.status, summary, failures: run.status === 0 ? '' : run.stderr.slice(-4000) }).toEqual({
      status: 0,
      summary: expect.stringMatching(/ passed/),
      failures: '',
    });
    expect(summary).not.toMatch(/failed/);
  }, 240_000);
});
