import { isLosslessNumber, parse, type LosslessNumber } from 'lossless-json';
import type { Finding } from '../../core/problems';

/** A record given as a JSON object, numbers kept exact (LosslessNumber). */
export type JsonObject = Record<string, unknown>;

export const isNumber = (v: unknown): v is LosslessNumber => isLosslessNumber(v);
export const isJsonObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v) && !isNumber(v);

/** What a JSON value is, in a message: `the text "abc"`, `the number 1.5`, `an object`. */
export function describeJson(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return `the text ${JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v)}`;
  if (typeof v === 'boolean') return `the boolean ${v}`;
  if (isNumber(v)) return `the number ${v.value}`;
  return Array.isArray(v) ? 'an array' : 'an object';
}

/**
 * One line as one JSON object. Duplicate keys keep the last value, as the
 * connector's Jackson does; text after the object is refused (Jackson would
 * ignore it silently, which hides a line that two records were joined into).
 */
export function parseJsonLine(text: string): { object: JsonObject } | Finding {
  let value: unknown;
  try {
    value = parse(text, undefined, { onDuplicateKey: ({ newValue }: { newValue: unknown }) => newValue });
  } catch (err) {
    const message = (err as Error).message.replace(/ at position (\d+)$/, (_m, p: string) => ` at column ${Number(p) + 1}`);
    const joined = /^Expected end of input/.test((err as Error).message);
    return {
      problem: `is not one JSON value: ${message}`,
      fix: joined ? 'put each record on a line of its own' : 'write one JSON object per line ({"key": value, ...}), keys and text in double quotes',
    };
  }
  if (!isJsonObject(value)) {
    return { problem: `is ${describeJson(value)}, not a JSON object: the connector reads every column of it as NULL`, fix: 'write one JSON object per line' };
  }
  return { object: value };
}

/** The text of a JSON value used as a record key; undefined for null, objects and arrays. */
export function keyText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (isNumber(v)) return v.value;
  return undefined;
}
