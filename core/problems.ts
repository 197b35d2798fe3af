import type { z } from 'zod';
import { closestMatch } from './suggest';

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

/** What is wrong and what would be right, before it is known where: a Problem without file and field. */
export type Finding = Pick<Problem, 'problem' | 'fix'>;

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
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i === 0 ? '' : '.'}${String(k)}`)).join('');
}

/** How zodProblems words an unknown key: a fixed fix, or the schema to offer the nearest known key from. */
export interface UnknownKeyHelp {
  /** The fix when no known key is close. */
  readonly fix?: string;
  /** The schema that was parsed: an unknown key close to a known one at its level draws "did you mean `key`?". */
  readonly schema?: z.ZodType;
  /** Keys the schema has but a file must not set (such as one taken from the file name): never suggested. */
  readonly hidden?: readonly string[];
}

const UNKNOWN_KEY_FIX = 'remove it or correct its spelling (see the configuration reference in docs/configuration.md)';

/** Zod issues as problems, one per unknown key so each line names its field. */
export function zodProblems(file: string, error: z.ZodError, unknownKeys: string | UnknownKeyHelp = UNKNOWN_KEY_FIX): Problem[] {
  const help = typeof unknownKeys === 'string' ? { fix: unknownKeys } : unknownKeys;
  return error.issues.flatMap((issue): Problem[] => {
    if (issue.code === 'unrecognized_keys') {
      const known = help.schema ? zodKeysAt(help.schema, issue.path).filter((k) => !help.hidden?.includes(k)) : [];
      return issue.keys.map((key) => {
        const near = closestMatch(key, known);
        return {
          file,
          field: fieldPath([...issue.path, key]),
          problem: 'unknown key',
          fix: near ? `did you mean \`${near}\`?` : (help.fix ?? UNKNOWN_KEY_FIX),
        };
      });
    }
    // A record key that fails its schema: the key's own issues say why.
    if (issue.code === 'invalid_key') return issue.issues.map((inner) => ({ file, field: fieldPath(issue.path), ...findingOf(inner) }));
    return [{ file, field: fieldPath(issue.path), ...findingOf(issue) }];
  });
}

/** An issue's problem (its message) and fix (the `params.fix` of a custom issue, see core/zod-rules.ts). */
function findingOf(issue: z.core.$ZodIssue): Finding {
  const fix: unknown = issue.code === 'custom' ? issue.params?.fix : undefined;
  return { problem: issue.message.replace(/^Invalid input: /, ''), ...(typeof fix === 'string' && { fix }) };
}

/** What a zod schema wraps without changing the shape of the value. */
function unwrap(schema: z.ZodType): z.ZodType {
  const def = schema._zod.def as { type: string; innerType?: z.ZodType; in?: z.ZodType; out?: z.ZodType };
  if (def.innerType) return unwrap(def.innerType);
  // A guard (core/zod-rules.ts, guarded) checks a value's kind before the schema it is piped into: that schema has the shape.
  if (def.type === 'pipe' && def.in) return unwrap(def.in._zod.def.type === 'custom' && def.out ? def.out : def.in);
  return schema;
}

/**
 * The keys an object schema knows at `path` (record keys and array indexes are
 * stepped over); empty where the path leads to no object.
 */
export function zodKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let at = unwrap(schema);
  for (const step of path) {
    const def = at._zod.def as { type: string; shape?: Record<string, z.ZodType>; valueType?: z.ZodType; element?: z.ZodType };
    const next: z.ZodType | undefined =
      def.type === 'object' ? def.shape?.[String(step)] : def.type === 'record' ? def.valueType : def.type === 'array' ? def.element : undefined;
    if (!next) return [];
    at = unwrap(next);
  }
  const def = at._zod.def as { type: string; shape?: Record<string, z.ZodType> };
  return def.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

/** `1 record`, `2 records`; `plural` for words that do not just take an s (`2 entries`). */
export function counted(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
