import { formatDate, parseDate } from '../../../core/records/simple-date-format';
import { DATES, FORMAT_CASES, PARSE_CASES, PATTERNS, recordedVectors } from '../../fixtures/jvm/cases';

/* The JVM's answers are recorded in fixtures/jvm/vectors.json; the integration suite re-asks the JVM. */
const jvm = recordedVectors();

describe("SimpleDateFormat compatibility, against the JVM's recorded answers", () => {
  it('formats exactly as Java does', () => {
    expect(FORMAT_CASES.map(([p, d]) => formatDate(new Date(d), p))).toEqual(jvm.format);
  });

  it('parses what Java parses, to the same instant, and refuses what Java refuses', () => {
    const ours = PARSE_CASES.map(([p, input]) => {
      const r = parseDate(input, p);
      return r.ok ? String(r.date.getTime()) : 'ERROR';
    });
    expect(ours).toEqual(jvm.parse);
  });

  it('round-trips every formatted value through the parser', () => {
    for (const p of PATTERNS.filter((x) => !x.startsWith('D u'))) {
      for (const d of DATES) {
        const r = parseDate(formatDate(new Date(d), p), p);
        expect(r.ok).toBe(true);
        expect(r.ok && r.rolledOver).toBe(false);
      }
    }
  });

  it('places a two-digit yy year within 80 years before and 20 after today, and takes yyyy literally', () => {
    const now = Date.UTC(2026, 5, 15);
    const year = (text: string, pattern = 'yy-MM-dd') => {
      const r = parseDate(text, pattern, now);
      return r.ok ? r.date.getUTCFullYear() : undefined;
    };
    expect([year('45-01-01'), year('47-01-01'), year('46-07-01'), year('46-01-01')]).toEqual([2045, 1947, 1946, 2046]);
    expect([year('99-07-01', 'yyyy-MM-dd'), year('5-07-01'), year('123-07-01')]).toEqual([99, 5, 123]);
  });

  it('flags values Java would silently roll over', () => {
    const r = parseDate('2024-13-45', 'yyyy-MM-dd');
    expect(r).toMatchObject({ ok: true, rolledOver: true });
    expect(r.ok && r.date.toISOString()).toBe('2025-02-14T00:00:00.000Z');
  });
});
