/*
 * SimpleDateFormat patterns: the tokenizer the schema checks, the formatter and
 * the parser share (java.text.SimpleDateFormat.compile's rules).
 */

/** Pattern letters SimpleDateFormat accepts (Java 8+); any other unquoted ASCII letter throws. */
const PATTERN_LETTERS = new Set('GyYMLwWDdFEuaHkKhmsSzZX');

export type Token = { kind: 'field'; letter: string; count: number } | { kind: 'literal'; text: string };

export class DatePatternError extends Error {
  constructor(
    readonly pattern: string,
    readonly problem: string,
  ) {
    super(`formatHint "${pattern}" ${problem}`);
    this.name = 'DatePatternError';
  }
}

/** Splits a pattern into fields (`yyyy`) and literals (`-`, `'T'`); throws DatePatternError. */
export function tokenize(pattern: string): Token[] {
  if (pattern.trim() === '') throw new DatePatternError(pattern, 'is empty');
  const tokens: Token[] = [];
  const literal = (text: string) => {
    const last = tokens[tokens.length - 1];
    if (last?.kind === 'literal') last.text += text;
    else tokens.push({ kind: 'literal', text });
  };
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === "'") {
      if (pattern[i + 1] === "'") {
        literal("'"); // '' is a literal quote
        i++;
        continue;
      }
      const end = pattern.indexOf("'", i + 1);
      if (end < 0) throw new DatePatternError(pattern, 'has an unterminated quote');
      // Inside quotes, '' is also a quote.
      let j = i + 1;
      let text = '';
      for (; j < pattern.length; j++) {
        if (pattern[j] === "'") {
          if (pattern[j + 1] === "'") {
            text += "'";
            j++;
            continue;
          }
          break;
        }
        text += pattern[j];
      }
      if (j >= pattern.length) throw new DatePatternError(pattern, 'has an unterminated quote');
      literal(text);
      i = j;
      continue;
    }
    if (/[a-zA-Z]/.test(ch)) {
      if (!PATTERN_LETTERS.has(ch)) throw new DatePatternError(pattern, `has the unknown pattern letter '${ch}' at position ${i + 1}`);
      let count = 1;
      while (pattern[i + count] === ch) count++;
      tokens.push({ kind: 'field', letter: ch, count });
      i += count - 1;
      continue;
    }
    literal(ch);
  }
  if (!tokens.some((t) => t.kind === 'field')) throw new DatePatternError(pattern, 'has no date or time letters');
  return tokens;
}

/** The English names SimpleDateFormat formats and parses (the connector's JVM runs in an English locale). */
export const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
export const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
