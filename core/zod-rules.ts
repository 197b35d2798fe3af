import { z } from 'zod';

// A run parses each schema a handful of times: compiling zod's generated fast path (eval) costs more than it saves.
z.config({ jitless: true });

/*
 * How a zod schema says what is wrong and what would be right without writing
 * the two into one string: every rule raises a custom issue whose message is
 * the problem and whose `params.fix` is the fix, which zodProblems
 * (core/problems.ts) reads back as a Problem. Zod's own issues (invalid_type,
 * too_small, ...) carry only a message, so a rule with a fix is written with
 * these helpers, never as the message argument of .regex, .min or { error }.
 */

/** The problem, or how to word it from the value that broke the rule. */
export type ProblemText = string | ((input: unknown) => string);

/** Params of a custom issue: the problem as its message, the fix in params. */
export interface RuleParams {
  readonly error: string | ((issue: { readonly input?: unknown }) => string);
  readonly params: { readonly fix?: string };
}

/** Params for .refine(), z.custom() and friends: `problem` when the check fails, with `fix`. */
export function rule(problem: ProblemText, fix?: string): RuleParams {
  return { error: typeof problem === 'string' ? problem : (issue) => problem(issue.input), params: { fix } };
}

/** An issue for ctx.addIssue() in a superRefine: `problem`, with `fix`. */
export function issue(problem: string, fix?: string): { code: 'custom'; message: string; params: { fix?: string } } {
  return { code: 'custom', message: problem, params: { fix } };
}

/** A string matching `pattern`; any other string raises `problem`, with `fix`. */
export function matches(pattern: RegExp, problem: string, fix?: string): z.ZodString {
  return z.string().refine((s) => pattern.test(s), rule(problem, fix));
}

/**
 * A value `is` accepts, typed T; anything else raises `problem`, with `fix`, and
 * no later check of the schema runs. For the kind of a value (a whole number, one
 * of some literals), whose zod type error could carry no fix.
 */
export function expecting<T>(is: (value: unknown) => boolean, problem: ProblemText, fix?: string): z.ZodCustom<T, T> {
  return z.custom<T>((value) => is(value), { ...rule(problem, fix), abort: true });
}

/**
 * `schema`, its value first checked by `is` (`problem`, with `fix`, when it
 * fails; then `schema` does not run). zodProblems looks through the guard, so an
 * object schema still offers its keys to did-you-mean.
 */
export function guarded<S extends z.ZodType>(is: (value: unknown) => boolean, problem: ProblemText, fix: string | undefined, schema: S) {
  return expecting<z.input<S>>(is, problem, fix).pipe(schema as z.ZodType<z.output<S>, z.input<S>>);
}
