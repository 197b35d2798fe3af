import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError } from '../../core/problems';

// The AWS SDK's notice about end-of-life Node.js lines would break the tools'
// one-line output on every run; docs/getting-started.md's prerequisites name the supported lines instead.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/*
 * One set of command-line conventions for every tool here:
 * -h/--help prints usage to stdout and exits 0; a usage error is one line on
 * stderr with exit 2; a runtime failure is one line on stderr with exit 1;
 * no stack traces or raw library messages for anything a user can cause.
 */

/** The command line itself is wrong: exit 2 with a pointer to --help. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

export interface CliSpec<O extends Options> {
  /** How errors are prefixed: `produce: ...`. */
  readonly name: string;
  readonly usage: string;
  readonly options: O;
  readonly allowPositionals?: boolean;
}

/** What parseArgs says, in one sentence a user can act on. */
function usageMessage(err: NodeJS.ErrnoException): string {
  const option = /'(-[^' ]+)/.exec(err.message)?.[1];
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${option}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /argument is ambiguous/.test(err.message)
        ? `${option} needs a value, and a value may not start with "-" (write ${option}=<value>)`
        : `${option} ${/does not take an argument/.test(err.message) ? 'takes no value' : 'needs a value'}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${/'([^']+)'/.exec(err.message)?.[1] ?? ''}`.trim();
    default:
      return err.message.split('. ')[0];
  }
}

function parse<O extends Options>(spec: CliSpec<O>, argv: string[]) {
  return parseArgs({ args: argv, options: spec.options, allowPositionals: spec.allowPositionals ?? false, strict: true });
}

export type Parsed<O extends Options> = ReturnType<typeof parse<O>>;

/** Turns a failure into exit code and one line (or an InputError's lines) on stderr. */
export function report(name: string, err: unknown, describe: (err: unknown) => string | undefined = () => undefined): number {
  if (err instanceof UsageError) {
    console.error(`${name}: ${err.message}; see --help`);
    return 2;
  }
  if (err instanceof InputError) {
    console.error(err.message);
    return 1;
  }
  const e = err as Error;
  console.error(`${name}: ${describe(err) ?? e?.message ?? String(err)}`);
  return 1;
}

/**
 * Runs a command-line tool with the conventions above. `main` returns the exit
 * code (default 0) or throws; `describe` may turn a library's error into words.
 */
export async function runCli<O extends Options>(
  spec: CliSpec<O>,
  main: (args: Parsed<O>) => Promise<number | void> | number | void,
  argv: string[],
  describe?: (err: unknown) => string | undefined,
): Promise<number> {
  if (argv.includes('-h') || argv.includes('--help')) {
    console.log(spec.usage);
    return 0;
  }
  let args: Parsed<O>;
  try {
    args = parse(spec, argv);
  } catch (err) {
    return report(spec.name, new UsageError(usageMessage(err as NodeJS.ErrnoException)));
  }
  try {
    return (await main(args)) ?? 0;
  } catch (err) {
    return report(spec.name, err, describe);
  }
}

/** A tool's main: `argv` in, exit code out, with the conventions above; what a command module exports. */
export type Main = (argv: string[]) => Promise<number>;

/** The main of a tool given by its spec and what it does once its arguments parse. */
export function command<O extends Options>(
  spec: CliSpec<O>,
  main: (args: Parsed<O>) => Promise<number | void> | number | void,
  describe?: (err: unknown) => string | undefined,
): Main {
  return (argv) => runCli(spec, main, argv, describe);
}

/** What every file in bin/ does: runs a tool's main on the process's arguments and sets its exit code. */
export function runMain(main: Main): void {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

/** A whole number option within bounds, or a UsageError naming the option. */
export function wholeNumber(value: string | undefined, option: string, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(
      `${option} must be a whole number${max === Number.MAX_SAFE_INTEGER ? ` of at least ${min}` : ` from ${min} to ${max}`}, got "${value}"`,
    );
  }
  return n;
}
