import type { RegistryDefinition, TableDefinition } from './schema-folder';

/** Written beside the bundle at synth time from schemas/, so the code and the tables it fills ship together. */
export const TABLES_FILE = 'tables.json';

/** One table the producer writes sample records for: its topic, format and schema. */
export type ProducerTable = TableDefinition;

/** Producer tables from the validated schema folder, but for those of `excludedTopics` (a team's topics, whose records are real). */
export function producerTables(registries: readonly RegistryDefinition[], excludedTopics: ReadonlySet<string> = new Set()): ProducerTable[] {
  return registries.flatMap((r) => r.tables.filter((t) => !excludedTopics.has(t.topic)));
}

/** Tables whose records carry a Glue schema version id (Avro, Protobuf). */
export const isRegistryEncoded = (t: ProducerTable) => t.format === 'avro' || t.format === 'protobuf';
