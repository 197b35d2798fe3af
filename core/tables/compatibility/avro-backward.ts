import avro from 'avsc';
import { distance } from 'fastest-levenshtein';
import type { Problem } from '../../problems';
import { avroIncompatibilities, kindOf, simpleName, writerFieldsOf, type AvroIncompatibility } from './avro-compatibility';
import { GLUE_REFUSES, noVerdicts, type ChangeVerdicts } from './verdicts';

/*
 * Glue checks an Avro version under BACKWARD with Avro's own
 * SchemaCompatibility: the new schema, as reader, must read the previous one,
 * as writer. avro-compatibility.ts walks the two schemas as Avro does and
 * lists each incompatibility with its place; here each becomes a refusal that
 * names the field and the fix.
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

const typeText = (t: avro.Type): string => t.name ?? kindOf(t);

function parse(text: string): avro.Type | undefined {
  try {
    return avro.Type.forSchema(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/** The writer field a reader field reads from: by name, else by one of its aliases. */
function writerFieldOf(field: Field, writer: RecordType): Field | undefined {
  const found = writerFieldsOf(field, writer);
  return found.length === 1 ? found[0] : undefined;
}

const namesOf = (f: Field): string[] => [f.name, ...f.aliases];

function defaultFor(type: avro.Type): string {
  if (type.typeName === 'enum') return JSON.stringify((type as avro.types.EnumType).symbols[0]);
  return EXAMPLE_DEFAULT[type.typeName] ?? "a value of the field's type";
}

/** The words of a field name: snake_case, camelCase and kebab-case split, lower case. */
const words = (name: string) =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 1);

/**
 * A removed field the new one plausibly renames: of the same type and either in
 * the same place in the field list, or with a name that shares a word or is a
 * few edits away. A same-typed field removed elsewhere under an unrelated name
 * (carrier gone, tracking_url new) is two changes, not a rename.
 */
function renamedFrom(field: Field, at: number, removed: readonly { field: Field; at: number }[]): Field | undefined {
  const sameType = removed.filter((r) => kindOf(r.field.type) === kindOf(field.type) && typeText(r.field.type) === typeText(field.type));
  const near = (a: string, b: string) => distance(a.toLowerCase(), b.toLowerCase()) <= Math.max(1, Math.floor(Math.min(a.length, b.length) / 3));
  const similar = (r: Field) => near(r.name, field.name) || words(r.name).some((w) => words(field.name).includes(w));
  return (sameType.find((r) => r.at === at) ?? sameType.find((r) => similar(r.field)))?.field;
}

/** Why a field's new type cannot read its old one, with the fix: Avro's first incompatibility at the field's type. */
function typeChange(before: avro.Type, after: avro.Type, found: AvroIncompatibility, below: readonly string[]): { problem: string; fix: string } {
  if (below.length > 0) {
    return {
      problem: `changes ${below.join('.')} inside the type so that Avro cannot read the old records (${found.kind}: ${found.detail}); ${GLUE_REFUSES}`,
      fix: `keep ${below.join('.')} as it was; for another type, add a new field with a "default" and stop writing this one`,
    };
  }
  if (found.kind === 'MISSING_ENUM_SYMBOLS') {
    const dropped = found.detail.split(', ');
    return {
      problem: `drops the enum symbol${dropped.length === 1 ? '' : 's'} ${found.detail}, which records already on the topic may hold; ${GLUE_REFUSES}`,
      fix: `keep ${dropped.length === 1 ? 'it' : 'them'} in "symbols", or give the enum a "default" symbol`,
    };
  }
  if (found.kind === 'NAME_MISMATCH') {
    const kind = kindOf(before);
    return {
      problem:
        `renames the ${kind} ${simpleName(before)} to ${simpleName(after)}, ` +
        `and Avro reads a ${kind} only under its own name (namespace aside) or an alias; ${GLUE_REFUSES}`,
      fix: `keep the name ${simpleName(before)}, or add "aliases": ["${typeText(before)}"] to the ${kind}`,
    };
  }
  if (found.kind === 'FIXED_SIZE_MISMATCH') {
    const size = (before as avro.types.FixedType).size;
    return {
      problem: `changes the fixed size from ${size} to ${(after as avro.types.FixedType).size} bytes; ${GLUE_REFUSES}`,
      fix: `keep "size": ${size}; for another size, add a new field with a "default" and stop writing this one`,
    };
  }
  if (found.kind === 'MISSING_UNION_BRANCH') {
    return {
      problem:
        `changes type from ${JSON.stringify(before.schema())} to ${JSON.stringify(after.schema())}, which has no branch that reads ` +
        `${found.detail.replace('reader union lacking writer type: ', '').toLowerCase()} values records already on the topic may hold; ${GLUE_REFUSES}`,
      fix: "keep every type the field had among the union's branches (a branch may widen: int -> long, float or double; long -> float or double)",
    };
  }
  if (PRIMITIVES.has(before.typeName) && PRIMITIVES.has(after.typeName)) {
    const allowed = PROMOTIONS[before.typeName] ?? [];
    return {
      problem:
        `changes type from ${before.typeName} to ${after.typeName}, which is not an Avro promotion (${PROMOTION_TEXT}): records already on ` +
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

/** Refusals of the top-level record, one per field that breaks resolution (Avro's incompatibilities, explained). */
function recordRefusals(file: string, reader: RecordType, writer: RecordType, found: readonly AvroIncompatibility[]): Problem[] {
  const refused: Problem[] = [];
  if (found.some((f) => f.location.length === 1 && f.location[0] === 'name')) {
    refused.push({
      file,
      field: 'name',
      problem:
        `renames the record from ${simpleName(writer)} to ${simpleName(reader)}, and Avro reads a record only under its own name (namespace aside) ` +
        `or an alias; ${GLUE_REFUSES}`,
      fix: `keep "name" as ${JSON.stringify(simpleName(writer))}, or add "aliases": ["${writer.name}"]`,
    });
  }
  const removed = writer.fields.map((field, at) => ({ field, at })).filter((w) => !reader.fields.some((f) => namesOf(f).includes(w.field.name)));
  reader.fields.forEach((field, i) => {
    const at = `fields[${i}] (${field.name})`;
    const first = found.find((f) => f.location[0] === 'fields' && f.location[1] === field.name);
    if (!first) return;
    const sources = writerFieldsOf(field, writer);
    if (sources.length > 1) {
      refused.push({
        file,
        field: at,
        problem:
          `its name and aliases match ${sources.length} fields of the earlier version (${sources.map((s) => s.name).join(', ')}), ` +
          `and Avro refuses to guess which one it reads; ${GLUE_REFUSES}`,
        fix: 'keep one of them in "name" and "aliases"',
      });
    } else if (sources.length === 0) {
      const renamed = renamedFrom(field, i, removed);
      refused.push({
        file,
        field: at,
        problem: `is new and has no "default": records already on the topic have no value for it; ${GLUE_REFUSES}`,
        fix: `give it a default, e.g. "default": ${defaultFor(field.type)}${
          renamed ? `; if it renames ${renamed.name}, add "aliases": ["${renamed.name}"] instead` : ''
        }`,
      });
    } else {
      refused.push({ file, field: `${at}.type`, ...typeChange(sources[0].type, field.type, first, first.location.slice(3)) });
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
        problem:
          `renames ${source.name} through an alias: records already on the topic read NULL in it (the connector decodes each record with ` +
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
  const found = avroIncompatibilities(reader, writer);
  if (found.length === 0) return { refused: [], warnings: records ? recordWarnings(file, reader as RecordType, writer as RecordType) : [] };
  const refused = records ? recordRefusals(file, reader as RecordType, writer as RecordType, found) : [];
  if (refused.length === 0) {
    const first = found[0];
    refused.push({
      file,
      field: first.location.join('.'),
      problem: `cannot read records written with the earlier version (Avro: ${first.kind}, ${first.detail}); ${GLUE_REFUSES}`,
      fix: 'change the schema so the new version reads the old records (Avro specification, "Schema Resolution")',
    });
  }
  return { refused, warnings: [] };
}
