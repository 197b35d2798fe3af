import { checkAvroSchema } from './avro-schema';
import { connectorColumnType, type Column } from './columns';
import { checkProtobufSchema } from './protobuf-schema';

/**
 * The columns of a Glue schema definition as Terraform holds it (data_format,
 * schema_definition), for reading plans; undefined when it cannot be read.
 */
export function columnsOfDefinition(dataFormat: unknown, definition: unknown): Column[] | undefined {
  if (typeof definition !== 'string') return undefined;
  try {
    if (dataFormat === 'AVRO') return checkAvroSchema('plan', definition).columns;
    if (dataFormat === 'PROTOBUF') return checkProtobufSchema('plan', definition).columns;
    const fields = (JSON.parse(definition) as { message?: { fields?: { name: string; type: string }[] } }).message?.fields;
    return Array.isArray(fields)
      ? fields.map((f) => ({ name: String(f.name), type: connectorColumnType(String(f.type)), declared: String(f.type) }))
      : undefined;
  } catch {
    return undefined;
  }
}
