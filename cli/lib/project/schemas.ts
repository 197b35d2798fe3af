import { readFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { formatProblem, InputError, type Problem } from '../../../core/problems';
import { checkSchemaFolder, readSchemaFolder, type RegistryDefinition, type TableDefinition } from '../../../core/tables/schema-folder';
import { PROJECT_ROOT } from '../../../core/project-root';

const ROOT = PROJECT_ROOT;

/** The schema folder the tools read: schemas/, or MSK_ATHENA_SCHEMAS like `npm run synth`. */
export const projectSchemaDir = () => resolve(process.env.MSK_ATHENA_SCHEMAS ?? join(ROOT, 'schemas'));

/**
 * The project's validated schemas/ folder, for the command-line tools; like
 * `npm run synth`, MSK_ATHENA_SCHEMAS points them at another folder.
 */
export function projectRegistries(): RegistryDefinition[] {
  return readSchemaFolder(projectSchemaDir(), ROOT);
}

/** The topic a table file with problems was meant for, when the file still says: undefined when it does not. */
function intendedTopic(file: string): string | undefined {
  const name = basename(file);
  if (/\.(avsc|proto)$/.test(name)) return name.replace(/\.(avsc|proto)$/, '');
  if (!name.endsWith('.json')) return undefined;
  try {
    const topic = (JSON.parse(readFileSync(resolve(ROOT, file), 'utf8')) as { topicName?: unknown } | null)?.topicName;
    return typeof topic === 'string' ? topic : undefined;
  } catch {
    return undefined;
  }
}

export interface TopicTables {
  /** Every table of the folder that reads well (the topic's and others'). */
  readonly tables: TableDefinition[];
  /** Lines about table files with problems that concern other topics: they are skipped, not fatal. */
  readonly warnings: string[];
}

/**
 * The schema folder for a command about one topic (verify, schemas:infer's
 * check): a broken file of another topic is a warning, since synth would stop
 * on it but this topic's tables read fine. Problems of a file meant for this
 * topic stop the command, and so do files whose topic cannot be told when no
 * table reads the topic (one of them may be its table).
 */
export function topicTables(topic: string, dir = projectSchemaDir()): TopicTables {
  const report = checkSchemaFolder(dir, ROOT);
  const tables = report.registries.flatMap((r) => [...r.tables]);
  const readers = tables.filter((t) => t.topic === topic);
  const byFile = new Map<string, Problem[]>();
  for (const p of report.problems) byFile.set(p.file, [...(byFile.get(p.file) ?? []), p]);
  const fatal: Problem[] = [];
  const warnings: string[] = [];
  for (const [file, problems] of byFile) {
    const intended = intendedTopic(file);
    if (intended === topic || (intended === undefined && readers.length === 0)) fatal.push(...problems);
    else {
      const about = intended === undefined ? 'a table file' : `the table of topic ${intended}`;
      warnings.push(`warning: ${formatProblem(problems[0])}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`);
      warnings.push(`  ${file} is skipped (${about}); npm run synth stops on it until it is fixed`);
    }
  }
  if (fatal.length > 0) {
    const where = relative(ROOT, dir) || '.';
    throw new InputError(fatal, `${fatal.length} problem${fatal.length === 1 ? '' : 's'} in ${where} for topic ${topic}, nothing was read:`);
  }
  return { tables, warnings };
}
