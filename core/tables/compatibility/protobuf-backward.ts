import protobuf from 'protobufjs';
import type { Problem } from '../../problems';
import { GLUE_REFUSES, noVerdicts, type ChangeVerdicts } from './verdicts';

/*
 * Glue checks a Protobuf version under BACKWARD by comparing the two files
 * message by message and field by field NUMBER (the wire carries numbers, not
 * names): the new version must parse every record written with the previous
 * one. The serde library ships no checker of its own, so the rules are the
 * wire-compatibility rules of the Protobuf language guide ("Updating A Message
 * Type"), as schema registries apply them (Confluent's open-source
 * MessageSchemaDiff, which Glue's documented behaviour matches: fields may be
 * added and removed, a proto2 required field may be neither):
 * - refused: the package changes; a message is removed or renamed; a field's
 *   number now holds another wire type (scalar groups below, message type by
 *   name, map key and value); a required field is added or removed; several
 *   existing fields move into one oneof, or one joins an existing oneof;
 * - accepted: fields added or removed, renamed at the same number, enums
 *   changed, messages added or reordered.
 */

/** Scalar types whose encodings read each other (language guide): one group, one wire type. */
const GROUPS: Readonly<Record<string, string>> = {
  int32: 'a varint',
  int64: 'a varint',
  uint32: 'a varint',
  uint64: 'a varint',
  bool: 'a varint',
  sint32: 'a zigzag varint',
  sint64: 'a zigzag varint',
  string: 'length-delimited bytes',
  bytes: 'length-delimited bytes',
  fixed32: '4 bytes',
  sfixed32: '4 bytes',
  fixed64: '8 bytes',
  sfixed64: '8 bytes',
  float: 'a 4-byte float',
  double: 'an 8-byte double',
};

interface Parsed {
  readonly pkg: string;
  /** Every message, nested ones too, by its name inside the package (`Outer.Inner`). */
  readonly messages: Map<string, protobuf.Type>;
  /** The record's message: the file's first, whose fields are the table's columns. */
  readonly first?: protobuf.Type;
}

function parse(text: string): Parsed | undefined {
  try {
    const result = protobuf.parse(text, { keepCase: true, alternateCommentMode: true });
    result.root.resolveAll();
    const pkg = result.package ?? '';
    const messages = new Map<string, protobuf.Type>();
    const walk = (ns: protobuf.NamespaceBase) => {
      for (const n of ns.nestedArray) {
        if (n instanceof protobuf.Type) messages.set(localName(n, pkg), n);
        if (n instanceof protobuf.Namespace || n instanceof protobuf.Type) walk(n as protobuf.NamespaceBase);
      }
    };
    walk(result.root);
    const first = [...messages.values()].find((m) => !(m.parent instanceof protobuf.Type));
    return { pkg, messages, first };
  } catch {
    return undefined;
  }
}

const localName = (t: protobuf.ReflectionObject, pkg: string) => {
  const full = t.fullName.replace(/^\./, '');
  return pkg && full.startsWith(`${pkg}.`) ? full.slice(pkg.length + 1) : full;
};

/** What a field carries on the wire, as a comparable text: equal texts read each other. */
function wire(field: protobuf.Field, pkg: string): string {
  const scalar = (type: string, resolved: protobuf.ReflectionObject | null) => {
    if (resolved instanceof protobuf.Enum) return 'a varint';
    if (resolved instanceof protobuf.Type) return `a ${localName(resolved, pkg)} message`;
    return GROUPS[type] ?? type;
  };
  if (field instanceof protobuf.MapField) return `map<${scalar(field.keyType, null)}, ${scalar(field.type, field.resolvedType)}>`;
  return scalar(field.type, field.resolvedType);
}

const declared = (f: protobuf.Field) => (f instanceof protobuf.MapField ? `map<${f.keyType}, ${f.type}>` : f.type);
const label = (m: protobuf.Type, f: protobuf.Field) => `${m.name}.${f.name} (= ${f.id})`;

function messageRefusals(file: string, name: string, before: protobuf.Type, after: protobuf.Type, pkgs: [string, string]): Problem[] {
  const refused: Problem[] = [];
  const now = new Map(after.fieldsArray.map((f) => [f.id, f]));
  const was = new Map(before.fieldsArray.map((f) => [f.id, f]));
  for (const old of before.fieldsArray) {
    const next = now.get(old.id);
    if (!next) {
      if (old.required) {
        refused.push({
          file,
          field: label(before, old),
          problem: `removes the required field ${old.name}: records already on the topic carry it, and a reader without it rejects the change; ${GLUE_REFUSES}`,
          fix: 'keep it, or make it optional first in a version of its own',
        });
      }
      continue;
    }
    const [a, b] = [wire(old, pkgs[0]), wire(next, pkgs[1])];
    if (a !== b) {
      const reuse = old.name !== next.name;
      refused.push({
        file,
        field: label(after, next),
        problem: `${
          reuse
            ? `reuses number ${old.id}, which was ${old.name} (${declared(old)}), for ${next.name} (${declared(next)})`
            : `changes type from ${declared(old)} to ${declared(next)}`
        }: records already on the topic hold ${a} at ${old.id}, which ${declared(next)} cannot read; ${GLUE_REFUSES}`,
        fix: reuse
          ? `give ${next.name} a number never used in ${name}, and add "reserved ${old.id};" so it is not reused`
          : `keep ${declared(old)} at ${old.id}; for another type, add a field with a new number and add "reserved ${old.id};"`,
      });
    }
    if (next.required && !old.required) {
      refused.push({
        file,
        field: label(after, next),
        problem: `makes ${next.name} required: records already on the topic may lack it; ${GLUE_REFUSES}`,
        fix: 'keep it optional',
      });
    }
  }
  for (const added of after.fieldsArray.filter((f) => !was.has(f.id) && f.required)) {
    refused.push({
      file,
      field: label(after, added),
      problem: `adds the required field ${added.name}: records already on the topic lack it; ${GLUE_REFUSES}`,
      fix: `declare it optional${added.getOption('default') === undefined ? ' (with [default = ...] if readers need a value)' : ''}`,
    });
  }
  for (const oneof of after.oneofsArray) {
    const moved = oneof.fieldsArray.filter((f) => was.has(f.id) && !was.get(f.id)!.partOf);
    const existing = oneof.fieldsArray.filter((f) => was.get(f.id)?.partOf);
    if (moved.length > 1 || (moved.length === 1 && existing.length > 0)) {
      refused.push({
        file,
        field: `${after.name}.${oneof.name}`,
        problem: `moves ${moved.map((f) => f.name).join(' and ')} into oneof ${oneof.name}${
          existing.length ? `, which already holds ${existing.map((f) => f.name).join(', ')}` : ''
        }: records already on the topic can set them together; ${GLUE_REFUSES}`,
        fix: 'leave existing fields outside the oneof, or move a single field into a new oneof',
      });
    }
  }
  return refused;
}

/** Accepted changes to the record's message that change the table's columns or what older records read. */
function columnWarnings(file: string, before: protobuf.Type, after: protobuf.Type): Problem[] {
  const warnings: Problem[] = [];
  const now = new Map(after.fieldsArray.map((f) => [f.id, f]));
  for (const old of before.fieldsArray) {
    const next = now.get(old.id);
    if (!next) {
      warnings.push({
        file,
        field: label(before, old),
        problem: 'is removed: Athena no longer shows the column, and queries that name it fail',
        fix: `update the saved queries that read it, and add "reserved ${old.id};" so the number is not reused`,
      });
    } else if (next.name !== old.name) {
      warnings.push({
        file,
        field: label(after, next),
        problem: `renames the column ${old.name} to ${next.name} (Glue accepts it: the number is what records carry); queries that name ${old.name} fail`,
        fix: 'update the saved queries',
      });
    } else if (declared(next) !== declared(old)) {
      warnings.push({
        file,
        field: label(after, next),
        problem: `changes type from ${declared(old)} to ${declared(
          next,
        )} (same wire encoding, so Glue accepts it): records already on the topic are re-read as ${declared(
          next,
        )}, so values outside its range are truncated and a number read as bool is true when not 0`,
        fix: 'make sure the values written so far fit the new type',
      });
    }
  }
  return warnings;
}

/**
 * Judges a new version of a .proto file against the previous one, as Glue does
 * under BACKWARD. An earlier version that does not compile cannot be judged;
 * a new one that does not compile is left to the schema check.
 */
export function protobufBackward(file: string, before: string, after: string): ChangeVerdicts {
  const old = parse(before);
  const next = parse(after);
  if (!old)
    return {
      refused: [],
      warnings: [{ file, field: '', problem: 'the earlier version does not compile, so the change cannot be judged', fix: 'check it by hand' }],
    };
  if (!next) return noVerdicts();
  const refused: Problem[] = [];
  if (old.pkg !== next.pkg) {
    refused.push({
      file,
      field: 'package',
      problem: `changes from "${old.pkg}" to "${next.pkg}": every message's full name changes; ${GLUE_REFUSES}`,
      fix: `keep package ${old.pkg || '(none)'}`,
    });
    return { refused, warnings: [] };
  }
  for (const [name, message] of old.messages) {
    const now = next.messages.get(name);
    if (!now) {
      refused.push({
        file,
        field: `message ${name}`,
        problem: `is removed or renamed: records already on the topic were written with it; ${GLUE_REFUSES}`,
        fix: `keep message ${name} (field names may change: the numbers are what records carry)`,
      });
      continue;
    }
    refused.push(...messageRefusals(file, name, message, now, [old.pkg, next.pkg]));
  }
  if (refused.length > 0 || !old.first || !next.first) return { refused, warnings: [] };
  const [was, is] = [localName(old.first, old.pkg), localName(next.first, next.pkg)];
  if (was === is) return { refused, warnings: columnWarnings(file, old.first, next.first) };
  const moved = {
    file,
    field: `message ${is}`,
    problem: `now comes first, so the table's columns are its fields instead of ${was}'s (the connector reads the file's first message)`,
    fix: `move message ${was} back to the top`,
  };
  return { refused, warnings: [moved] };
}
