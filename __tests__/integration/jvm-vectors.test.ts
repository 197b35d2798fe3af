import {
  aroundCutover,
  askJvm,
  doubleBits,
  earlyYears,
  jvmAnswers,
  randomCsv,
  randomDoubles,
  randomFloatBits,
  recordedVectors,
  recordVectors,
  whitespaceCases,
} from '../fixtures/jvm/cases';
import { csvColumns } from '../../core/records/connector-values';
import { javaDoubleToString, javaFloatToString } from '../../core/records/java-double';
import { parseDate } from '../../core/records/simple-date-format';

/*
 * The unit suite checks our TypeScript against answers recorded from the JVM.
 * Here, with Java present, the JVM is asked again: a recording that no longer
 * matches it fails (RECORD_JVM_VECTORS=1 rewrites the recording). Then many
 * more seeded cases than the recording holds are put to the JVM and to our
 * code, for each edge the connector's JVM decides. The connector's Lambda runs
 * Java 11; this JVM (17) prints doubles and parses dates the same way.
 */
describe('recorded JVM answers', () => {
  it('are what this JVM answers today', () => {
    const live = askJvm();
    if (process.env.RECORD_JVM_VECTORS === '1') recordVectors(live);
    expect(recordedVectors()).toEqual(live);
  });
});

/** The cases where our answer differs from the JVM's, as [case, ours, JVM's]. */
function differences<T>(cases: readonly T[], request: (c: T) => string[], ours: (c: T) => string): [T, string, string][] {
  const answers = jvmAnswers(cases.map(request));
  return cases.flatMap((c, i): [T, string, string][] => (ours(c) === answers[i] ? [] : [[c, ours(c), answers[i]]]));
}

describe('what the JVM answers, on many seeded cases', () => {
  it('prints random doubles as Double.toString does (JSON numbers read into VARCHAR)', () => {
    const doubles = randomDoubles(6000, 2026);
    expect(doubles.length).toBeGreaterThan(5900);
    expect(differences(doubles, (d) => ['T', '-', doubleBits(d)], javaDoubleToString)).toEqual([]);
  });

  it('prints random floats as Float.toString does (Protobuf float fields read into VARCHAR)', () => {
    const view = new DataView(new ArrayBuffer(4));
    const float = (bits: string) => {
      view.setUint32(0, parseInt(bits, 16));
      return view.getFloat32(0);
    };
    expect(
      differences(
        randomFloatBits(3000, 2027),
        (bits) => ['R', '-', bits],
        (bits) => javaFloatToString(float(bits)),
      ),
    ).toEqual([]);
  });

  it('parses timestamps with spaces and tabs at random places as SimpleDateFormat does', () => {
    const cases = whitespaceCases(2000, 2028);
    const parsed = (c: [string, string]) => {
      const r = parseDate(c[1], c[0]);
      return r.ok ? String(r.date.getTime()) : 'ERROR';
    };
    const answers = differences(cases, ([pattern, text]) => ['P', pattern, text], parsed);
    expect(answers).toEqual([]);
    // Both outcomes occur: the cases test skipping and refusing alike.
    const outcomes = new Set(cases.map((c) => parsed(c) === 'ERROR'));
    expect(outcomes).toEqual(new Set([true, false]));
  });

  it('parses dates around the 1582 switch and in the years 1 to 200 as SimpleDateFormat does', () => {
    const cases = [...aroundCutover(), ...earlyYears()];
    const parsed = ([pattern, text]: [string, string]) => {
      const r = parseDate(text, pattern);
      return r.ok ? String(r.date.getTime()) : 'ERROR';
    };
    expect(differences(cases, ([pattern, text]) => ['P', pattern, text], parsed)).toEqual([]);
  });

  it("splits random records of commas and blanks as the connector's String.split does", () => {
    const split = (text: string) => [String(csvColumns(text).length), ...csvColumns(text)].join('\t');
    expect(differences(randomCsv(1000, 2029), (text) => ['C', '-', text], split)).toEqual([]);
  });
});
