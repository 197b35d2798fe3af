import { randomUUID } from 'node:crypto';
import type { Faker } from '@faker-js/faker';
import { formatDate } from '../../core/records/simple-date-format';
import type { ColumnType } from '../../core/tables/columns';
import { DEFAULT_ITEMS, type JsonShape, type SampleHint } from '../../core/tables/sample-hint';
import type { TableField } from '../../core/tables/table-schema';

export type Scalar = string | number | boolean;

/**
 * The formatHint with every S run of fewer than 3 letters widened to SSS. S counts
 * milliseconds: "S" formats 7 ms as ".7", which people (and verify) read as 700 ms.
 * Three digits parse back to the same instant with any S width.
 */
function threeDigitFraction(hint: string): string {
  return hint
    .split("'")
    .map((part, i) => (i % 2 === 0 ? part.replace(/(?<!S)S{1,2}(?!S)/g, 'SSS') : part))
    .join("'");
}

/** A value for a field without a sample hint, from its type (and generic name rules: ids, emails, names, percentages). */
export function valueFor(field: Pick<TableField, 'name' | 'type' | 'formatHint'>, faker: Faker, now: Date): Scalar {
  const type = field.type.toUpperCase();
  const name = field.name.toLowerCase();
  switch (type) {
    case 'BOOLEAN':
      return faker.datatype.boolean({ probability: 0.9 });
    case 'TINYINT':
      return faker.number.int({ min: 0, max: 127 });
    case 'SMALLINT':
      return faker.number.int({ min: 0, max: 32_767 });
    case 'INT':
    case 'INTEGER':
      return faker.number.int({ min: 0, max: name.includes('pct') || name.includes('percent') ? 100 : 1_000_000 });
    case 'BIGINT':
      return /epoch|_ms$|millis|time/.test(name) ? now.getTime() : faker.number.int({ min: 1, max: 1e12 });
    case 'DOUBLE':
    case 'DECIMAL':
      return name.includes('temp')
        ? faker.number.float({ min: -10, max: 40, fractionDigits: 1 })
        : faker.number.float({ min: 0, max: 1000, fractionDigits: 2 });
    case 'DATE':
    case 'TIMESTAMP':
      return formatDate(now, threeDigitFraction(field.formatHint!));
    default:
      if (/(^|_)id$/.test(name)) return randomUUID(); // node's, several times faster than faker's at producer rates
      if (name.includes('email')) return faker.internet.email();
      if (name.includes('name')) return faker.person.fullName().replace(/,/g, '');
      if (name.includes('country')) return faker.location.countryCode();
      if (/items|json|payload|attributes|tags/.test(name)) return JSON.stringify([{ tag: faker.word.noun() }]);
      return faker.word.noun();
  }
}

type JsonValue = Scalar | JsonValue[] | { [key: string]: JsonValue };

/** A value as a JSON shape or leaf hint describes it (checked at synthesis: see core/tables/sample-hint.ts). */
function shapeValue(shape: JsonShape, faker: Faker, decimals: number): JsonValue {
  if ('object' in shape) return Object.fromEntries(Object.entries(shape.object).map(([k, inner]) => [k, shapeValue(inner, faker, 0)]));
  if ('array' in shape) {
    const length = faker.number.int({ min: shape.minItems ?? DEFAULT_ITEMS.min, max: shape.maxItems ?? Math.max(DEFAULT_ITEMS.max, shape.minItems ?? 0) });
    return Array.from({ length }, () => shapeValue(shape.array, faker, 0));
  }
  if ('values' in shape) return faker.helpers.arrayElement(shape.values);
  if ('pattern' in shape) return faker.helpers.replaceSymbols(shape.pattern);
  if ('faker' in shape) {
    const [module, method] = shape.faker.split('.');
    return (faker as unknown as Record<string, Record<string, () => Scalar>>)[module][method]();
  }
  const digits = shape.decimals ?? decimals;
  return digits > 0 ? faker.number.float({ min: shape.min, max: shape.max, fractionDigits: digits }) : faker.number.int({ min: shape.min, max: shape.max });
}

/**
 * A value for a field with a sample hint, typed for its column: text for VARCHAR
 * (JSON shapes as JSON text), numbers with two decimals on DOUBLE columns unless
 * the hint says otherwise.
 */
export function hintedValue(hint: SampleHint, column: ColumnType, faker: Faker): Scalar {
  if ('json' in hint) return JSON.stringify(shapeValue(hint.json, faker, 0));
  const value = shapeValue(hint, faker, column === 'double' || column === 'real' ? 2 : 0) as Scalar;
  return column === 'varchar' ? String(value) : value;
}
