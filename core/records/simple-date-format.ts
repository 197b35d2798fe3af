/*
 * java.text.SimpleDateFormat, as the Athena MSK connector uses it for DATE and
 * TIMESTAMP fields (`new SimpleDateFormat(formatHint)`, JVM in UTC): pattern
 * validation for schema checks, formatting for the producer, and lenient
 * parsing for `npm run verify`, all from one tokenizer.
 */

import type { Finding } from '../problems';
import { DAYS, DatePatternError, MONTHS, tokenize, type Token } from './date-pattern';

export { DatePatternError, tokenize, type Token };
export { parseDate, type ParseResult } from './date-parse';

/** What is wrong with a pattern, or undefined when Java would accept it. */
export function simpleDateFormatProblem(pattern: string): string | undefined {
  try {
    tokenize(pattern);
    return undefined;
  } catch (err) {
    if (err instanceof DatePatternError) return err.problem;
    throw err;
  }
}

/**
 * Patterns Java accepts that almost always mean something else: each warning
 * names the likely intent. Empty for a pattern Java refuses (that is an error).
 */
export function simpleDateFormatWarnings(pattern: string): Required<Finding>[] {
  let tokens: Token[];
  try {
    tokens = tokenize(pattern);
  } catch {
    return [];
  }
  const fields = tokens.filter((t): t is Extract<Token, { kind: 'field' }> => t.kind === 'field');
  const has = (letter: string) => fields.some((f) => f.letter === letter);
  // The time part starts at the first hour letter; minutes before it sit among the date.
  const firstHour = fields.findIndex((f) => 'HhKk'.includes(f.letter));
  const warnings = new Map<string, Required<Finding>>();
  const warn = (problem: string, fix: string) => warnings.set(problem, { problem, fix });
  if (has('Y')) warn("uses 'Y' (week year: late December reads as the next year)", 'write yyyy for the calendar year');
  if (has('D') && has('M')) warn("uses 'D' (day of the year) beside a month", 'write dd for the day of the month');
  fields.forEach((f, i) => {
    const inDatePart = firstHour < 0 || i < firstHour;
    if (f.letter === 'm' && inDatePart && fields.some((g) => 'yYd'.includes(g.letter))) {
      warn("uses 'mm' (minutes) among date letters", 'write MM for the month');
    }
    if (f.letter === 'M' && !inDatePart) warn("uses 'MM' (month) among time letters", 'write mm for minutes');
  });
  if (has('h') && !has('a')) warn("uses 'hh' (hour 1-12) without 'a' (AM/PM): 13:00 cannot be told from 01:00", 'write HH for hours 0-23');
  const fraction = fields.find((f) => f.letter === 'S');
  if (fraction && fraction.count < 3) {
    warn(`uses '${'S'.repeat(fraction.count)}': S counts milliseconds, so ".5" reads as 5 ms, not 500`, 'write SSS and produce exactly three digits');
  }
  return [...warnings.values()];
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const text = (names: string[], i: number, count: number) => (count >= 4 ? names[i] : names[i].slice(0, 3));

function dayOfYear(d: Date): number {
  return Math.floor((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
}

type Part = (date: Date) => string;

/** One formatter per pattern letter run, decided once per pattern rather than per value. */
function partFor(pattern: string, letter: string, count: number): Part {
  switch (letter) {
    case 'G':
      return () => 'AD';
    case 'y':
    case 'Y':
      return count === 2 ? (d) => pad(d.getUTCFullYear() % 100, 2) : (d) => pad(d.getUTCFullYear(), count);
    case 'M':
    case 'L':
      return count >= 3 ? (d) => text(MONTHS, d.getUTCMonth(), count) : (d) => pad(d.getUTCMonth() + 1, count);
    case 'd':
      return (d) => pad(d.getUTCDate(), count);
    case 'D':
      return (d) => pad(dayOfYear(d), count);
    case 'F':
      return (d) => pad(Math.ceil(d.getUTCDate() / 7), count);
    case 'E':
      return (d) => text(DAYS, d.getUTCDay(), count);
    case 'u':
      return (d) => pad(d.getUTCDay() === 0 ? 7 : d.getUTCDay(), count);
    case 'a':
      return (d) => (d.getUTCHours() < 12 ? 'AM' : 'PM');
    case 'H':
      return (d) => pad(d.getUTCHours(), count);
    case 'k':
      return (d) => pad(d.getUTCHours() === 0 ? 24 : d.getUTCHours(), count);
    case 'K':
      return (d) => pad(d.getUTCHours() % 12, count);
    case 'h':
      return (d) => pad(d.getUTCHours() % 12 === 0 ? 12 : d.getUTCHours() % 12, count);
    case 'm':
      return (d) => pad(d.getUTCMinutes(), count);
    case 's':
      return (d) => pad(d.getUTCSeconds(), count);
    case 'S':
      return (d) => pad(d.getUTCMilliseconds(), count); // milliseconds, not a fraction
    case 'z':
      return () => (count >= 4 ? 'Coordinated Universal Time' : 'UTC');
    case 'Z':
      return () => '+0000';
    case 'X':
      return () => 'Z';
    default:
      // w and W depend on locale week rules; no producer needs them.
      throw new DatePatternError(pattern, `uses '${letter}', which the producer cannot format`);
  }
}

const compiled = new Map<string, Part>();

/** Formats `date` in UTC exactly as SimpleDateFormat would with an English locale. */
export function formatDate(date: Date, pattern: string): string {
  let format = compiled.get(pattern);
  if (!format) {
    const parts = tokenize(pattern).map((t): Part => (t.kind === 'literal' ? () => t.text : partFor(pattern, t.letter, t.count)));
    format = (d) => parts.map((p) => p(d)).join('');
    compiled.set(pattern, format);
  }
  return format(date);
}
