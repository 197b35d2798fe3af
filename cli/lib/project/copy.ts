import { cpSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../core/project-root';

const ROOT = PROJECT_ROOT;

/** What a copy of the project leaves out: installed or generated, never source. */
const NOT_COPIED = new Set(['node_modules', '.git', 'cdktf.out', '.cache', '.gen', 'state', 'coverage', 'outputs.json']);

/** Copies the project's sources into `to` (the exit-path check's copies, the bench's fresh machine). */
export function copyProject(to: string): void {
  for (const entry of readdirSync(ROOT)) if (!NOT_COPIED.has(entry)) cpSync(join(ROOT, entry), join(to, entry), { recursive: true });
}
