/*
 * Jest globalSetup: compiles every entry point the npm scripts run (and main.ts)
 * once, before the workers start, so tests that spawn them run compiled code
 * exactly as users do and none of them pays for a build.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt, ROOT } from '../../scripts/run.mjs';

export default async function buildEntries() {
  const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const entries = new Set(['main.ts']);
  for (const command of Object.values(scripts)) for (const [, entry] of command.matchAll(/scripts\/run\.mjs (\S+\.ts)/g)) entries.add(entry);
  await ensureBuilt([...entries]);
}
