import type { TableSchemaDocument } from '../../modules/registry/table-schema';

/** Written beside the bundle at synth time from schemas/, so the code and the tables it fills ship together. */
export const TABLES_FILE = 'tables.json';

/** One table the producer writes sample records for: its topic and its connector schema. */
export interface ProducerTable {
  readonly registry: string;
  readonly table: string;
  readonly topic: string;
  readonly document: TableSchemaDocument;
}

/** Producer tables from the validated schema folder. */
export function producerTables(registries: readonly { name: string; tables: readonly { table: string; document: TableSchemaDocument }[] }[]): ProducerTable[] {
  return registries.flatMap((r) => r.tables.map((t) => ({ registry: r.name, table: t.table, topic: t.document.topicName, document: t.document })));
}
