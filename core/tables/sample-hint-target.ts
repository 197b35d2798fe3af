/*
 * What the checks of a sample hint (sample-hint-check.ts, and faker-hint.ts for
 * its faker methods) take and give: a module of its own, so each check can
 * import these without importing the other.
 */

/** A problem inside one hint: `at` continues the field's path (".values[2]"), empty for the hint itself. */
export interface HintProblem {
  readonly at: string;
  readonly problem: string;
  readonly fix: string;
}

/** What a column holds, as far as the values of a hint go. */
export type Kind = 'text' | 'integer' | 'decimal' | 'boolean' | 'temporal';

/** What one leaf of a hint (faker, values, min/max, pattern) must produce. */
export interface LeafTarget {
  readonly kind: Kind | 'json';
  /** The column type in messages ("JSON" inside a JSON shape). */
  readonly column: string;
  readonly csv: boolean;
  readonly range?: readonly [number, number];
}
