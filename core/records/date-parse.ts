import { DAYS, MONTHS, tokenize, type Token } from './date-pattern';
import { calendarMillis, CUTOVER_EPOCH_DAY, gregorianDate, javaCalendarDate, MS_PER_DAY, type CalendarFields, type CivilDate } from './java-calendar';
import { DIGIT, digitValue } from './java-digits';

/*
 * SimpleDateFormat.parse(String) as the connector runs it: lenient, UTC, an
 * English locale, a fresh calendar per parse. What it does that a reader
 * would not guess, each checked against the JVM in the integration suite:
 * - spaces and tabs before any field are skipped (" 2024-02-29", "2024- 02-29");
 *   a space in the pattern matches one space only (not a tab or U+00A0: the
 *   looser match of Java 23+ is not in the connector's Java 11);
 * - numbers go through DecimalFormat: a leading "-" is a sign, "+" is not,
 *   any script's decimal digits count, and a field that abuts another numeric
 *   field takes at most as many characters as its pattern letters, counted
 *   from where the field starts, skipped spaces included;
 * - only `y`/`yy` read two digits as a year within 80 years before and 20
 *   after today; `yyyy` takes "99" as the year 99;
 * - fields roll over (month 13, day 45, hour 25) and dates before 1582-10-15
 *   are Julian (java-calendar.ts).
 * Week-based fields (Y as a week year, w, W, F, a day name without a day)
 * are read as numbers but do not move the date here.
 */

export type ParseResult =
  | {
      readonly ok: true;
      readonly date: Date;
      /** A field was out of range (or the day does not exist) and Java moved the date. */
      readonly rolledOver: boolean;
      /** The day is one of 1582-10-05..14, which Java's calendar skips (read as Julian: ten days later). */
      readonly skippedDay?: boolean;
      /** Digits the 'S' field took: S counts milliseconds, so anything but 3 misreads a fraction. */
      readonly fractionDigits?: number;
      /** The year a `yyyy` field took from one or two digits, literally (99 is the year 99). */
      readonly literalYear?: number;
      /** The date as Java's calendar names it, when that is Julian and Athena (proleptic Gregorian) shows another. */
      readonly julian?: { readonly written: CivilDate; readonly shown: CivilDate };
    }
  | { readonly ok: false; readonly reason: string };

type Field = Extract<Token, { kind: 'field' }>;

/** SimpleDateFormat.shouldObeyCount: a field followed by one of these stops after its letter count. */
function obeysCount(next: Token | undefined): next is Field {
  if (next?.kind !== 'field') return false;
  if (next.letter === 'M' || next.letter === 'L') return next.count <= 2;
  return 'ydkHmsSDFwWhKYu'.includes(next.letter);
}

const NUMERIC = new Set('yYdkHmsSDFwWhKu');
const isNumericField = (t: Field) => NUMERIC.has(t.letter) || ('ML'.includes(t.letter) && t.count <= 2);

/** DecimalFormat.parse(...).intValue() of an integer-only format: the value and where it ends, or undefined. */
function parseNumber(text: string, from: number, limit: number): { value: number; end: number } | undefined {
  let pos = from;
  const negative = pos < limit && text[pos] === '-';
  if (negative) pos++;
  let digits = '';
  while (pos < limit && DIGIT.test(text[pos])) digits += String(digitValue(text[pos++]));
  if (digits === '') return undefined;
  const n = BigInt(digits) * (negative ? -1n : 1n);
  // A Long narrows to int by wrapping; beyond a long DecimalFormat gives a Double, which saturates.
  const fitsLong = n >= -(2n ** 63n) && n < 2n ** 63n;
  const value = fitsLong ? Number(BigInt.asIntN(32, n)) : negative ? -(2 ** 31) : 2 ** 31 - 1;
  return { value, end: pos };
}

/** Case-insensitive longest match of one of `names` at `at`: its index and length. */
function matchName(text: string, at: number, names: readonly string[]): { index: number; length: number } | undefined {
  let best: { index: number; length: number } | undefined;
  names.forEach((name, index) => {
    if (name.length > (best?.length ?? 0) && text.slice(at, at + name.length).toLowerCase() === name.toLowerCase()) best = { index, length: name.length };
  });
  return best;
}

/** What the parse set, with the order it set them (Calendar resolves conflicts by the most recent field). */
class Fields {
  private readonly values = new Map<string, number>();
  private readonly stamps = new Map<string, number>();
  private stamp = 0;
  set(field: string, value: number): void {
    this.values.set(field, value);
    this.stamps.set(field, ++this.stamp);
  }
  get(field: string): number | undefined {
    return this.values.get(field);
  }
  stampOf(field: string): number {
    return this.stamps.get(field) ?? 0;
  }
}

/** Calendar.selectFields for the fields SimpleDateFormat sets, then the values GregorianCalendar computes with. */
function resolve(f: Fields, yearShift: number): CalendarFields {
  let year = (f.get('year') ?? 1970) + yearShift;
  if (f.get('era') === 0) year = 1 - year;
  const dayOfYear = f.stampOf('dayOfYear') > f.stampOf('dayOfMonth') ? f.get('dayOfYear') : undefined;
  const hourOfDayStamp = f.stampOf('hourOfDay');
  const hourStamp = f.stampOf('hour') && f.stampOf('amPm') ? Math.max(f.stampOf('hour'), f.stampOf('amPm')) : 0;
  let best = Math.max(hourStamp, hourOfDayStamp);
  if (best === 0) best = Math.max(f.stampOf('hour'), f.stampOf('amPm'));
  let hours = 0;
  if (best !== 0 && best === hourOfDayStamp) hours = f.get('hourOfDay')!;
  else if (best !== 0) hours = (f.get('hour') ?? 0) + 12 * (f.get('amPm') ?? 0);
  const timeOfDay = ((hours * 60 + (f.get('minute') ?? 0)) * 60 + (f.get('second') ?? 0)) * 1000 + (f.get('millisecond') ?? 0);
  return {
    year,
    month: dayOfYear === undefined ? (f.get('month') ?? 0) : 0,
    dayOfMonth: dayOfYear === undefined ? (f.get('dayOfMonth') ?? 1) : undefined,
    dayOfYear,
    timeOfDay,
    zoneOffset: f.get('zoneOffset') ?? 0,
  };
}

/** The start of SimpleDateFormat's two-digit-year window: 80 years before `now` (Calendar.add keeps Feb 29 in range). */
function centuryStart(now: number): Date {
  const d = new Date(now);
  const month = d.getUTCMonth();
  d.setUTCFullYear(d.getUTCFullYear() - 80);
  if (d.getUTCMonth() !== month) d.setUTCDate(0);
  return d;
}

/** Whether Java moved the date or time away from what the fields say (a rolled-over or nonexistent day). */
function rolledOver(f: Fields, c: CalendarFields): boolean {
  const local = calendarMillis({ ...c, zoneOffset: 0 });
  const epochDay = Math.floor(local / MS_PER_DAY);
  const date = javaCalendarDate(epochDay);
  const dateMoved = c.dayOfYear !== undefined ? date.year !== c.year : date.year !== c.year || date.month !== c.month + 1 || date.day !== c.dayOfMonth;
  const over = (field: string, max: number) => (f.get(field) ?? 0) < 0 || (f.get(field) ?? 0) > max;
  return dateMoved || c.timeOfDay < 0 || c.timeOfDay >= MS_PER_DAY || over('hour', 11) || over('hourOfDay', 23) || over('minute', 59) || over('second', 59);
}

/** Parses like SimpleDateFormat.parse(String): lenient, in UTC; `now` places two-digit years. */
export function parseDate(input: string, pattern: string, now: number = Date.now()): ParseResult {
  const tokens = tokenize(pattern);
  const f = new Fields();
  let pos = 0;
  let ambiguousYear = false;
  let fractionDigits: number | undefined;
  let literalYear: number | undefined;
  const fail = (reason: string): ParseResult => ({ ok: false, reason });
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'literal') {
      for (const ch of t.text) {
        if (pos >= input.length || input[pos] !== ch) return fail(`expected "${t.text}" at position ${pos + 1}`);
        pos++;
      }
      continue;
    }
    const start = pos;
    const name = t.letter.repeat(t.count);
    let at = pos;
    while (at < input.length && (input[at] === ' ' || input[at] === '\t')) at++;
    if (at >= input.length) return fail(`expected '${name}' at position ${pos + 1}, found the end`);
    if (isNumericField(t)) {
      const limit = obeysCount(tokens[i + 1]) ? start + t.count : input.length;
      if (limit > input.length) return fail(`expected ${t.count} characters for '${name}' at position ${start + 1}`);
      const n = parseNumber(input, at, limit);
      if (!n) return fail(`expected a number for '${name}' at position ${at + 1}`);
      let value = n.value;
      pos = n.end;
      switch (t.letter) {
        case 'y':
        case 'Y': {
          const twoDigits = pos - at === 2 && DIGIT.test(input[at]) && DIGIT.test(input[at + 1]);
          if (t.count <= 2 && twoDigits) {
            const startYear = centuryStart(now).getUTCFullYear();
            const ambiguous = startYear % 100;
            ambiguousYear = value === ambiguous;
            value += Math.floor(startYear / 100) * 100 + (value < ambiguous ? 100 : 0);
          } else if (t.count > 2 && pos - at <= 2 && DIGIT.test(input[at])) literalYear = value;
          f.set('year', value);
          break;
        }
        case 'M':
        case 'L':
          f.set('month', value - 1);
          break;
        case 'k':
          f.set('hourOfDay', value === 24 ? 0 : value);
          break;
        case 'H':
          f.set('hourOfDay', value);
          break;
        case 'h':
          f.set('hour', value === 12 ? 0 : value);
          break;
        case 'K':
          f.set('hour', value);
          break;
        case 'd':
          f.set('dayOfMonth', value);
          break;
        case 'D':
          f.set('dayOfYear', value);
          break;
        case 'm':
          f.set('minute', value);
          break;
        case 's':
          f.set('second', value);
          break;
        case 'S':
          f.set('millisecond', value);
          fractionDigits = pos - at - (input[at] === '-' ? 1 : 0);
          break;
        default:
          f.set(t.letter, value); // u, F, w, W: parsed, not used to place the date
      }
      continue;
    }
    // Names are matched where the field starts (skipped spaces are not skipped for them); zones after the spaces.
    switch (t.letter) {
      case 'M':
      case 'L': {
        const hit =
          matchName(input, start, MONTHS) ??
          matchName(
            input,
            start,
            MONTHS.map((m) => m.slice(0, 3)),
          );
        if (!hit) return fail(`expected a month name at position ${start + 1}`);
        f.set('month', hit.index);
        pos = start + hit.length;
        break;
      }
      case 'E': {
        const hit =
          matchName(input, start, DAYS) ??
          matchName(
            input,
            start,
            DAYS.map((d) => d.slice(0, 3)),
          );
        if (!hit) return fail(`expected a day name at position ${start + 1}`);
        f.set('dayOfWeek', hit.index + 1);
        pos = start + hit.length;
        break;
      }
      case 'a': {
        const hit = matchName(input, start, ['AM', 'PM']);
        if (!hit) return fail(`expected AM or PM at position ${start + 1}`);
        f.set('amPm', hit.index);
        pos = start + hit.length;
        break;
      }
      case 'G': {
        const hit = matchName(input, start, ['BC', 'AD']);
        if (!hit) return fail(`expected AD or BC at position ${start + 1}`);
        f.set('era', hit.index);
        pos = start + hit.length;
        break;
      }
      default: {
        // z, Z, X: a zone name or offset.
        const m = /^(Z|UTC|GMT|[+-]\d{2}:?\d{2}|[+-]\d{2})/i.exec(input.slice(at));
        if (!m) return fail(`expected a time zone at position ${at + 1}`);
        const tz = m[1].toUpperCase();
        let offset = 0;
        if (tz.startsWith('+') || tz.startsWith('-')) {
          const digits = tz.replace(':', '');
          offset = (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || 0)) * (tz[0] === '-' ? -1 : 1);
        }
        f.set('zoneOffset', offset * 60_000);
        pos = at + m[1].length;
      }
    }
  }
  let fields = resolve(f, 0);
  let ms = calendarMillis(fields);
  // The one two-digit year that could be either century: the later one unless that is too far ahead.
  if (ambiguousYear && ms < centuryStart(now).getTime()) {
    fields = resolve(f, 100);
    ms = calendarMillis(fields);
  }
  const rolled = rolledOver(f, fields);
  const skippedDay = fields.year === 1582 && fields.month === 9 && fields.dayOfMonth! >= 5 && fields.dayOfMonth! <= 14;
  const result = { ok: true as const, date: new Date(ms), rolledOver: rolled, skippedDay, fractionDigits, literalYear };
  const localDay = Math.floor((ms + fields.zoneOffset) / MS_PER_DAY);
  if (localDay < CUTOVER_EPOCH_DAY) {
    const written = javaCalendarDate(localDay);
    const shown = gregorianDate(localDay);
    if (written.day !== shown.day || written.month !== shown.month || written.year !== shown.year) return { ...result, julian: { written, shown } };
  }
  return result;
}
