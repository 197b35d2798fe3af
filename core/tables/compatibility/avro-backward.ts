import avro from 'avsc';
import type { Problem } from '../../problems';
import { GLUE_REFUSES, noVerdicts, type ChangeVerdicts } from './verdicts';

/*
 * Glue checks an Avro version under BACKWARD the way Avro's own
 * SchemaCompatibility does (the serde library's Kafka Connect converter ships
 * the same canRead validator): the new schema, as reader, must resolve the
 * previous one, as writer, by the Avro specification's resolution rules.
 * avsc implements those rules: `next.createResolver(previous)` throws exactly
 * when the new schema cannot read the old records. It says little about why,
 * so the top-level fields are walked here to name the field and the fix.
 *
 * What the connector then shows also differs from plain Avro resolution: it
 * decodes each record with the schema version it was written with, so a
 * reader's default is never filled in and a renamed field reads NULL in old
 * records (DESIGN.md, "Connector facts measured").
 */

/** Avro's promotions (specification, "Schema Resolution"): writer type -> reader types. */
const PROMOTIONS: Readonly<Record<string, readonly string[]>> = {
  int: ['long', 'float', 'double'],
  long: ['float', 'double'],
  float: ['double'],
  string: ['bytes'],
  bytes: ['string'],
};
const PRIMITIVES = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']);
const PROMOTION_TEXT = 'int -> long, float or double; long -> float or double; float -> double; string <-> bytes';

/** A default a user can paste for a field of this type. */
const EXAMPLE_DEFAULT: Readonly<Record<string, string>> = {
  string: '""',
  bytes: '""',
  int: '0',
  long: '0',
  float: '0',
  double: '0',
  boolean: 'false',
  null: 'null',
};

type RecordType = avro.types.RecordType;
type Field = avro.types.Field;

const typeText = (t: avro.Type): string => t.name ?? t.typeName;

function parse(text: string): avro.Type | undefined {
  try {
    return avro.Type.forSchema(JSON.parse(text));
  } catch {
    return undefined;
  }
}

const namesOf = (f: Field): string[] => [f.name, ...f.aliases];

/** The writer field a reader field reads from: by name, else by one of its aliases. */
function writerFieldOf(field: Field, writer: RecordType): Field | undefined {
  return writer.fields.find((w) => namesOf(field).includes(w.name));
}

function defaultFor(type: avro.Type): string {
  if (type.typeName === 'enum') return JSON.stringify((type as avro.types.EnumType).symbols[0]);
  return EXAMPLE_DEFAULT[type.typeName] ?? "a value of the field's type";
}

/** Why a field's new type cannot read its old one, with the fix. */
function typeChange(before: avro.Type, after: avro.Type): { problem: string; fix: string } {
  if (before.typeName === 'enum' && after.typeName === 'enum') {
    const kept = new Set((after as avro.types.EnumType).symbols);
    const dropped = (before as avro.types.EnumType).symbols.filter((s) => !kept.has(s));
    if (dropped.length > 0) {
      return {
        problem: `drops the enum symbol${dropped.length === 1 ? '' : 's'} ${dropped.join(', ')}, which records already on the topic may hold; ${GLUE_REFUSES}`,
        fix: `keep ${dropped.length === 1 ? 'it' : 'them'} in "symbols", or give the enum a "default" symbol`,
      };
    }
    return {
      problem: `renames the enum ${typeText(before)} to ${typeText(after)}; ${GLUE_REFUSES}`,
      fix: `keep the name ${typeText(before)}, or add "aliases": ["${typeText(before)}"] to the enum`,
    };
  }
  if (PRIMITIVES.has(before.typeName) && PRIMITIVES.has(after.typeName)) {
    const allowed = PROMOTIONS[before.typeName] ?? [];
    return {
      problem: `changes type from ${before.typeName} to ${after.typeName}, which is not an Avro promotion (${PROMOTION_TEXT}): records already on ` +
        `the topic cannot be read as ${after.typeName}; ${GLUE_REFUSES}`,
      fix: `keep "${before.typeName}"${
        allowed.length ? ` (or widen it to ${allowed.join(' or ')})` : ''
      }; for another type, add a new field with a "default" and stop writing this one`,
    };
  }
  return {
    problem: `changes type from ${typeText(before)} to ${typeText(
      after,
    )}, which Avro cannot resolve: records already on the topic cannot be read with the new schema; ${GLUE_REFUSES}`,
    fix: `keep the type ${typeText(before)}; for another type, add a new field with a "default" and stop writing this one`,
  };
}

/** Refusals of the top-level record, one per field that breaks resolution. */
function recordRefusals(file: string, reader: RecordType, writer: RecordType): Problem[] {
  const refused: Problem[] = [];
  const sameName = reader.name === writer.name || (reader.aliases ?? []).includes(writer.name ?? '');
  if (!sameName) {
    refused.push({
      file,
      field: 'name',
      problem: `renames the record from ${writer.name} to ${reader.name}, and Avro resolves a record only under its own name or an alias; ${GLUE_REFUSES}`,
      fix: `keep "name" as it was, or add "aliases": ["${writer.name}"]`,
    });
  }
  const unread = writer.fields.filter((w) => !reader.fields.some((f) => namesOf(f).includes(w.name)));
  reader.fields.forEach((field, i) => {
    const at = `fields[${i}] (${field.name})`;
    const source = writerFieldOf(field, writer);
    if (!source) {
      if (field.defaultValue() !== undefined) return;
      const renamed = unread.find((w) => w.type.typeName === field.type.typeName);
      refused.push({
        file,
        field: at,
        problem: `is new and has no "default": records already on the topic have no value for it; ${GLUE_REFUSES}`,
        fix: `give it a default, e.g. "default": ${defaultFor(field.type)}${
          renamed ? `; if it renames ${renamed.name}, add "aliases": ["${renamed.name}"] instead` : ''
        }`,
      });
      return;
    }
    try {
      field.type.createResolver(source.type);
    } catch {
      refused.push({ file, field: `${at}.type`, ...typeChange(source.type, field.type) });
    }
  });
  return refused;
}

/** What Glue accepts but the connector shows differently for records already on the topic. */
function recordWarnings(file: string, reader: RecordType, writer: RecordType): Problem[] {
  const warnings: Problem[] = [];
  reader.fields.forEach((field, i) => {
    const at = `fields[${i}] (${field.name})`;
    const source = writerFieldOf(field, writer);
    if (!source && field.defaultValue() !== undefined) {
      warnings.push({
        file,
        field: at,
        problem:
          'is new: records already on the topic read NULL in it, not its default (the connector decodes each record with the schema it was written with)',
        fix: 'expect NULL for older records in SQL, e.g. coalesce(column, default)',
      });
    } else if (source && source.name !== field.name) {
      warnings.push({
        file,
        field: at,
        problem: `renames ${source.name} through an alias: records already on the topic read NULL in it (the connector decodes each record with ` +
          `the schema it was written with, where the field is ${source.name})`,
        fix: 'expect NULL for older records, or keep the old name',
      });
    }
  });
  for (const gone of writer.fields.filter((w) => !reader.fields.some((f) => namesOf(f).includes(w.name)))) {
    warnings.push({
      file,
      field: `fields (${gone.name})`,
      problem: 'is removed: Athena no longer shows the column, and queries that name it fail (records already on the topic keep its values)',
      fix: 'update the saved queries that read it',
    });
  }
  return warnings;
}

/**
 * Judges a new version of an .avsc file against the previous one, as Glue
 * does under BACKWARD. A previous version that is not valid Avro cannot be
 * judged (Glue would not hold it either); an invalid new one is left to the
 * schema check.
 */
export function avroBackward(file: string, before: string, after: string): ChangeVerdicts {
  const writer = parse(before);
  const reader = parse(after);
  if (!writer)
    return {
      refused: [],
      warnings: [{ file, field: '', problem: 'the earlier version is not a valid Avro schema, so the change cannot be judged', fix: 'check it by hand' }],
    };
  if (!reader) return noVerdicts();
  const records = reader.typeName === 'record' && writer.typeName === 'record';
  let resolves = true;
  let why = '';
  try {
    reader.createResolver(writer);
  } catch (err) {
    resolves = false;
    why = (err as Error).message;
  }
  if (resolves) return { refused: [], warnings: records ? recordWarnings(file, reader as RecordType, writer as RecordType) : [] };
  const refused = records ? recordRefusals(file, reader as RecordType, writer as RecordType) : [];
  if (refused.length === 0) {
    refused.push({
      file,
      field: '',
      problem: `cannot read records written with the earlier version (${why}); ${GLUE_REFUSES}`,
      fix: 'change the schema so the new version reads the old records (Avro specification, "Schema Resolution")',
    });
  }
  return { refused, warnings: [] };
}
