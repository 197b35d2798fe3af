import { distance } from 'fastest-levenshtein';

/*
 * "Did you mean ...?" for names a person typed: config keys, regions, topic and
 * table names. Only a close candidate is offered: a far one would send the
 * reader after the wrong fix.
 */

/**
 * Edits a typo of `word` may plausibly hold: one for short words (where two
 * edits turn most words into most others), about a third of the length beyond.
 */
export function typoDistance(word: string): number {
  return word.length <= 3 ? 1 : Math.max(2, Math.floor(word.length / 3));
}

const commonPrefix = (a: string, b: string) => {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
};

/**
 * The candidate nearest to `word` (case ignored) within `maxDistance` edits, or
 * undefined when none is that close. Ties go to the longer shared beginning
 * (people mistype inside a word more often than its first letters: us-est-1 is
 * us-east-1, not us-west-1), then to the earlier candidate.
 */
export function closestMatch(word: string, candidates: Iterable<string>, maxDistance = typoDistance(word)): string | undefined {
  const typed = word.toLowerCase();
  let best: { candidate: string; edits: number; prefix: number } | undefined;
  for (const candidate of candidates) {
    const known = candidate.toLowerCase();
    const edits = distance(typed, known);
    if (edits > maxDistance || candidate === word) continue;
    const prefix = commonPrefix(typed, known);
    if (!best || edits < best.edits || (edits === best.edits && prefix > best.prefix)) best = { candidate, edits, prefix };
  }
  return best?.candidate;
}
