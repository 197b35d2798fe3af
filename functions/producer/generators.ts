import { randomUUID } from 'node:crypto';
import { fakerEN, type Faker } from '@faker-js/faker';
import type { DocumentTable } from '../../core/tables/schema-folder';
import { avroGenerator, protobufGenerator } from './registry-records';
import { valueFor, type Scalar } from './sample-values';
import type { ProducerTable } from '../../core/tables/producer-tables';

/** A record as Kafka gets it. The key is repeated inside the value: SQL cannot see keys. */
export interface GeneratedRecord {
  readonly key: string;
  /** Text for JSON and CSV tables; the Glue Schema Registry wire format for Avro and Protobuf. */
  readonly value: string | Buffer;
}

export type RecordGenerator = (now: Date) => GeneratedRecord;

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
 * Makes records for one table that read back exactly as the schema says:
 * temporal fields formatted by their formatHint, nested values as JSON strings,
 * never a null value, the key (first `*_id` field, else the first field) also
 * in the value. Avro and Protobuf records: see registry-records.ts.
 */
export function generatorFor(table: ProducerTable, faker: Faker = fakerEN, schemaVersionId?: string): RecordGenerator {
  if (table.format === 'avro' || table.format === 'protobuf') {
    if (!schemaVersionId) throw new Error(`${table.registry}.${table.table}: ${table.format} records need the Glue schema version id`);
    return table.format === 'avro' ? avroGenerator(table, faker, schemaVersionId) : protobufGenerator(table, faker, schemaVersionId);
  }
  return documentGenerator(table, faker);
}

function documentGenerator(table: DocumentTable, faker: Faker): RecordGenerator {
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
