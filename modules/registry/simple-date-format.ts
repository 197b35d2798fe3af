/**
 * Pattern letters java.text.SimpleDateFormat accepts (Java 8+). The connector
 * parses DATE and TIMESTAMP values with `new SimpleDateFormat(formatHint)`, which
 * throws on any other unquoted ASCII letter.
 */
const PATTERN_LETTERS = new Set('GyYMLwWDdFEuaHkKhmsSzZX');

/** What is wrong with a SimpleDateFormat pattern, or undefined when Java would accept it. */
export function simpleDateFormatProblem(pattern: string): string | undefined {
  if (pattern.trim() === '') return 'is empty';
  let quoted = false;
  let letters = 0;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === "'") {
      // '' is a literal quote, inside or outside a quoted run.
      if (pattern[i + 1] === "'") {
        i++;
        continue;
      }
      quoted = !quoted;
      continue;
    }
    if (quoted || !/[a-zA-Z]/.test(ch)) continue;
    if (!PATTERN_LETTERS.has(ch)) return `has the unknown pattern letter '${ch}' at position ${i + 1}`;
    letters++;
  }
  if (quoted) return 'has an unterminated quote';
  if (letters === 0) return 'has no date or time letters';
  return undefined;
}
