/** Java's Character.isDigit: any Unicode decimal digit (Nd), not only ASCII; Java's number and date parsers accept them all. */
export const DIGIT = /\p{Nd}/u;

/** Character.digit(c, 10) for any Unicode decimal digit: its place in its run of ten. */
export function digitValue(c: string): number {
  let cp = c.codePointAt(0)!;
  let steps = 0;
  while (DIGIT.test(String.fromCodePoint(cp - 1))) {
    cp--;
    steps++;
  }
  return steps % 10;
}
