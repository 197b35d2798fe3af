/*
 * `sample`: an optional per-field hint for the values the sample producer
 * writes, so realistic data comes from the schema file, for any table. It is
 * read by the producer only: schema-folder.ts strips it from what Glue gets.
 * Without a hint a field's values follow its type (and a few generic name rules).
 * Checked by sample-hint-check.ts.
 */

export type SampleScalar = string | number | boolean;

/** Values for one column, or one value inside a JSON shape. */
export type SampleLeaf =
  /** A faker method called without arguments, e.g. "internet.email". */
  | { readonly faker: string }
  /** One of these, picked at random. */
  | { readonly values: readonly SampleScalar[] }
  /** A number from min to max; whole unless `decimals` (DOUBLE columns: 2 unless given). */
  | { readonly min: number; readonly max: number; readonly decimals?: number }
  /** Text from a pattern: # a digit, ? a letter, * a letter or digit (faker.helpers.replaceSymbols). */
  | { readonly pattern: string };

/** A JSON value: an object of shapes, an array of one shape, or a leaf. */
export type JsonShape =
  SampleLeaf | { readonly object: Readonly<Record<string, JsonShape>> } | { readonly array: JsonShape; readonly minItems?: number; readonly maxItems?: number };

/** A field's hint: a leaf, or `json` for a VARCHAR field that carries JSON text (read with json_extract in SQL). */
export type SampleHint = SampleLeaf | { readonly json: JsonShape };

/** Array lengths of a JSON shape when the hint names none. */
export const DEFAULT_ITEMS = { min: 1, max: 3 } as const;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A table file's fields without `sample`, key order kept: what Glue and the connector get. */
export function withoutSamples<T>(fields: T): T {
  if (!Array.isArray(fields)) return fields;
  return fields.map((f) => {
    if (!isObject(f) || !('sample' in f)) return f;
    const { sample: _sample, ...rest } = f;
    return rest;
  }) as T;
}
