import { DOUBLE_CASES, FLOAT_CASES, fromDoubleBits, recordedVectors } from '../../fixtures/jvm/cases';
import { javaDoubleToString, javaFloatToString } from '../../../core/records/java-double';

/* Java 11's Double.toString and Float.toString (FloatingDecimal), against answers recorded from a JVM that prints the same way. */
const jvm = recordedVectors();

const floatOf = (bits: string) => {
  const view = new DataView(new ArrayBuffer(4));
  view.setUint32(0, parseInt(bits, 16));
  return view.getFloat32(0);
};

describe("Java 11's Double.toString", () => {
  it.each([
    [2e23, '1.9999999999999998E23'],
    [5e-324, '4.9E-324'],
    [1e23, '9.999999999999999E22'],
    [1e7, '1.0E7'],
    [9999999, '9999999.0'],
    [0.001, '0.001'],
    [1e-4, '1.0E-4'],
    [100, '100.0'],
    [-0, '-0.0'],
    [NaN, 'NaN'],
    [-Infinity, '-Infinity'],
    [2 ** 63, '9.223372036854776E18'],
  ])('prints %p as %s', (d, text) => {
    expect(javaDoubleToString(d)).toBe(text);
  });

  it('prints the recorded doubles (edges, subnormals, powers of ten, random values) as the JVM did', () => {
    const ours = DOUBLE_CASES.map((bits) => javaDoubleToString(fromDoubleBits(bits)));
    expect(ours).toEqual(jvm.doubles);
    // Not a copy of JavaScript's shortest form: some recorded values print longer.
    expect(DOUBLE_CASES.filter((bits, i) => String(fromDoubleBits(bits)).replace(/e\+?/, 'E') !== jvm.doubles[i]).length).toBeGreaterThan(0);
  });
});

describe("Java 11's Float.toString", () => {
  it('prints the recorded floats as the JVM did', () => {
    expect(FLOAT_CASES.map((bits) => javaFloatToString(floatOf(bits)))).toEqual(jvm.floats);
  });
});
