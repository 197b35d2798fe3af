import avro from 'avsc';
import { jsonSyntaxProblem, type Problem } from '../problems';
import { closestMatch } from '../suggest';
import { connectorColumnType, type Column } from './columns';
import { sampleHintProblems } from './sample-hint-check';
import type { SampleHint } from './sample-hint';

/*
 * An Avro table (schemas/<database>/<topic>.avsc) as the Athena MSK connector
 * reads it. The connector maps the Glue schema definition onto
 * {name, type, fields: [{name, type, formatHint}]} with Jackson, each field's
 * `type` a Java String, then maps that string to a column type
 * (AmazonMskMetadataHandler.getSchema, AmazonMskUtils.toArrowType). Records are
 * decoded by the Glue Schema Registry deserializer as GenericRecords, and each
 * field's value goes into its column as it is (BlockUtils.setValue).
 * So:
 * - a field whose type is not a plain string (a union such as ["null","string"],
 *   a logical type, a nested record, enum, array, map or fixed) cannot be mapped
 *   onto a String: GetTable fails, and with it every query of the table;
 * - bytes reach a VARCHAR column as the text of a Java ByteBuffer, not the bytes;
 * - boolean, int, long, float, double and string read exactly.
 */

/** Avro type name -> what the column shows, for the types the connector reads exactly. */
const READABLE = new Set(['boolean', 'int', 'long', 'float', 'double', 'string']);

const NULLABLE_FIX =
  'give the field one plain type, e.g. "type": "string", with a "default" for writers that have no value; the connector cannot read unions, so a ' +
  'nullable Avro field is not possible: use a sentinel value, or publish the topic as JSON if NULLs matter';

export interface AvroCheck {
  readonly columns: Column[];
  readonly problems: Problem[];
  readonly warnings: Problem[];
  /** The producer's sample hints by field name, as in JSON tables; undefined when the file has none. */
  readonly samples?: Record<string, SampleHint>;
}

type RawField = { name?: unknown; type?: unknown; formatHint?: unknown; logicalType?: unknown; sample?: unknown };

function fieldProblem(type: unknown): { problem: string; fix: string } | undefined {
  if (typeof type === 'string') {
    if (READABLE.has(type)) return undefined;
    if (type === 'bytes') {
      return {
        problem: '"bytes" reaches its VARCHAR column as the text of a Java ByteBuffer ("java.nio.HeapByteBuffer[pos=0 lim=16 cap=16]"), not the bytes',
        fix: 'write the bytes as a base64 or hex "string"',
      };
    }
    if (type === 'null') return { problem: '"null" reads as NULL in every record', fix: 'remove the field' };
    return {
      problem: `"${type}" names a type defined elsewhere in the schema; the connector reads each field's type as one plain type name`,
      fix: 'use boolean, int, long, float, double or string',
    };
  }
  if (Array.isArray(type)) {
    return {
      problem: `is the union ${JSON.stringify(
        type,
      )}: the connector reads each field's type as one plain type name, and a union makes every query of the table fail`,
      fix: NULLABLE_FIX,
    };
  }
  const t = type as { type?: unknown; logicalType?: unknown };
  if (t && typeof t === 'object' && typeof t.logicalType === 'string') {
    return {
      problem: `is the logical type ${JSON.stringify(
        type,
      )}: the connector reads each field's type as one plain type name, and an object makes every query of the table fail`,
      fix: `write the underlying type, e.g. "type": ${JSON.stringify(
        typeof t.type === 'string' ? t.type : 'long',
      )}, and convert in SQL (timestamp-millis: from_unixtime(col / 1000e0); date: date_add('day', col, date '1970-01-01'))`,
    };
  }
  const kind = t && typeof t === 'object' && typeof t.type === 'string' ? t.type : 'type';
  if (READABLE.has(kind)) {
    return {
      problem: `writes the type as an object (${JSON.stringify(type).slice(
        0,
        60,
      )}): the connector reads each field's type as one plain type name, and an object makes every query of the table fail`,
      fix: `write "type": "${kind}"`,
    };
  }
  return {
    problem: `is a nested ${kind} (${JSON.stringify(type).slice(
      0,
      60,
    )}): the connector reads each field's type as one plain type name, and an object makes every query of the table fail`,
    fix: 'flatten it into top-level fields, or write it as a JSON "string" and read it with json_extract in SQL',
  };
}

/** Type names people write for Avro's: SQL's, Java's and JSON Schema's words. */
const AVRO_NAME_FOR: Readonly<Record<string, string>> = {
  integer: 'int',
  int32: 'int',
  smallint: 'int',
  tinyint: 'int',
  bigint: 'long',
  int64: 'long',
  bool: 'boolean',
  str: 'string',
  text: 'string',
  varchar: 'string',
  number: 'double',
  decimal: 'double',
  real: 'float',
  binary: 'bytes',
};

/**
 * avsc's error for a schema it refuses, with the field it is about: each prefix
 * of the record's fields is parsed in turn, and the first that fails names the
 * field (named types defined in earlier fields stay visible to later ones, as
 * in the whole schema).
 */
function invalidSchema(raw: unknown, message: string): { field: string; problem: string; fix: string } {
  const generic = { problem: `is not a valid Avro schema: ${message}`, fix: 'follow the Avro specification (avro.apache.org/docs, "Schema Declaration")' };
  const record = raw as { type?: unknown; fields?: unknown };
  if (typeof raw !== 'object' || raw === null || record.type !== 'record' || !Array.isArray(record.fields)) return { field: '', ...generic };
  const fields = record.fields as RawField[];
  const at = fields.findIndex((_, i) => {
    try {
      avro.Type.forSchema({ ...(raw as object), fields: fields.slice(0, i + 1) } as avro.Schema);
      return false;
    } catch {
      return true;
    }
  });
  if (at < 0) return { field: '', ...generic };
  const field = fields[at];
  const where = `fields[${at}] (${String(field?.name)})`;
  const undefinedName = /undefined type name: (\S+)/.exec(message)?.[1];
  if (undefinedName !== undefined && typeof field?.type === 'string') {
    const typed = field.type;
    const meant = AVRO_NAME_FOR[typed.toLowerCase()] ?? closestMatch(typed, [...READABLE, 'bytes', 'null']);
    return {
      field: `${where}.type`,
      problem: `"${typed}" is not an Avro type, nor a type defined earlier in the schema (Avro read it as the name ${undefinedName})`,
      fix: meant ? `did you mean "${meant}"? Avro's types: boolean, int, long, float, double, string` : 'use boolean, int, long, float, double or string',
    };
  }
  return { field: where, ...generic };
}

/**
 * Checks an .avsc file: Avro's own rules (avsc), then what the connector can
 * read. Everything that fails a query is a problem; what reads, but not as one
 * might expect, a warning.
 */
export function checkAvroSchema(file: string, text: string): AvroCheck {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const columns: Column[] = [];
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    problems.push({ file, field: '', problem: jsonSyntaxProblem(text, err), fix: 'fix the syntax' });
    return { columns, problems, warnings };
  }
  try {
    avro.Type.forSchema(raw as avro.Schema);
  } catch (err) {
    problems.push({ file, ...invalidSchema(raw, (err as Error).message) });
    return { columns, problems, warnings };
  }
  const record = raw as { type?: unknown; fields?: unknown };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || record.type !== 'record') {
    problems.push({
      file,
      field: 'type',
      problem: `the schema is ${JSON.stringify(
        typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? record.type : raw,
      )}, not a record: the connector reads a record's fields as columns`,
      fix: 'write {"type": "record", "name": "...", "fields": [...]}',
    });
    return { columns, problems, warnings };
  }
  const fields = record.fields as RawField[];
  const seen = new Map<string, number>();
  const samples: Record<string, SampleHint> = {};
  fields.forEach((f, i) => {
    const name = String(f.name);
    const at = `fields[${i}] (${name})`;
    const first = seen.get(name.toLowerCase());
    if (first !== undefined)
      problems.push({
        file,
        field: `${at}.name`,
        problem: `"${name}" repeats fields[${first}].name (Athena ignores case)`,
        fix: 'give each field a name distinct without regard to case',
      });
    else seen.set(name.toLowerCase(), i);
    const typeProblem = fieldProblem(f.type);
    if (typeProblem) problems.push({ file, field: `${at}.type`, ...typeProblem });
    if ('formatHint' in f) {
      if (typeof f.formatHint !== 'string') {
        problems.push({
          file,
          field: `${at}.formatHint`,
          problem: `${JSON.stringify(f.formatHint)} is not a string: the connector fails reading the table`,
          fix: 'remove it',
        });
      } else {
        warnings.push({
          file,
          field: `${at}.formatHint`,
          problem: 'is ignored: an Avro column takes its type from the Avro type',
          fix: 'remove it; dates and times are int or long numbers in Avro, converted in SQL',
        });
      }
    }
    if (typeof f.logicalType === 'string') {
      warnings.push({
        file,
        field: `${at}.logicalType`,
        problem: `"${f.logicalType}" on the field is ignored by Avro and the connector; the column is ${connectorColumnType(String(f.type)).toUpperCase()}`,
        fix: 'remove it, and convert in SQL (e.g. from_unixtime(col / 1000e0))',
      });
    }
    if (typeProblem) return;
    // Avro's names go through the connector's switch as they are: int, long, float, double, boolean, string.
    const column: Column = { name, type: connectorColumnType(f.type as string), declared: f.type as string };
    columns.push(column);
    if (f.sample === undefined) return;
    const found = sampleHintProblems(f.sample, { column: column.type, csv: false });
    problems.push(...found.map((p) => ({ file, field: `${at}.sample${p.at}`, problem: p.problem, fix: p.fix })));
    if (found.length === 0) samples[name] = f.sample as SampleHint;
  });
  return { columns, problems, warnings, ...(Object.keys(samples).length > 0 && { samples }) };
}

/** The Avro type of a checked definition; longs decode to bigint, so no digit is lost. */
export function avroType(definition: string): avro.Type {
  return avro.Type.forSchema(JSON.parse(definition), { registry: { long: longType } });
}

const longType = avro.types.LongType.__with({
  fromBuffer: (buf: Buffer) => buf.readBigInt64LE(),
  toBuffer: (n: bigint | number) => {
    const buf = Buffer.alloc(8);
    buf.writeBigInt64LE(BigInt(n));
    return buf;
  },
  fromJSON: (n: unknown) => BigInt(n as string),
  toJSON: (n: bigint) => Number(n),
  isValid: (n: unknown) => typeof n === 'bigint' || Number.isSafeInteger(n),
  compare: (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0),
});
