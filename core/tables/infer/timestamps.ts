import { parseDate } from '../../records/simple-date-format';

/*
 * DATE and TIMESTAMP columns for text that names a date or an instant. The
 * connector parses such text with Java's SimpleDateFormat and the formatHint,
 * and silently misreads what the pattern does not describe exactly (trailing
 * text is ignored, S counts milliseconds, zones are read by letter: X takes
 * `Z` or `+02`, XX `+0200`, XXX `+02:00`). So a pattern is kept only when every
 * value has exactly its shape and parses to the instant the text names.
 */

interface Candidate {
  readonly type: 'DATE' | 'TIMESTAMP';
  readonly pattern: string;
  readonly shape: RegExp;
}

const DATE = '\\d{4}-\\d{2}-\\d{2}';
const TIMES = [
  { pattern: 'HH:mm:ss.SSS', shape: '\\d{2}:\\d{2}:\\d{2}\\.\\d{3}' },
  { pattern: 'HH:mm:ss', shape: '\\d{2}:\\d{2}:\\d{2}' },
  { pattern: 'HH:mm', shape: '\\d{2}:\\d{2}' },
];
const ZONES = [
  { pattern: 'XXX', shape: '(Z|[+-]\\d{2}:\\d{2})' },
  { pattern: 'XX', shape: '(Z|[+-]\\d{4})' },
  { pattern: 'X', shape: '(Z|[+-]\\d{2})' },
  { pattern: '', shape: '' },
];

/** In the order they are tried: the first that fits every value wins. */
export const CANDIDATES: readonly Candidate[] = [
  { type: 'DATE', pattern: 'yyyy-MM-dd', shape: new RegExp(`^${DATE}$`) },
  ...["'T'", ' '].flatMap((sep) =>
    TIMES.flatMap((time) =>
      ZONES.map((zone) => ({
        type: 'TIMESTAMP' as const,
        pattern: `yyyy-MM-dd${sep}${time.pattern}${zone.pattern}`,
        shape: new RegExp(`^${DATE}${sep === ' ' ? ' ' : 'T'}${time.shape}${zone.shape}$`),
      })),
    ),
  ),
];

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * The instant an ISO 8601 text names (no zone: UTC, as the connector's JVM runs),
 * in epoch milliseconds; undefined when a part is out of range or the date falls
 * before the Gregorian calendar (Java reads those as Julian dates).
 */
export function isoInstant(text: string): number | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour = 0, minute = 0, second = 0] = m.slice(1, 7).map((p) => (p === undefined ? undefined : Number(p))) as number[];
  if (year < 1583 || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined;
  const local = Date.UTC(year, month - 1, day, hour, minute, second, m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0);
  if (new Date(local).getUTCDate() !== day) return undefined;
  const zone = m[8];
  if (!zone || zone === 'Z') return local;
  const digits = zone.replace(':', '');
  const offset = (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || 0)) * (zone[0] === '-' ? -1 : 1);
  return local - offset * 60_000;
}

/** Whether the connector reads `text` with `pattern` as exactly the instant it names. */
function readsExactly(text: string, candidate: Candidate): boolean {
  if (!candidate.shape.test(text)) return false;
  const expected = isoInstant(text);
  if (expected === undefined) return false;
  const parsed = parseDate(text, candidate.pattern);
  return parsed.ok && !parsed.rolledOver && (parsed.fractionDigits === undefined || parsed.fractionDigits === 3) && parsed.date.getTime() === expected;
}

export type TemporalFit = { readonly type: 'DATE' | 'TIMESTAMP'; readonly formatHint: string } | { readonly type?: undefined; readonly why?: string };

/**
 * The first candidate pattern that reads every text exactly; otherwise, when the
 * texts look like dates at all, why none does (for the VARCHAR evidence).
 */
export function temporalFit(texts: readonly string[]): TemporalFit {
  if (texts.length === 0 || !texts.every((t) => /^\d{4}-\d{2}-\d{2}/.test(t))) return {};
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
