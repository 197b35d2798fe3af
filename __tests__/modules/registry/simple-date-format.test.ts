import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { formatDate, parseDate } from '../../../modules/registry/simple-date-format';

/** Asks the JVM's own SimpleDateFormat (UTC, English), the parser the connector uses. */
function java(requests: string[][]): string[] {
  const run = spawnSync('java', [join(__dirname, '..', '..', 'fixtures', 'SimpleDateFormatOracle.java')], {
    input: requests.map((r) => r.join('\t')).join('\n') + '\n',
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`java failed: ${run.stderr}`);
  return run.stdout.trimEnd().split('\n');
}

const PATTERNS = [
  'yyyy-MM-dd HH:mm:ss.SSS',
  'yyyy-MM-dd',
  "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
  "yyyy-MM-dd'T'HH:mm:ssZ",
  'yyyyMMddHHmmss',
  'dd/MM/yy hh:mm a',
  'EEE, d MMM yyyy HH:mm:ss z',
  'EEEE MMMM dd yyyy',
  'D u F k K',
  "hh 'o''clock' a",
  'S s m',
];
const DATES = [Date.UTC(2024, 1, 29, 0, 5, 9, 7), Date.UTC(1999, 11, 31, 23, 59, 59, 999), Date.UTC(2026, 10, 22, 12, 0, 0, 120)];

describe('SimpleDateFormat compatibility, checked against the JVM', () => {
  it('formats exactly as Java does', () => {
    const cases = PATTERNS.flatMap((p) => DATES.map((d) => [p, d] as const));
    const expected = java(cases.map(([p, d]) => ['F', p, String(d)]));
    expect(cases.map(([p, d]) => formatDate(new Date(d), p))).toEqual(expected);
  });

  it('parses what Java parses, to the same instant, and refuses what Java refuses', () => {
    const cases: [string, string][] = [
      ['yyyy-MM-dd HH:mm:ss.SSS', '2024-02-29 00:05:09.007'],
      ['yyyy-MM-dd HH:mm:ss.SSS', '2024-02-29 00:05:09.7'],
      ['yyyy-MM-dd HH:mm:ss.SSS', '2024-02-29 00:05:09'],
      ['yyyy-MM-dd HH:mm:ss.SSS', '2024-02-29T00:05:09.007'],
      ['yyyy-MM-dd HH:mm:ss.SSS', '2024-02-29 00:05:09.007 trailing'],
      ['yyyy-MM-dd', '2024-2-9'],
      ['yyyy-MM-dd', '1700000000000'],
      ['yyyy-MM-dd', 'not a date'],
      ['yyyyMMddHHmmss', '20240229000509'],
      ["yyyy-MM-dd'T'HH:mm:ssZ", '2024-02-29T00:05:09+0130'],
      ['dd/MM/yy hh:mm a', '29/02/24 12:05 AM'],
      ['dd/MM/yy hh:mm a', '29/02/24 01:05 PM'],
      ['EEE, d MMM yyyy HH:mm:ss z', 'Thu, 29 Feb 2024 00:05:09 UTC'],
      ['MMMM d yyyy', 'february 29 2024'],
    ];
    const expected = java(cases.map(([p, input]) => ['P', p, input]));
    const ours = cases.map(([p, input]) => {
      const r = parseDate(input, p);
      return r.ok ? String(r.date.getTime()) : 'ERROR';
    });
    expect(ours).toEqual(expected);
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

  it('flags values Java would silently roll over', () => {
    const r = parseDate('2024-13-45', 'yyyy-MM-dd');
    expect(r).toMatchObject({ ok: true, rolledOver: true });
    expect(r.ok && r.date.toISOString()).toBe('2025-02-14T00:00:00.000Z');
  });
});
