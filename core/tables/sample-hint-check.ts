import type { ColumnType } from './columns';
import { fakerProblems } from './faker-hint';
import { DEFAULT_ITEMS } from './sample-hint';
import type { HintProblem, Kind, LeafTarget } from './sample-hint-target';

/*
 * Whether a field's sample hint (sample-hint.ts) fits its column: every value
 * the producer writes must read back as the connector reads that type, and a
 * csv value must hold no comma (the connector splits records on every one).
 */

const MAX_ITEMS = 100;
const MAX_DECIMALS = 6;

const FORMS = '{"faker": "internet.email"}, {"values": ["a", "b"]}, {"min": 1, "max": 10}, {"pattern": "u###"} or {"json": {...}}';
const SHAPE_FORMS =
  '{"object": {"key": ...}}, {"array": ..., "minItems": 1, "maxItems": 3}, {"faker": ...}, {"values": [...]}, {"min": ..., "max": ...} or {"pattern": ...}';
const PATTERN_HELP = '# a digit, ? a letter, * a letter or digit, e.g. "u###"';

/** Whole numbers each integer column holds (Java's parsers; BIGINT within what a JavaScript number holds exactly). */
const INTEGER_RANGE: Partial<Record<ColumnType, readonly [number, number]>> = {
  tinyint: [-128, 127],
  smallint: [-32_768, 32_767],
  integer: [-2_147_483_648, 2_147_483_647],
  bigint: [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

function kindOf(column: ColumnType): Kind {
  if (column in INTEGER_RANGE) return 'integer';
  if (column === 'real' || column === 'double') return 'decimal';
  if (column === 'date' || column === 'timestamp') return 'temporal';
  return column === 'boolean' ? 'boolean' : 'text';
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const LEAF_KEYS = ['faker', 'values', 'min', 'max', 'decimals', 'pattern'];
const show = (v: unknown) => JSON.stringify(v);

/** The column a hint feeds: its Athena type, and whether the table is csv (split on every comma). */
export interface SampleTarget {
  readonly column: ColumnType;
  readonly csv: boolean;
}

/** Everything wrong with one field's hint; empty when the producer can use it. */
export function sampleHintProblems(hint: unknown, target: SampleTarget): HintProblem[] {
  const kind = kindOf(target.column);
  const column = target.column.toUpperCase();
  if (kind === 'temporal') {
    return [{ at: '', problem: `is not used: ${column} values are the record's time, written in the field's formatHint`, fix: 'remove it' }];
  }
  if (!isObject(hint)) return [{ at: '', problem: `expected an object, got ${show(hint)}`, fix: `write one of ${FORMS}` }];
  if ('json' in hint) {
    const others = Object.keys(hint).filter((k) => k !== 'json');
    if (others.length > 0)
      return others.map((k) => ({ at: `.${k}`, problem: 'is not allowed beside "json"', fix: 'remove it: "json" describes the whole value' }));
    if (kind !== 'text')
      return [
        { at: '.json', problem: `writes JSON text, and the column is ${column}`, fix: 'type the field VARCHAR, or describe the number or boolean itself' },
      ];
    if (target.csv) {
      return [
        {
          at: '.json',
          problem: 'writes JSON text, which holds commas, and the connector splits csv records on every comma',
          fix: 'use a json table for JSON values, or values/pattern here',
        },
      ];
    }
    return shapeProblems(hint.json, '.json');
  }
  return leafProblems(hint, '', { kind, column, csv: target.csv, range: INTEGER_RANGE[target.column] });
}

function leafProblems(hint: Record<string, unknown>, at: string, target: LeafTarget): HintProblem[] {
  const unknown = Object.keys(hint).filter((k) => !LEAF_KEYS.includes(k));
  if (unknown.length > 0) {
    return unknown.map((k) => ({
      at: `${at}.${k}`,
      problem: 'unknown key',
      fix: target.kind === 'json' ? `write one of ${SHAPE_FORMS}` : `write one of ${FORMS}`,
    }));
  }
  const kinds = [...['faker', 'values', 'pattern'].filter((k) => k in hint), ...('min' in hint || 'max' in hint ? ['range'] : [])];
  if (kinds.length !== 1) {
    const problem = kinds.length === 0 ? 'says nothing about the values' : `mixes ${kinds.map((k) => (k === 'range' ? 'min/max' : `"${k}"`)).join(' and ')}`;
    return [{ at, problem, fix: `write one of ${target.kind === 'json' ? SHAPE_FORMS : FORMS}` }];
  }
  if ('decimals' in hint && kinds[0] !== 'range') return [{ at: `${at}.decimals`, problem: 'belongs to a min/max range', fix: 'remove it' }];
  if (kinds[0] === 'faker') return fakerProblems(hint.faker, `${at}.faker`, target);
  if (kinds[0] === 'values') return valuesProblems(hint.values, `${at}.values`, target);
  if (kinds[0] === 'pattern') return patternProblems(hint.pattern, `${at}.pattern`, target);
  return rangeProblems(hint, at, target);
}

function valuesProblems(values: unknown, at: string, target: LeafTarget): HintProblem[] {
  if (!Array.isArray(values) || values.length === 0)
    return [{ at, problem: `expected a non-empty list, got ${show(values)}`, fix: 'list the values to pick from, e.g. ["a", "b"]' }];
  return values.flatMap((v, i): HintProblem[] => {
    const problem = scalarProblem(v, target);
    return problem ? [{ at: `${at}[${i}]`, ...problem }] : [];
  });
}

/** Why a listed value does not fit its column, with the fix. */
function scalarProblem(v: unknown, target: LeafTarget): { problem: string; fix: string } | undefined {
  switch (target.kind) {
    case 'json':
      return ['string', 'number', 'boolean'].includes(typeof v)
        ? undefined
        : { problem: `${show(v)} is not a string, number or boolean`, fix: 'describe nested values with "object" or "array"' };
    case 'boolean':
      return typeof v === 'boolean' ? undefined : { problem: `${show(v)} is not a BOOLEAN value`, fix: 'write true or false' };
    case 'decimal':
      return typeof v === 'number' ? undefined : { problem: `${show(v)} is not a ${target.column} value`, fix: 'write numbers, such as 12.5' };
    case 'integer': {
      const [lo, hi] = target.range!;
      return Number.isInteger(v) && (v as number) >= lo && (v as number) <= hi
        ? undefined
        : { problem: `${show(v)} is not a ${target.column} value`, fix: `write whole numbers from ${lo} to ${hi}` };
    }
    default:
      if (typeof v !== 'string')
        return { problem: `${show(v)} is not text, and the column is ${target.column}`, fix: `write it as a string: ${show(String(v))}` };
      return target.csv && /[,\n]/.test(v)
        ? { problem: `${show(v)} holds a comma or line break, and the connector splits csv records on them`, fix: 'leave them out' }
        : undefined;
  }
}

function patternProblems(pattern: unknown, at: string, target: LeafTarget): HintProblem[] {
  if (target.kind !== 'text' && target.kind !== 'json') return [{ at, problem: `makes text, and the column is ${target.column}`, fix: numberFix(target) }];
  if (typeof pattern !== 'string' || pattern === '') return [{ at, problem: `expected a pattern, got ${show(pattern)}`, fix: `write one: ${PATTERN_HELP}` }];
  if (target.csv && /[,\n]/.test(pattern))
    return [{ at, problem: `${show(pattern)} holds a comma or line break, and the connector splits csv records on them`, fix: 'leave them out' }];
  return [];
}

const numberFix = (target: LeafTarget) =>
  target.kind === 'boolean' ? 'use {"values": [true, false]}' : `use {"min": ..., "max": ...} or {"values": [...]} with ${target.column} values`;

function rangeProblems(hint: Record<string, unknown>, at: string, target: LeafTarget): HintProblem[] {
  if (target.kind === 'text' || target.kind === 'boolean') {
    return [
      {
        at,
        problem: `a min/max range makes numbers, and the column is ${target.column}`,
        fix: target.kind === 'boolean' ? 'use {"values": [true, false]}' : 'use values, pattern or faker for text, or type the field as a number',
      },
    ];
  }
  const problems: HintProblem[] = [];
  for (const bound of ['min', 'max'] as const) {
    const v = hint[bound];
    if (v === undefined) problems.push({ at: `${at}.${bound}`, problem: 'is missing', fix: 'give both ends of the range, min and max' });
    else if (typeof v !== 'number') problems.push({ at: `${at}.${bound}`, problem: `expected a number, got ${show(v)}`, fix: 'write a number without quotes' });
    else if (target.kind === 'integer' && !Number.isInteger(v))
      problems.push({ at: `${at}.${bound}`, problem: `${v} is not a whole number, and the column is ${target.column}`, fix: 'use whole numbers' });
    else if (target.range && (v < target.range[0] || v > target.range[1])) {
      problems.push({ at: `${at}.${bound}`, problem: `${v} is outside what ${target.column} holds`, fix: `use ${target.range[0]} to ${target.range[1]}` });
    }
  }
  if (problems.length === 0 && (hint.min as number) > (hint.max as number))
    problems.push({ at: `${at}.max`, problem: `${show(hint.max)} is below min ${show(hint.min)}`, fix: 'make max at least min' });
  if ('decimals' in hint) {
    const d = hint.decimals;
    if (target.kind === 'integer') problems.push({ at: `${at}.decimals`, problem: `makes fractions, and the column is ${target.column}`, fix: 'remove it' });
    else if (!Number.isInteger(d) || (d as number) < 0 || (d as number) > MAX_DECIMALS)
      problems.push({
        at: `${at}.decimals`,
        problem: `expected a whole number from 0 to ${MAX_DECIMALS}, got ${show(d)}`,
        fix: 'give the digits after the point, e.g. 2',
      });
  }
  return problems;
}

function shapeProblems(shape: unknown, at: string): HintProblem[] {
  if (!isObject(shape)) return [{ at, problem: `expected an object, got ${show(shape)}`, fix: `write one of ${SHAPE_FORMS}` }];
  if ('object' in shape) {
    const extra = Object.keys(shape).filter((k) => k !== 'object');
    if (extra.length > 0)
      return extra.map((k) => ({ at: `${at}.${k}`, problem: 'is not allowed beside "object"', fix: 'put the keys of the JSON object inside "object"' }));
    const props = shape.object;
    if (!isObject(props) || Object.keys(props).length === 0)
      return [
        {
          at: `${at}.object`,
          problem: `expected the object's keys with a shape each, got ${show(props)}`,
          fix: 'write e.g. {"object": {"qty": {"min": 1, "max": 9}}}',
        },
      ];
    return Object.entries(props).flatMap(([key, inner]) => shapeProblems(inner, `${at}.object.${key}`));
  }
  if ('array' in shape) {
    const problems: HintProblem[] = Object.keys(shape)
      .filter((k) => !['array', 'minItems', 'maxItems'].includes(k))
      .map((k) => ({ at: `${at}.${k}`, problem: 'unknown key', fix: 'an array takes "array" (the shape of each item), "minItems" and "maxItems"' }));
    const count = (k: 'minItems' | 'maxItems', fallback: number) => {
      const v = shape[k] ?? fallback;
      if (Number.isInteger(v) && (v as number) >= 0 && (v as number) <= MAX_ITEMS) return v as number;
      problems.push({
        at: `${at}.${k}`,
        problem: `expected a whole number from 0 to ${MAX_ITEMS}, got ${show(v)}`,
        fix: `give the number of items, e.g. ${fallback}`,
      });
      return undefined;
    };
    const lo = count('minItems', DEFAULT_ITEMS.min);
    const hi = count('maxItems', Math.max(DEFAULT_ITEMS.max, lo ?? 0));
    if (lo !== undefined && hi !== undefined && lo > hi)
      problems.push({ at: `${at}.maxItems`, problem: `${hi} is below minItems ${lo}`, fix: 'make maxItems at least minItems' });
    return [...problems, ...shapeProblems(shape.array, `${at}.array`)];
  }
  return leafProblems(shape, at, { kind: 'json', column: 'JSON', csv: false });
}
