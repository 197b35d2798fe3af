import { parseDate } from '../../records/simple-date-format';

/*
 * DATE and TIMESTAMP columns for text that names a date or an instant. The
 * connector parses such text with Java's SimpleDateFormat and the formatHint,
 * and silently misreads what the pattern does not describe exactly (trailing
 * text is ignored, S counts milliseconds, zones are read by letter: X takes
 * `Z` or `+02`, XX `+0200`, XXX `+02:00`). So a pattern is kept only when every
 * value has exactly its shape and parses, with the project's emulation of
 * SimpleDateFormat (the one verify uses), to the instant the text names.
 * Layouts: ISO 8601 (yyyy-MM-dd, with 'T' or a space, times and zones) and
 * yyyy/MM/dd, dd.MM.yyyy, MM/dd/yyyy, dd/MM/yyyy, dd-MM-yyyy with optional
 * HH:mm[:ss[.SSS]]. Month-first and day-first are told apart only by a day
 * above 12; without one the column stays VARCHAR, saying so.
 */

interface Candidate {
  readonly type: 'DATE' | 'TIMESTAMP';
  readonly pattern: string;
  readonly shape: RegExp;
  /** The instant the text names, from the shape's groups (year, month, day, then time and zone parts). */
  readonly named: (text: string) => number | undefined;
}

/** Date layouts teams write, each with the order its three numbers name year, month and day. */
const DATES = [
  { pattern: 'yyyy-MM-dd', shape: '(\\d{4})-(\\d{2})-(\\d{2})', order: 'ymd', iso: true },
  { pattern: 'yyyy/MM/dd', shape: '(\\d{4})/(\\d{2})/(\\d{2})', order: 'ymd', iso: false },
  { pattern: 'dd.MM.yyyy', shape: '(\\d{2})\\.(\\d{2})\\.(\\d{4})', order: 'dmy', iso: false },
  { pattern: 'MM/dd/yyyy', shape: '(\\d{2})/(\\d{2})/(\\d{4})', order: 'mdy', iso: false },
  { pattern: 'dd/MM/yyyy', shape: '(\\d{2})/(\\d{2})/(\\d{4})', order: 'dmy', iso: false },
  { pattern: 'dd-MM-yyyy', shape: '(\\d{2})-(\\d{2})-(\\d{4})', order: 'dmy', iso: false },
] as const;
const TIMES = [
  { pattern: 'HH:mm:ss.SSS', shape: '(\\d{2}):(\\d{2}):(\\d{2})\\.(\\d{3})' },
  { pattern: 'HH:mm:ss', shape: '(\\d{2}):(\\d{2}):(\\d{2})()' },
  { pattern: 'HH:mm', shape: '(\\d{2}):(\\d{2})()()' },
];
const ZONES = [
  { pattern: 'XXX', shape: '(Z|[+-]\\d{2}:\\d{2})' },
  { pattern: 'XX', shape: '(Z|[+-]\\d{4})' },
  { pattern: 'X', shape: '(Z|[+-]\\d{2})' },
  { pattern: '', shape: '()' },
];

/** Epoch milliseconds of civil parts (UTC, as the connector's JVM runs), or undefined when a part is out of range or before the Gregorian calendar. */
function civilInstant(parts: { y: number; M: number; d: number; H: number; m: number; s: number; S: number }, zone: string | undefined): number | undefined {
  const { y, M, d, H, m, s, S } = parts;
  // Java reads dates before 1582-10-15 as Julian: such a text names another day in Athena.
  if (y < 1583 || M < 1 || M > 12 || d < 1 || H > 23 || m > 59 || s > 59) return undefined;
  const local = Date.UTC(y, M - 1, d, H, m, s, S);
  if (new Date(local).getUTCDate() !== d || new Date(local).getUTCFullYear() !== y) return undefined;
  if (!zone || zone === 'Z') return local;
  const digits = zone.replace(':', '');
  const offset = (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || 0)) * (zone[0] === '-' ? -1 : 1);
  return local - offset * 60_000;
}

function candidate(type: 'DATE' | 'TIMESTAMP', date: (typeof DATES)[number], time?: (typeof TIMES)[number], sep = '', zone = ZONES[3]): Candidate {
  const source = `^${date.shape}${time ? `${sep === "'T'" ? 'T' : sep}${time.shape}${zone.shape}` : ''}$`;
  const shape = new RegExp(source);
  const named = (text: string) => {
    const g = shape.exec(text);
    if (!g) return undefined;
    const [a, b, c] = [Number(g[1]), Number(g[2]), Number(g[3])];
    const [y, M, d] = date.order === 'ymd' ? [a, b, c] : date.order === 'dmy' ? [c, b, a] : [c, a, b];
    const [H, m, s, S] = time ? [g[4], g[5], g[6], g[7]].map((p) => Number(p || 0)) : [0, 0, 0, 0];
    return civilInstant({ y, M, d, H, m, s, S }, time ? g[8] : undefined);
  };
  return { type, pattern: `${date.pattern}${time ? `${sep}${time.pattern}${zone.pattern}` : ''}`, shape, named };
}

/** In the order they are tried: the first that fits every value wins (MM/dd/yyyy and dd/MM/yyyy must not both fit). */
export const CANDIDATES: readonly Candidate[] = DATES.flatMap((date) => [
  candidate('DATE', date),
  ...(date.iso ? ["'T'", ' '] : [' ']).flatMap((sep) =>
    TIMES.flatMap((time) => (date.iso ? ZONES : [ZONES[3]]).map((zone) => candidate('TIMESTAMP', date, time, sep, zone))),
  ),
]);

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * The instant an ISO 8601 text names (no zone: UTC, as the connector's JVM runs),
 * in epoch milliseconds; undefined when a part is out of range or the date falls
 * before the Gregorian calendar (Java reads those as Julian dates).
 */
export function isoInstant(text: string): number | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [y, M, d, H = 0, min = 0, s = 0] = m.slice(1, 7).map((p) => (p === undefined ? undefined : Number(p))) as number[];
  return civilInstant({ y, M, d, H, m: min, s, S: m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0 }, m[8]);
}

/** Whether the connector reads `text` with `pattern` as exactly the instant it names. */
function readsExactly(text: string, candidate: Candidate): boolean {
  const expected = candidate.named(text);
  if (expected === undefined) return false;
  const parsed = parseDate(text, candidate.pattern);
  return parsed.ok && !parsed.rolledOver && (parsed.fractionDigits === undefined || parsed.fractionDigits === 3) && parsed.date.getTime() === expected;
}

/** Month-first and day-first layouts read the same text; both fitting means no value tells which the producers meant. */
function SWAPPED(pattern: string): string | undefined {
  if (pattern.startsWith('MM/dd/yyyy')) return pattern.replace('MM/dd/yyyy', 'dd/MM/yyyy');
  if (pattern.startsWith('dd/MM/yyyy')) return pattern.replace('dd/MM/yyyy', 'MM/dd/yyyy');
  return undefined;
}

export type TemporalFit = { readonly type: 'DATE' | 'TIMESTAMP'; readonly formatHint: string } | { readonly type?: undefined; readonly why?: string };

/**
 * The first candidate pattern that reads every text exactly; otherwise, when the
 * texts look like dates at all, why none does (for the VARCHAR evidence).
 */
export function temporalFit(texts: readonly string[]): TemporalFit {
  if (texts.length === 0) return {};
  if (!texts.every((t) => /^\d{4}-\d{2}-\d{2}/.test(t))) {
    // Other layouts are recognized only when all values fit one exactly; texts that merely start like dates stay text.
    if (!texts.every((t) => /^\d{2,4}[-/.]\d{2}[-/.]\d{2,4}/.test(t))) return {};
    const fit = CANDIDATES.find((c) => texts.every((t) => readsExactly(t, c)));
    if (!fit) return { why: `no one date layout the connector parses reads every value exactly (e.g. ${JSON.stringify(texts[0])})` };
    const swapped = SWAPPED(fit.pattern);
    const twin = swapped && CANDIDATES.find((c) => c.pattern === swapped);
    if (twin && texts.every((t) => readsExactly(t, twin))) {
      return { why: `every value reads as ${fit.pattern} and as ${twin.pattern} (no day above 12 tells which); write the formatHint by hand` };
    }
    return { type: fit.type, formatHint: fit.pattern };
  }
  const fit = CANDIDATES.find((c) => texts.every((t) => readsExactly(t, c)));
  if (fit) return { type: fit.type, formatHint: fit.pattern };
  const odd = texts.find((t) => isoInstant(t) === undefined);
  if (odd !== undefined) return { why: `${JSON.stringify(odd)} is not an ISO 8601 date or time the connector can parse` };
  const fraction = texts.find((t) => /\.(\d{1,2}|\d{4,})(Z|[+-]|$)/.test(t));
  if (fraction !== undefined) {
    return {
      why: `${JSON.stringify(fraction)} has a fraction that is not 3 digits, and SimpleDateFormat's S counts milliseconds (it would read a wrong time)`,
    };
  }
  const shapes = new Map(texts.map((t) => [t.replace(/\d/g, '9'), t]));
  const [a, b] = [...shapes.values()];
  return { why: `the texts mix forms (${JSON.stringify(a)}, ${JSON.stringify(b)}), and one formatHint parses only one form exactly` };
}
