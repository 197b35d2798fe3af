import { randomUUID } from 'node:crypto';
import { fakerEN, type Faker } from '@faker-js/faker';
import type { TableField } from '../../modules/registry/table-schema';
import { formatDate } from '../../modules/registry/simple-date-format';
import type { ProducerTable } from './tables';

/** A record as Kafka gets it. The key is repeated inside the value: SQL cannot see keys. */
export interface GeneratedRecord {
  readonly key: string;
  readonly value: string;
}

export type RecordGenerator = (now: Date) => GeneratedRecord;
type Scalar = string | number | boolean;

/** A realistic order: a JSON-string array of items, as the connector needs nested values. */
function order(faker: Faker): Record<string, Scalar> {
  const items = Array.from({ length: faker.number.int({ min: 1, max: 4 }) }, () => ({
    product_id: faker.number.int({ min: 1, max: 9999 }),
    quantity: faker.number.int({ min: 1, max: 10 }),
  }));
  return {
    order_id: randomUUID(), // node's, several times faster than faker's at producer rates
    user_id: `u${faker.number.int({ min: 1, max: 1000 }).toString(36).padStart(3, '0')}`,
    items: JSON.stringify(items),
  };
}

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
function valueFor(field: TableField, faker: Faker, now: Date): Scalar {
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

/**
 * Makes records for one table that read back exactly as the schema says:
 * temporal fields formatted by their formatHint, nested values as JSON strings,
 * never a null value, the key (first `*_id` field, else the first field) also
 * in the value.
 */
export function generatorFor(table: ProducerTable, faker: Faker = fakerEN): RecordGenerator {
  const { fields, dataFormat } = table.document.message;
  const keyField = fields.find((f) => /(^|_)id$/i.test(f.name)) ?? fields[0];
  const realistic = table.table === 'orders' ? order : undefined;
  const width = dataFormat === 'csv' ? Math.max(...fields.map((f) => Number(f.mapping))) + 1 : 0;

  return (now) => {
    const base = realistic?.(faker) ?? {};
    const values = fields.map((f) => {
      const temporal = ['DATE', 'TIMESTAMP'].includes(f.type.toUpperCase());
      const v = !temporal && f.mapping in base ? base[f.mapping] : valueFor(f, faker, now);
      return { field: f, value: v };
    });
    const key = String(values.find((v) => v.field === keyField)!.value);
    if (dataFormat === 'csv') {
      const columns: string[] = Array.from({ length: width }, () => '');
      for (const { field, value } of values) columns[Number(field.mapping)] = String(value).replace(/[,\n]/g, ' ');
      return { key, value: columns.join(',') };
    }
    return { key, value: JSON.stringify(Object.fromEntries(values.map(({ field, value }) => [field.mapping, value]))) };
  };
}
