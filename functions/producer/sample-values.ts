import { randomUUID } from 'node:crypto';
import type { Faker } from '@faker-js/faker';
import { formatDate } from '../../core/records/simple-date-format';
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

/** A value for a field the table-specific generator does not know, from its type and name. */
export function valueFor(field: Pick<TableField, 'name' | 'type' | 'formatHint'>, faker: Faker, now: Date): Scalar {
  const type = field.type.toUpperCase();
  const name = field.name.toLowerCase();
  switch (type) {
    case 'BOOLEAN': return faker.datatype.boolean({ probability: 0.9 });
    case 'TINYINT': return faker.number.int({ min: 0, max: 127 });
    case 'SMALLINT': return faker.number.int({ min: 0, max: 32_767 });
    case 'INT': case 'INTEGER': return faker.number.int({ min: 0, max: name.includes('pct') || name.includes('percent') ? 100 : 1_000_000 });
    case 'BIGINT': return /epoch|_ms$|millis|time/.test(name) ? now.getTime() : faker.number.int({ min: 1, max: 1e12 });
    case 'DOUBLE': case 'DECIMAL':
      return name.includes('temp') ? faker.number.float({ min: -10, max: 40, fractionDigits: 1 }) : faker.number.float({ min: 0, max: 1000, fractionDigits: 2 });
    case 'DATE': case 'TIMESTAMP': return formatDate(now, threeDigitFraction(field.formatHint!));
    default:
      if (/(^|_)id$/.test(name)) return name.startsWith('sensor') ? `sensor-${faker.number.int({ min: 1, max: 50 })}` : randomUUID();
      if (name.includes('email')) return faker.internet.email();
      if (name.includes('name')) return faker.person.fullName().replace(/,/g, '');
      if (name.includes('country')) return faker.location.countryCode();
      if (/items|json|payload|attributes|tags/.test(name)) return JSON.stringify([{ tag: faker.word.noun() }]);
      return faker.word.noun();
  }
}
