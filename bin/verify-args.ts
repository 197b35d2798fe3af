import { wholeNumber } from './cli';

/* `verify --rows [N]`: an option whose value may be left out, which node's parseArgs has no type for. */

/** `--rows` with no number after it gets the value "all", so the option parser accepts it alone or before another option. */
export function withRowsValue(argv: readonly string[]): string[] {
  return argv.map((arg, i) => (arg === '--rows' && !/^\d+$/.test(argv[i + 1] ?? '') ? '--rows=all' : arg));
}

/** The rows per table `--rows` asks for: undefined without it, Infinity for every record read. */
export function rowLimit(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  return value === 'all' ? Infinity : wholeNumber(value, '--rows', { min: 1 });
}
