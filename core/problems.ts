import type { z } from 'zod';

/** One thing wrong with one input: where it is, what is wrong, what would be right. */
export interface Problem {
  /** Path of the file, relative to the project root, or a label such as `config(dev)`. */
  readonly file: string;
  /** Dotted path of the field inside the file; empty for the file as a whole. */
  readonly field: string;
  readonly problem: string;
  /** What would be right, phrased as an instruction. */
  readonly fix?: string;
}

export function formatProblem(p: Problem): string {
  const where = p.field ? `${p.file}: ${p.field}` : p.file;
  return `${where}: ${p.problem}${p.fix ? `; ${p.fix}` : ''}`;
}

/** Thrown when input is invalid; the message holds one line per problem. */
export class InputError extends Error {
  constructor(
    readonly problems: readonly Problem[],
    heading = `${problems.length} problem${problems.length === 1 ? '' : 's'} in the input, nothing was synthesized:`,
  ) {
    super([heading, ...problems.map((p) => `  ${formatProblem(p)}`)].join('\n'));
    this.name = 'InputError';
  }
}

/**
 * Where JSON.parse gave up, in words that do not depend on the Node.js version:
 * `is not valid JSON at line 3, column 7` (or `... ends too early`).
 */
export function jsonSyntaxProblem(text: string, err: unknown): string {
  const message = String((err as Error)?.message);
  const position = /position (\d+)/.exec(message)?.[1];
  if (position === undefined) {
    if (/end of (JSON|data)/i.test(message)) return 'is not valid JSON: it ends too early';
    const token = /Unexpected token '?(.)/.exec(message)?.[1];
    return token ? `is not valid JSON: unexpected "${token}"` : 'is not valid JSON';
  }
  const before = text.slice(0, Number(position));
  const line = before.split('\n').length;
  const column = Number(position) - before.lastIndexOf('\n');
  return `is not valid JSON at line ${line}, column ${column}`;
}

/** Runs each check, collecting the problems of all of them before failing. */
export function collectProblems(checks: readonly (() => void)[]): void {
  const problems: Problem[] = [];
  for (const check of checks) {
    try {
      check();
    } catch (err) {
      if (err instanceof InputError) problems.push(...err.problems);
      else throw err;
    }
  }
  if (problems.length > 0) throw new InputError(problems);
}

/** `a.b[0].c` from a zod issue path. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i === 0 ? '' : '.'}${String(k)}`))
    .join('');
}

/** Zod issues as problems, one per unknown key so each line names its field. */
export function zodProblems(
  file: string,
  error: z.ZodError,
  unknownKeyFix = 'remove it or correct its spelling (see the configuration reference in README.md)',
): Problem[] {
  return error.issues.flatMap((issue): Problem[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        file,
        field: fieldPath([...issue.path, key]),
        problem: 'unknown key',
        fix: unknownKeyFix,
      }));
    }
    const [problem, fix] = issue.message.split(' | ');
    return [{ file, field: fieldPath(issue.path), problem: problem.replace(/^Invalid input: /, ''), fix }];
  });
}
