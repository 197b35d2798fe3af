/*
 * The kinds of loss verify names (losses.ts): a module of their own, so the tally
 * (record-tally.ts) and the checks (record-check.ts) can name a kind without
 * importing the verdict, which reads the tally.
 */

/** The kinds of loss, each with what Athena does with such a value. */
export const LOSS_KINDS = {
  nested: 'a nested object or array: Athena shows "" (false in a BOOLEAN column, NULL in a number or date column)',
  'json-null': 'a JSON null shown as a value: the text "null" in a VARCHAR column, false in a BOOLEAN column',
  'not-boolean': 'a value other than true or false in a BOOLEAN column: Athena shows false',
  'out-of-range': "a whole number beyond the column's type: Athena shows NULL",
  'unparsed-number': "a value the number column's parser refuses (text, a fraction in a whole-number column): Athena shows NULL",
  'unparsed-date': 'a date or time the formatHint does not parse: Athena shows NULL',
  'misread-date': 'a date or time Java reads as another one (rolled over, Julian, a two-digit year under yyyy, fraction digits)',
  reformatted: "a value a VARCHAR column shows as other text (a JSON number as Java prints it, an Avro or Protobuf value as Java's text)",
  'csv-split': 'a quoted comma in a CSV record: the connector splits on it, so later columns shift',
  'proto3-default': 'a proto3 field at its default (0, "", false, the first enum value): Athena shows NULL',
  unsigned: 'an unsigned Protobuf number above the signed range: Athena shows it negative',
  other: 'any other value Athena shows otherwise than written',
} as const;

export type LossKind = keyof typeof LOSS_KINDS;

export const isLossKind = (s: string): s is LossKind => Object.prototype.hasOwnProperty.call(LOSS_KINDS, s);
