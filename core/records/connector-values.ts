import { isLosslessNumber, parse as parseLossless, type LosslessNumber } from 'lossless-json';
import { javaDoubleToString } from './java-double';
import { dateText, MS_PER_DAY, timestampText } from './java-calendar';
import { parseDate, type ParseResult } from './simple-date-format';
import { DIGIT, digitValue } from './java-digits';

/*
 * What the Athena MSK connector (athena-msk, MskJsonDeserializer,
 * MskCsvDeserializer, MskDeserializer.cast, and the SDK's BlockUtils) makes of
 * one record value, field by field, on the JVM's rules, checked against the JVM
 * itself in the integration suite:
 * - JSON: Jackson reads the record into a JsonNode and takes asText() of the
 *   top-level key; a missing key, or a record that is not a JSON object, is NULL.
 * - CSV: String.split(",") (no quoting; trailing empty columns dropped), each
 *   column String.trim()'d; a missing column is NULL.
 * - The text is then converted by the column type with Java's parsers; any
 *   exception leaves the column NULL.
 */

/** A field's text before conversion: undefined when the connector finds none (NULL). */
export type FieldText = string | undefined;

/** What Athena shows in a column: null, or the converted value. */
export type AthenaValue = null | string | boolean | bigint | number | { readonly epochMillis: number } | { readonly epochDay: number };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type JsonValue = null | boolean | string | LosslessNumber | JsonValue[] | { [key: string]: any };

export { javaDoubleToString };

/** Jackson's JsonNode.asText() of a parsed value. */
export function jacksonText(value: JsonValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return value;
  if (isLosslessNumber(value)) {
    const text = (value as LosslessNumber).value;
    // Integers become Int/Long/BigInteger nodes (exact digits); anything with a
    // fraction or exponent a DoubleNode, printed with Double.toString.
    if (/^-?\d+$/.test(text)) return BigInt(text).toString();
    return javaDoubleToString(Number(text));
  }
  return ''; // objects and arrays
}

/**
 * Parses a record as Jackson's ObjectMapper.readValue does: numbers kept exact,
 * the last of duplicate keys wins, text after the first value ignored.
 * Undefined when it is not JSON.
 */
export function parseJsonRecord(text: string): JsonValue | undefined {
  const options = { onDuplicateKey: ({ newValue }: { newValue: unknown }) => newValue };
  try {
    return parseLossless(text, undefined, options) as JsonValue;
  } catch (err) {
    const end = /Expected end of input .* at position (\d+)/.exec((err as Error).message)?.[1];
    if (end === undefined) return undefined;
    try {
      return parseLossless(text.slice(0, Number(end)), undefined, options) as JsonValue;
    } catch {
      return undefined;
    }
  }
}

/** Java's String.trim(): every character up to U+0020 off both ends. */
// eslint-disable-next-line no-control-regex -- Java's trim is defined on exactly these control characters
export const javaTrim = (s: string) => s.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');

/** The columns of a CSV record as the connector splits them. */
export function csvColumns(value: string): string[] {
  if (value === '') return [''];
  const parts = value.split(',');
  // Java's split(",") drops trailing empty strings, all of them for a record made only of commas (but keeps a lone "" for "").
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts.map(javaTrim);
}

const INTEGER_BITS: Record<string, bigint> = { TINYINT: 8n, SMALLINT: 16n, INT: 32n, INTEGER: 32n, BIGINT: 64n };

/** Byte/Short/Integer/Long.parseX: optional sign, decimal digits (any script), in range; else undefined. */
export function javaParseInteger(text: string, type: string): bigint | undefined {
  if (!/^[+-]?\p{Nd}+$/u.test(text)) return undefined;
  const ascii = [...text].map((c) => (DIGIT.test(c) ? String(digitValue(c)) : c)).join('');
  const n = BigInt(ascii);
  const half = 1n << (INTEGER_BITS[type] - 1n);
  return n >= -half && n < half ? n : undefined;
}

const DECIMAL_FLOAT = /^[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fFdD]?)$/;
const HEX_FLOAT = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)[fFdD]?$/;

/** Double.parseDouble: trims, takes NaN, Infinity, exponents, a d/f suffix and hex floats; else undefined. */
export function javaParseDouble(raw: string): number | undefined {
  const text = javaTrim(raw);
  const hex = HEX_FLOAT.exec(text);
  if (hex && (hex[2] || hex[3])) {
    const mantissa = parseInt(`${hex[2] || '0'}${hex[3]}`, 16) / 16 ** hex[3].length;
    return (hex[1] === '-' ? -1 : 1) * mantissa * 2 ** Number(hex[4]);
  }
  if (!DECIMAL_FLOAT.test(text)) return undefined;
  const body = text.replace(/[fFdD]$/, '');
  if (/NaN$/.test(body)) return NaN;
  return Number(body);
}

export interface Conversion {
  readonly value: AthenaValue;
  /** Why the value is NULL, when it is. */
  readonly why?: string;
  /** Set when the date parser rolled a field over or read a fraction as milliseconds. */
  readonly misread?: string;
}

/** MskDeserializer.cast, then BlockUtils' write into the column's Arrow type. */
export function convert(type: string, formatHint: string | undefined, text: string): Conversion {
  switch (type.toUpperCase()) {
    case 'BOOLEAN':
      return { value: text.toLowerCase() === 'true' };
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
    case 'INTEGER':
    case 'BIGINT': {
      const n = javaParseInteger(text, type.toUpperCase());
      return n === undefined
        ? { value: null, why: `${JSON.stringify(text)} is not a whole number within ${type.toUpperCase()} for Java's parser` }
        : { value: n };
    }
    case 'DOUBLE':
    case 'DECIMAL': {
      const d = javaParseDouble(text);
      return d === undefined ? { value: null, why: `${JSON.stringify(text)} is not a number for Double.parseDouble` } : { value: d };
    }
    case 'DATE':
    case 'TIMESTAMP': {
      const parsed = parseDate(text, formatHint!);
      if (!parsed.ok) {
        const epoch = /^\d{9,}$/.test(text) ? ' (an epoch number: type the field BIGINT)' : '';
        return { value: null, why: `${JSON.stringify(text)} does not match "${formatHint}" (${parsed.reason})${epoch}` };
      }
      const ms = parsed.date.getTime();
      return { value: toColumn(type, ms), misread: dateMisread(text, type, parsed) };
    }
    default:
      return { value: text };
  }
}

/** BlockUtils' write of a parsed instant: DATEDAY gets Duration.ofMillis(ms).toDays() (toward zero), DATEMILLI the millis. */
function toColumn(type: string, ms: number): AthenaValue {
  return type.toUpperCase() === 'DATE' ? { epochDay: Math.trunc(ms / MS_PER_DAY) } : { epochMillis: ms };
}

/** Why Athena shows another date or time than the text says, or undefined when it shows that one. */
function dateMisread(text: string, type: string, parsed: Extract<ParseResult, { ok: true }>): string | undefined {
  const quoted = JSON.stringify(text);
  const ms = parsed.date.getTime();
  const isDate = type.toUpperCase() === 'DATE';
  const shown = isDate ? dateText(Math.trunc(ms / MS_PER_DAY)) : timestampText(ms);
  if (parsed.skippedDay) return `${quoted} is one of the ten days Java's calendar skips (1582-10-05..14); Java reads it as Julian: Athena shows ${shown}`;
  if (parsed.rolledOver) return `${quoted} is out of range; Java rolls it over: Athena shows ${shown}`;
  if (parsed.literalYear !== undefined) {
    return `${quoted}: yyyy takes "${parsed.literalYear}" as the year ${parsed.literalYear} (only yy reads two digits as a recent year); Athena shows ${shown}`;
  }
  if (parsed.julian) return `${quoted} is before 1582-10-15, where Java's calendar is Julian: Athena shows ${shown}`;
  if (parsed.fractionDigits !== undefined && parsed.fractionDigits !== 3) {
    const digits = parsed.fractionDigits;
    return `${quoted}: S counts milliseconds, so ${digits} fraction digit${
      digits === 1 ? '' : 's'
    } read as ${parsed.date.getUTCMilliseconds()} ms; write exactly 3`;
  }
  if (isDate && Math.trunc(ms / MS_PER_DAY) !== Math.floor(ms / MS_PER_DAY))
    return `${quoted} is before 1970 with a time of day; the connector truncates it to the next day`;
  return undefined;
}
