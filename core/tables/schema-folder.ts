import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { InputError, type Problem } from '../problems';
import { DATABASE_OBJECT_NAME, TOPIC_NAME } from '../limits';
import { checkAvroSchema } from './avro-schema';
import type { Column } from './columns';
import { checkProtobufSchema } from './protobuf-schema';
import { readDocumentTable } from './document-table';
import { withoutSamples, type SampleHint } from './sample-hint';
import type { TableSchemaDocument } from './table-schema';

const NAME = DATABASE_OBJECT_NAME.pattern;

interface TableBase {
  readonly registry: string;
  /** The Glue schema name and the Athena table. */
  readonly table: string;
  /** Path relative to the project root, for messages. */
  readonly file: string;
  /** The Kafka topic the connector reads for this table. */
  readonly topic: string;
  /** The schema definition handed to Glue (JSON files compacted). */
  readonly definition: string;
  /** The columns Athena shows, in order. */
  readonly columns: readonly Column[];
  /** The producer's sample hints by column name (JSON, CSV and Avro files); absent when the file has none. */
  readonly samples?: Readonly<Record<string, SampleHint>>;
}

/** `<table>.json`: the connector's own topic description of a JSON or CSV topic. */
export interface DocumentTable extends TableBase {
  readonly format: 'json' | 'csv';
  readonly document: TableSchemaDocument;
}

/** `<topic>.avsc`: Avro records in the Glue Schema Registry wire format. */
export interface AvroTable extends TableBase {
  readonly format: 'avro';
}

/** `<topic>.proto`: Protobuf messages in the Glue Schema Registry wire format. */
export interface ProtobufTable extends TableBase {
  readonly format: 'protobuf';
  /** Full name of the message the table reads (the file's first). */
  readonly messageName: string;
}

export type TableDefinition = DocumentTable | AvroTable | ProtobufTable;
export type TableFormat = TableDefinition['format'];

/** The Glue schema's data format: it also tells the connector how to decode records. */
export const glueDataFormat = (t: TableDefinition): 'JSON' | 'AVRO' | 'PROTOBUF' =>
  t.format === 'avro' ? 'AVRO' : t.format === 'protobuf' ? 'PROTOBUF' : 'JSON';

/** Table files by extension. For Avro and Protobuf the file name is also the topic. */
const TABLE_FILE = /\.(json|avsc|proto)$/;

export interface RegistryDefinition {
  /** The Glue registry and Athena database name (see inDatabases). */
  readonly name: string;
  /** The schemas/ folder it comes from. */
  readonly folder: string;
  readonly tables: readonly TableDefinition[];
}

export interface SchemaFolderReport {
  readonly registries: readonly RegistryDefinition[];
  readonly problems: readonly Problem[];
  /** Valid but probably not meant: a formatHint such as YYYY-MM-dd. */
  readonly warnings: readonly Problem[];
}

const sorted = (dir: string) => readdirSync(dir).sort();

function readTable(path: string, file: string, registry: string, name: string, problems: Problem[], warnings: Problem[]): TableDefinition | undefined {
  const before = problems.length;
  const [, table, extension] = /^(.*)\.(json|avsc|proto)$/.exec(name)!;
  if (extension === 'json' && !NAME.test(table)) {
    problems.push({
      file,
      field: '',
      problem: `table name "${table}" is not lower-case letters, digits and _`,
      fix: `rename the file, e.g. ${table.toLowerCase().replace(/[^a-z0-9_]/g, '_')}.json`,
    });
  }
  if (extension !== 'json') {
    // The file name is the Glue schema, the table AND the topic (the connector reads
    // the topic named like the schema), so it takes the topic's name as it is.
    if (!TOPIC_NAME.pattern.test(table)) {
      problems.push({
        file,
        field: '',
        problem: `"${table}" is not a Kafka topic name, and for Avro and Protobuf the file name is the topic`,
        fix: `name the file after the topic: ${TOPIC_NAME.rule}`,
      });
    } else if (!NAME.test(table)) {
      warnings.push({
        file,
        field: '',
        problem: `the table "${table}" is named after its topic${
          /[A-Z]/.test(table) ? '; Athena lower-cases it, and the connector then finds the schema by a slower case-insensitive search' : ''
        }`,
        fix: `quote it in SQL: "${table.toLowerCase()}"`,
      });
    }
  }
  const text = readFileSync(path, 'utf8');
  if (extension !== 'json') {
    const check = extension === 'avsc' ? { ...checkAvroSchema(file, text), messageName: '' } : checkProtobufSchema(file, text);
    problems.push(...check.problems);
    warnings.push(...check.warnings);
    if (problems.length > before) return undefined;
    const base = { registry, table, file, topic: table, columns: check.columns };
    if (extension === 'avsc') {
      // Glue gets the schema without `sample`: see document-table.ts (AvroTopicSchema is read with the same ObjectMapper).
      const record = JSON.parse(text) as { fields: unknown[] };
      const { samples } = check as { samples?: Record<string, SampleHint> };
      return { ...base, format: 'avro', definition: JSON.stringify({ ...record, fields: withoutSamples(record.fields) }), ...(samples && { samples }) };
    }
    return { ...base, format: 'protobuf', definition: text, messageName: check.messageName! };
  }
  const read = readDocumentTable(file, text);
  problems.push(...read.problems);
  warnings.push(...read.warnings);
  if (!read.document || problems.length > before) return undefined;
  return {
    registry,
    table,
    file,
    format: read.document.message.dataFormat,
    topic: read.document.topicName,
    document: read.document,
    definition: read.definition!,
    columns: read.columns!,
    ...(read.samples && { samples: read.samples }),
  };
}

/**
 * Reads `<dir>/<registry>/<table>.json|.avsc|.proto`: one Glue registry per
 * folder, one schema per file. Collects every problem in every file; never throws for bad input.
 */
export function checkSchemaFolder(dir: string, rootDir: string): SchemaFolderReport {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const registries: RegistryDefinition[] = [];
  const rel = (p: string) => relative(rootDir, p) || '.';

  let entries: string[];
  try {
    entries = sorted(dir);
  } catch {
    return {
      registries,
      warnings: [],
      problems: [{ file: rel(dir), field: '', problem: 'does not exist', fix: 'create schemas/<registry>/<table>.json (or <topic>.avsc, <topic>.proto)' }],
    };
  }
  for (const entry of entries) {
    const path = join(dir, entry);
    if (!statSync(path).isDirectory()) {
      if (TABLE_FILE.test(entry)) {
        problems.push({ file: rel(path), field: '', problem: 'is not inside a registry folder', fix: `move it to ${rel(dir)}/<registry>/${entry}` });
      }
      continue; // READMEs and the like may sit beside the registries.
    }
    if (!NAME.test(entry)) {
      problems.push({
        file: rel(path),
        field: '',
        problem: `registry name "${entry}" is not lower-case letters, digits and _`,
        fix: `rename the folder, e.g. ${entry.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`,
      });
    }
    const tables: TableDefinition[] = [];
    const files = sorted(path).filter((f) => TABLE_FILE.test(f));
    if (files.length === 0) {
      problems.push({
        file: rel(path),
        field: '',
        problem: 'holds no table files',
        fix: 'add <table>.json, <topic>.avsc or <topic>.proto, or remove the folder',
      });
    }
    const byTable = new Map<string, string>();
    for (const f of files) {
      const table = f.replace(TABLE_FILE, '');
      const other = byTable.get(table);
      if (other) {
        problems.push({
          file: rel(join(path, f)),
          field: '',
          problem: `defines table "${table}" again (${other} does too): one Glue schema per table`,
          fix: 'keep one of the two files',
        });
        continue;
      }
      byTable.set(table, f);
      const t = readTable(join(path, f), rel(join(path, f)), entry, f, problems, warnings);
      if (t) tables.push(t);
    }
    registries.push({ name: entry, folder: entry, tables });
  }
  if (registries.length === 0 && problems.length === 0) {
    problems.push({ file: rel(dir), field: '', problem: 'holds no registry folders', fix: 'add <registry>/<table>.json' });
  }
  return { registries, problems, warnings };
}

/**
 * The registries as one environment names them: `prefix` + folder name, which is
 * the Glue registry and the Athena database. Glue names registries per account
 * and region, so environments sharing an account need distinct prefixes.
 */
export function inDatabases(registries: readonly RegistryDefinition[], prefix: string): RegistryDefinition[] {
  if (!prefix) return [...registries];
  return registries.map((r) => ({ name: `${prefix}${r.folder}`, folder: r.folder, tables: r.tables.map((t) => ({ ...t, registry: `${prefix}${r.folder}` })) }));
}

/** The registries of a schema folder; throws an InputError listing every problem. */
export function readSchemaFolder(dir: string, rootDir: string): RegistryDefinition[] {
  const report = checkSchemaFolder(dir, rootDir);
  if (report.problems.length > 0) {
    throw new InputError(
      report.problems,
      `${report.problems.length} problem${report.problems.length === 1 ? '' : 's'} in ${relative(rootDir, dir) || '.'}, nothing was synthesized:`,
    );
  }
  return [...report.registries];
}
