import { fakerEN, type Faker } from '@faker-js/faker';
import type { DocumentTable } from '../../core/tables/schema-folder';
import type { RecordGenerator } from './record-generator';
import { avroGenerator, protobufGenerator } from './registry-records';
import { hintedValue, valueFor } from './sample-values';
import type { ProducerTable } from '../../core/tables/producer-tables';
import { connectorColumnType } from '../../core/tables/columns';

/**
 * Makes records for one table that read back exactly as the schema says:
 * temporal fields formatted by their formatHint, nested values as JSON strings,
 * never a null value, the key (first `*_id` field, else the first field) also
 * in the value. Values come from the schema alone: a field's sample hint where
 * it has one, else its type. Avro and Protobuf records: see registry-records.ts.
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
  const width = dataFormat === 'csv' ? Math.max(...fields.map((f) => Number(f.mapping))) + 1 : 0;
  const makers = fields.map((f) => {
    const hint = table.samples?.[f.name];
    const column = connectorColumnType(f.type);
    return hint ? () => hintedValue(hint, column, faker) : (now: Date) => valueFor(f, faker, now);
  });

  return (now) => {
    const values = fields.map((field, i) => ({ field, value: makers[i](now) }));
    const key = String(values.find((v) => v.field === keyField)!.value);
    if (dataFormat === 'csv') {
      const columns: string[] = Array.from({ length: width }, () => '');
      for (const { field, value } of values) columns[Number(field.mapping)] = String(value).replace(/[,\n]/g, ' ');
      return { key, value: columns.join(',') };
    }
    return { key, value: JSON.stringify(Object.fromEntries(values.map(({ field, value }) => [field.mapping, value]))) };
  };
}
