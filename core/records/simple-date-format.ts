/*
 * java.text.SimpleDateFormat, as the Athena MSK connector uses it for DATE and
 * TIMESTAMP fields (`new SimpleDateFormat(formatHint)`, JVM in UTC): pattern
 * validation for schema checks, formatting for the producer, and lenient
 * parsing for `npm run verify`, all from one tokenizer.
 */

/** Pattern letters SimpleDateFormat accepts (Java 8+); any other unquoted ASCII letter throws. */
const PATTERN_LETTERS = new Set('GyYMLwWDdFEuaHkKhmsSzZX');

export type Token = { kind: 'field'; letter: string; count: number } | { kind: 'literal'; text: string };

export class DatePatternError extends Error {
  constructor(readonly pattern: string, readonly problem: string) {
    super(`formatHint "${pattern}" ${problem}`);
    this.name = 'DatePatternError';
  }
}

/** Splits a pattern into fields (`yyyy`) and literals (`-`, `'T'`); throws DatePatternError. */
export function tokenize(pattern: string): Token[] {
  if (pattern.trim() === '') throw new DatePatternError(pattern, 'is empty');
  const tokens: Token[] = [];
  const literal = (text: string) => {
    const last = tokens[tokens.length - 1];
    if (last?.kind === 'literal') last.text += text;
    else tokens.push({ kind: 'literal', text });
  };
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === "'") {
      if (pattern[i + 1] === "'") {
        literal("'"); // '' is a literal quote
        i++;
        continue;
      }
      const end = pattern.indexOf("'", i + 1);
      if (end < 0) throw new DatePatternError(pattern, 'has an unterminated quote');
      // Inside quotes, '' is also a quote.
      let j = i + 1;
      let text = '';
      for (; j < pattern.length; j++) {
        if (pattern[j] === "'") {
          if (pattern[j + 1] === "'") { text += "'"; j++; continue; }
          break;
        }
        text += pattern[j];
      }
      if (j >= pattern.length) throw new DatePatternError(pattern, 'has an unterminated quote');
      literal(text);
      i = j;
      continue;
    }
    if (/[a-zA-Z]/.test(ch)) {
      if (!PATTERN_LETTERS.has(ch)) throw new DatePatternError(pattern, `has the unknown pattern letter '${ch}' at position ${i + 1}`);
      let count = 1;
      while (pattern[i + count] === ch) count++;
      tokens.push({ kind: 'field', letter: ch, count });
      i += count - 1;
      continue;
    }
    literal(ch);
  }
  if (!tokens.some((t) => t.kind === 'field')) throw new DatePatternError(pattern, 'has no date or time letters');
  return tokens;
}

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
export function simpleDateFormatWarnings(pattern: string): string[] {
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
  const warnings: string[] = [];
  if (has('Y')) warnings.push("uses 'Y' (week year: late December reads as the next year) | write yyyy for the calendar year");
  if (has('D') && has('M')) warnings.push("uses 'D' (day of the year) beside a month | write dd for the day of the month");
  fields.forEach((f, i) => {
    const inDatePart = firstHour < 0 || i < firstHour;
    if (f.letter === 'm' && inDatePart && fields.some((g) => 'yYd'.includes(g.letter))) {
      warnings.push("uses 'mm' (minutes) among date letters | write MM for the month");
    }
    if (f.letter === 'M' && !inDatePart) warnings.push("uses 'MM' (month) among time letters | write mm for minutes");
  });
  if (has('h') && !has('a')) warnings.push("uses 'hh' (hour 1-12) without 'a' (AM/PM): 13:00 cannot be told from 01:00 | write HH for hours 0-23");
  const fraction = fields.find((f) => f.letter === 'S');
  if (fraction && fraction.count < 3) {
    warnings.push(`uses '${'S'.repeat(fraction.count)}': S counts milliseconds, so ".5" reads as 5 ms, not 500 | write SSS and produce exactly three digits`);
  }
  return [...new Set(warnings)];
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const pad = (n: number, width: number) => String(n).padStart(width, '0');
const text = (names: string[], i: number, count: number) => (count >= 4 ? names[i] : names[i].slice(0, 3));

function dayOfYear(d: Date): number {
  return Math.floor((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
}

type Part = (date: Date) => string;

/** One formatter per pattern letter run, decided once per pattern rather than per value. */
function partFor(pattern: string, letter: string, count: number): Part {
  switch (letter) {
    case 'G': return () => 'AD';
    case 'y': case 'Y': return count === 2 ? (d) => pad(d.getUTCFullYear() % 100, 2) : (d) => pad(d.getUTCFullYear(), count);
    case 'M': case 'L': return count >= 3 ? (d) => text(MONTHS, d.getUTCMonth(), count) : (d) => pad(d.getUTCMonth() + 1, count);
    case 'd': return (d) => pad(d.getUTCDate(), count);
    case 'D': return (d) => pad(dayOfYear(d), count);
    case 'F': return (d) => pad(Math.ceil(d.getUTCDate() / 7), count);
    case 'E': return (d) => text(DAYS, d.getUTCDay(), count);
    case 'u': return (d) => pad(d.getUTCDay() === 0 ? 7 : d.getUTCDay(), count);
    case 'a': return (d) => (d.getUTCHours() < 12 ? 'AM' : 'PM');
    case 'H': return (d) => pad(d.getUTCHours(), count);
    case 'k': return (d) => pad(d.getUTCHours() === 0 ? 24 : d.getUTCHours(), count);
    case 'K': return (d) => pad(d.getUTCHours() % 12, count);
    case 'h': return (d) => pad(d.getUTCHours() % 12 === 0 ? 12 : d.getUTCHours() % 12, count);
    case 'm': return (d) => pad(d.getUTCMinutes(), count);
    case 's': return (d) => pad(d.getUTCSeconds(), count);
    case 'S': return (d) => pad(d.getUTCMilliseconds(), count); // milliseconds, not a fraction
    case 'z': return () => (count >= 4 ? 'Coordinated Universal Time' : 'UTC');
    case 'Z': return () => '+0000';
    case 'X': return () => 'Z';
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

export type ParseResult =
  | {
      readonly ok: true;
      readonly date: Date;
      readonly rolledOver: boolean;
      /** Digits the 'S' field took: S counts milliseconds, so anything but 3 misreads a fraction. */
      readonly fractionDigits?: number;
    }
  | { readonly ok: false; readonly reason: string };

const NUMERIC = new Set('yYMLwWDdFuHkKhmsS');
const isNumeric = (t: Token | undefined) => t?.kind === 'field' && NUMERIC.has(t.letter) && !('ML'.includes(t.letter) && t.count >= 3);

/**
 * Parses like SimpleDateFormat.parse(String) with its default leniency: numbers
 * take as many digits as are there (or the pattern width when two numeric fields
 * touch), text must match, anything after the pattern is ignored, and
 * out-of-range values roll over (reported as `rolledOver`).
 */
export function parseDate(input: string, pattern: string): ParseResult {
  const tokens = tokenize(pattern);
  let pos = 0;
  const f: Record<string, number> = {};
  let pm: boolean | undefined;
  let offsetMinutes = 0;
  let fractionDigits: number | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'literal') {
      if (!input.startsWith(t.text, pos)) return { ok: false, reason: `expected "${t.text}" at position ${pos + 1}` };
      pos += t.text.length;
      continue;
    }
    if (isNumeric(t)) {
      const width = isNumeric(tokens[i + 1]) ? t.count : Infinity;
      let end = pos;
      if (input[end] === '-' || input[end] === '+') end++;
      while (end < input.length && end - pos < width && /\d/.test(input[end])) end++;
      const digits = input.slice(pos, end);
      if (!/\d/.test(digits)) return { ok: false, reason: `expected a number for '${t.letter.repeat(t.count)}' at position ${pos + 1}` };
      let n = Number(digits);
      if ((t.letter === 'y' || t.letter === 'Y') && t.count <= 2 && digits.length === 2) n += n < 50 ? 2000 : 1900; // Java's 80/20 century window, simplified
      f[t.letter] = n;
      if (t.letter === 'S') fractionDigits = digits.replace(/^[+-]/, '').length;
      pos = end;
      continue;
    }
    const rest = input.slice(pos);
    const matchName = (names: string[]) => {
      const hit = names.map((name, idx) => ({ name, idx })).sort((a, b) => b.name.length - a.name.length)
        .find(({ name }) => rest.toLowerCase().startsWith(name.toLowerCase()));
      if (hit) pos += hit.name.length;
      return hit?.idx;
    };
    switch (t.letter) {
      case 'M': case 'L': {
        const idx = matchName([...MONTHS, ...MONTHS.map((m) => m.slice(0, 3))]);
        if (idx === undefined) return { ok: false, reason: `expected a month name at position ${pos + 1}` };
        f.M = (idx % 12) + 1;
        break;
      }
      case 'E': {
        if (matchName([...DAYS, ...DAYS.map((d) => d.slice(0, 3))]) === undefined) return { ok: false, reason: `expected a day name at position ${pos + 1}` };
        break;
      }
      case 'a': {
        const idx = matchName(['AM', 'PM']);
        if (idx === undefined) return { ok: false, reason: `expected AM or PM at position ${pos + 1}` };
        pm = idx === 1;
        break;
      }
      case 'G': {
        if (matchName(['AD', 'BC']) === undefined) return { ok: false, reason: `expected AD or BC at position ${pos + 1}` };
        break;
      }
      case 'z': case 'Z': case 'X': {
        const m = /^(Z|UTC|GMT|[+-]\d{2}:?\d{2}|[+-]\d{2})/i.exec(rest);
        if (!m) return { ok: false, reason: `expected a time zone at position ${pos + 1}` };
        const tz = m[1].toUpperCase();
        if (tz.startsWith('+') || tz.startsWith('-')) {
          const digits = tz.replace(':', '');
          offsetMinutes = (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || 0)) * (tz[0] === '-' ? -1 : 1);
        }
        pos += m[1].length;
        break;
      }
    }
  }
  const year = f.y ?? f.Y ?? 1970;
  const month = f.M ?? f.L ?? 1;
  let hour = f.H ?? (f.k !== undefined ? f.k % 24 : undefined) ?? f.h ?? f.K ?? 0;
  if (pm !== undefined && (f.h !== undefined || f.K !== undefined)) hour = (hour % 12) + (pm ? 12 : 0);
  const day = f.d ?? 1;
  const ms = Date.UTC(year, month - 1, f.D ?? day, hour, f.m ?? 0, f.s ?? 0, f.S ?? 0) - offsetMinutes * 60_000;
  const date = new Date(ms);
  const rolledOver = month < 1 || month > 12 || day < 1 || day > 31 || (f.d !== undefined && date.getUTCDate() !== day && offsetMinutes === 0)
    || (f.H ?? 0) > 23 || (f.m ?? 0) > 59 || (f.s ?? 0) > 59;
  return { ok: true, date, rolledOver, fractionDigits };
}
