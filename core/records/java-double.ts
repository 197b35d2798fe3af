/*
 * Double.toString and Float.toString as the connector's JVM prints them: the
 * Lambda image runs Java 11, whose sun.misc/jdk.internal.math FloatingDecimal
 * (unchanged up to Java 18) does not always pick the shortest digits that
 * round-trip: 2e23 prints "1.9999999999999998E23", 5e-324 "4.9E-324". Java 19
 * replaced it (JDK-4511638), so a newer JVM prints differently.
 *
 * This models that algorithm step by step with BigInt: the same decimal
 * exponent estimate, the same choice between int, long and multi-word
 * arithmetic (they differ at a tie: the multi-word path stops on b + m == 10s,
 * the others do not, and the int and long paths wrap on overflow), the same
 * "at least two digits in E-form" rule and the same final rounding. The
 * integration suite compares it with a JVM on thousands of random values.
 */

/** FloatingDecimal's approximate bit lengths of 5^i (not exactly ceil(log2): the table decides the paths). */
const N_5_BITS = [0, 3, 5, 7, 10, 12, 14, 17, 19, 21, 24, 26, 28, 31, 33, 35, 38, 40, 42, 45, 47, 49, 52, 54, 56, 59, 61];
/** Binary exponents where an integer value may take the exact long path. */
const MAX_SMALL_BIN_EXP = 62;
const MIN_SMALL_BIN_EXP = -21;
/** Where the significand's leading one sits. */
const EXP_SHIFT = 52;

type Arithmetic = 'int' | 'long' | 'big';

const wrapper = (kind: Arithmetic) =>
  kind === 'int' ? (x: bigint) => BigInt.asIntN(32, x) : kind === 'long' ? (x: bigint) => BigInt.asIntN(64, x) : (x: bigint) => x;

const pow5 = (n: number) => 5n ** BigInt(n);

function trailingZeros(x: bigint): number {
  let n = 0;
  while ((x & 1n) === 0n) {
    x >>= 1n;
    n++;
  }
  return n;
}

/** How many low decimal digits of an integer 2^p are noise (floor(log10(2^p)) for 1 < p < 64, else 0). */
function insignificantDigitsForPow2(p: number): number {
  return p > 1 && p < 64 ? (2n ** BigInt(p)).toString().length - 1 : 0;
}

/** floor(log10(d)), estimated from the bits exactly as FloatingDecimal does (it may be one too high). */
function estimateDecExp(fractBits: bigint, binExp: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, 0x3ff0000000000000n | (fractBits & 0xfffffffffffffn));
  const d2 = view.getFloat64(0);
  const d = (d2 - 1.5) * 0.289529654 + 0.176091259 + binExp * 0.301029995663981;
  return Math.floor(d) || 0; // never -0
}

/** Decimal digits (no leading or trailing zeros, except after a carry) and the exponent: value = 0.digits * 10^decExponent. */
interface Digits {
  digits: number[];
  decExponent: number;
}

/** An integer value: the exact digits, less those below its precision (rounded half up). */
function longDigits(value: bigint, insignificant: number): Digits {
  let decExponent = 0;
  if (insignificant !== 0) {
    const pow10 = 10n ** BigInt(insignificant);
    const residue = value % pow10;
    value /= pow10;
    decExponent += insignificant;
    if (residue >= pow10 >> 1n) value++;
  }
  const text = value.toString();
  return { digits: [...text.replace(/0+$/, '')].map(Number), decExponent: decExponent + text.length };
}

/** Adds one to the last digit; a carry out of "99..." leaves "10..." and a larger exponent. */
function roundUp(r: Digits): void {
  let i = r.digits.length - 1;
  while (r.digits[i] === 9 && i > 0) r.digits[i--] = 0;
  if (r.digits[i] === 9) {
    r.decExponent++;
    r.digits[0] = 1;
    return;
  }
  r.digits[i]++;
}

/** FloatingDecimal.BinaryToASCIIBuffer.dtoa in its compatible (toString) format, for a normalized significand. */
function dtoa(binExp: number, fractBits: bigint, nSignificantBits: number): Digits {
  const tailZeros = trailingZeros(fractBits);
  const nFractBits = EXP_SHIFT + 1 - tailZeros;
  const nTinyBits = Math.max(0, nFractBits - binExp - 1);
  if (binExp <= MAX_SMALL_BIN_EXP && binExp >= MIN_SMALL_BIN_EXP && nTinyBits === 0 && nFractBits + N_5_BITS[0] < 64) {
    // A whole number that fits a long: its digits, less those below the double's precision.
    const insignificant = binExp > nSignificantBits ? insignificantDigitsForPow2(binExp - nSignificantBits - 1) : 0;
    const value = binExp >= EXP_SHIFT ? fractBits << BigInt(binExp - EXP_SHIFT) : fractBits >> BigInt(EXP_SHIFT - binExp);
    return longDigits(value, insignificant);
  }
  let decExp = estimateDecExp(fractBits, binExp);
  const B5 = Math.max(0, -decExp);
  let B2 = B5 + nTinyBits + binExp;
  const S5 = Math.max(0, decExp);
  let S2 = S5 + nTinyBits;
  const M5 = B5;
  let M2 = B2 - nSignificantBits;
  const significand = fractBits >> BigInt(tailZeros);
  B2 -= nFractBits - 1;
  const common = Math.min(B2, S2);
  B2 -= common;
  S2 -= common;
  M2 -= common;
  // At a power of two the next lower double is half as far away; the algorithm only halves M.
  if (nFractBits === 1) M2 -= 1;
  if (M2 < 0) {
    B2 -= M2;
    S2 -= M2;
    M2 = 0;
  }
  const bits5 = (n: number) => (n < N_5_BITS.length ? N_5_BITS[n] : n * 3);
  const Bbits = nFractBits + B2 + bits5(B5);
  const tenSbits = S2 + 1 + bits5(S5 + 1);
  const kind: Arithmetic = Bbits < 64 && tenSbits < 64 ? (Bbits < 32 && tenSbits < 32 ? 'int' : 'long') : 'big';
  const w = wrapper(kind);
  // The int path narrows the significand to an int first; the powers come from tables of that width.
  let b = w(w((kind === 'int' ? BigInt.asIntN(32, significand) : significand) * pow5(B5)) << BigInt(B2));
  const s = w(pow5(S5) << BigInt(S2));
  let m = w(pow5(M5) << BigInt(M2));
  const tens = w(s * 10n);
  // The multi-word path stops when b + m reaches 10s; the int and long paths only when they pass it.
  const isHigh = (bv: bigint, mv: bigint) => (kind === 'big' ? tens <= bv + mv : w(bv + mv) > tens);
  const digits: number[] = [];
  let q = Number(b / s);
  b = w(10n * w(b % s));
  m = w(m * 10n);
  let low = b < m;
  let high = isHigh(b, m);
  if (q === 0 && !high)
    decExp--; // the estimate was one too high
  else digits.push(q);
  // Java prints at least one digit after the point, so E-form output needs a second digit.
  if (decExp < -3 || decExp >= 8) high = low = false;
  while (!low && !high) {
    q = Number(b / s);
    b = w(10n * w(b % s));
    m = w(m * 10n);
    if (kind === 'big' || m > 0n) {
      low = b < m;
      high = isHigh(b, m);
    } else {
      low = high = true; // the int/long M overflowed: Java takes it as past both bounds
    }
    digits.push(q);
  }
  const result: Digits = { digits, decExponent: decExp + 1 };
  if (high) {
    if (low) {
      // Both neighbours are in reach: the nearer wins, a tie goes to an even last digit.
      const lowDigitDifference = kind === 'big' ? (b * 2n > tens ? 1n : b * 2n < tens ? -1n : 0n) : w(w(b << 1n) - tens);
      if (lowDigitDifference === 0n) {
        if (digits[digits.length - 1] % 2 !== 0) roundUp(result);
      } else if (lowDigitDifference > 0n) roundUp(result);
    } else roundUp(result);
  }
  return result;
}

/** FloatingDecimal's layout: plain from 10^-3 up to 10^7, else d.dddE±n, always a digit after the point. */
function layout(negative: boolean, { digits, decExponent }: Digits): string {
  const text = digits.join('');
  const sign = negative ? '-' : '';
  if (decExponent > 0 && decExponent < 8) {
    const whole = text.slice(0, decExponent).padEnd(decExponent, '0');
    return `${sign}${whole}.${text.slice(decExponent) || '0'}`;
  }
  if (decExponent <= 0 && decExponent > -3) return `${sign}0.${'0'.repeat(-decExponent)}${text}`;
  return `${sign}${text[0]}.${text.slice(1) || '0'}E${decExponent - 1}`;
}

function special(d: number): string | undefined {
  if (Number.isNaN(d)) return 'NaN';
  if (!Number.isFinite(d)) return d > 0 ? 'Infinity' : '-Infinity';
  if (d === 0) return Object.is(d, -0) ? '-0.0' : '0.0';
  return undefined;
}

/** Java 11-18's Double.toString(d) (what Jackson's asText prints for a JSON number with a fraction or exponent). */
export function javaDoubleToString(d: number): string {
  const fixed = special(d);
  if (fixed !== undefined) return fixed;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, d);
  const raw = view.getBigUint64(0);
  let fractBits = raw & 0xfffffffffffffn;
  let binExp = Number((raw >> 52n) & 0x7ffn);
  let nSignificantBits: number;
  if (binExp === 0) {
    // Subnormal: shift the leading one into place; fewer bits are significant.
    const bitLength = fractBits.toString(2).length;
    const shift = EXP_SHIFT + 1 - bitLength;
    fractBits <<= BigInt(shift);
    binExp = 1 - shift;
    nSignificantBits = bitLength;
  } else {
    fractBits |= 1n << 52n;
    nSignificantBits = EXP_SHIFT + 1;
  }
  return layout(raw >> 63n === 1n, dtoa(binExp - 1023, fractBits, nSignificantBits));
}

/** Java 11-18's Float.toString(f) for a value that is a float (Math.fround(f) === f). */
export function javaFloatToString(f: number): string {
  const fixed = special(f);
  if (fixed !== undefined) return fixed;
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, f);
  const raw = view.getUint32(0);
  let fractBits = BigInt(raw & 0x7fffff);
  let binExp = (raw >>> 23) & 0xff;
  let nSignificantBits: number;
  if (binExp === 0) {
    const bitLength = fractBits.toString(2).length;
    const shift = 24 - bitLength;
    fractBits <<= BigInt(shift);
    binExp = 1 - shift;
    nSignificantBits = bitLength;
  } else {
    fractBits |= 1n << 23n;
    nSignificantBits = 24;
  }
  return layout(raw >>> 31 === 1, dtoa(binExp - 127, fractBits << 29n, nSignificantBits));
}
