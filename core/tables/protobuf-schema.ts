import protobuf from 'protobufjs';
import type { Problem } from '../problems';
import { connectorColumnType, type Column } from './columns';

/*
 * A Protobuf table (schemas/<database>/<topic>.proto) as the Athena MSK
 * connector reads it. At query time the connector compiles the Glue schema
 * definition alone with protoc 3.11.4 (protoc-jar, GlueRegistryReader) and
 * takes the FIRST message of the file: each field becomes a column typed by its
 * protoc type name ("repeated " before repeated ones) through the connector's
 * type switch. Records are decoded by the Glue Schema Registry deserializer
 * into DynamicMessages, and only the fields the message HAS
 * (DynamicMessage.getAllFields) go into their columns, as Java objects:
 * - double, float, int32, int64, bool and string read exactly;
 * - every other type reads as VARCHAR, the Java object's toString(): sint/sfixed
 *   numbers as decimal text, uint32/fixed32/uint64/fixed64 as SIGNED Java
 *   numbers (large values read negative), enums as the value's name, nested
 *   messages as protobuf text format, repeated fields and maps as a Java list;
 * - bytes reach the column as the text of a Java ByteString, not the bytes;
 * - proto3 fields without presence are absent when they hold their default
 *   (0, "", false, the first enum value; -0.0 is not 0.0 to Java), so those
 *   values read as NULL.
 */

const UNSIGNED = new Set(['uint32', 'fixed32', 'uint64', 'fixed64']);
const SIGNED_TEXT = new Set(['sint32', 'sint64', 'sfixed32', 'sfixed64']);

export interface ProtobufCheck {
  readonly columns: Column[];
  readonly problems: Problem[];
  readonly warnings: Problem[];
  /** The message the connector reads (the file's first), by full name. */
  readonly messageName?: string;
}

/** `line 4, column 9` for a protobufjs parse error, which names the line and the token. */
function parseErrorPlace(text: string, message: string): string {
  const line = Number(/line (\d+)/.exec(message)?.[1] ?? 0);
  const token = /(?:illegal|duplicate|unknown|no such)[^']*'([^']*)'/.exec(message)?.[1];
  const lines = text.split('\n');
  // Resolution errors name the type but no line: the first line that uses it.
  const duplicateId = /duplicate id (\d+)/.exec(message)?.[1];
  if (duplicateId) {
    const uses = lines.flatMap((l, i) => (new RegExp(`=\\s*${duplicateId}\\s*[;\\[]`).test(l) ? [i + 1] : []));
    if (uses.length > 1) return `line ${uses[1]}, column ${lines[uses[1] - 1].search(/\S/) + 1}`;
  }
  const at = line || (token ? lines.findIndex((l) => new RegExp(`(^|[\\s(<,])\\.?${token.replace(/[.]/g, '\\.')}[\\s>,]`).test(l)) + 1 : 0);
  if (!at) return '';
  const column = token ? lines[at - 1].indexOf(token) + 1 : 0;
  return column > 0 ? `line ${at}, column ${column}` : `line ${at}`;
}

/** The protoc type name of a field, as the connector's column type switch gets it. */
function protocTypeName(field: protobuf.Field): string {
  let base = field.type;
  if (field instanceof protobuf.MapField || field.resolvedType instanceof protobuf.Type) base = 'message';
  else if (field.resolvedType instanceof protobuf.Enum) base = 'enum';
  return field.repeated || field.map ? `repeated ${base}` : base;
}

/** Messages in declaration order, top level first, across any package namespaces. */
function topLevelMessages(ns: protobuf.NamespaceBase): protobuf.Type[] {
  return ns.nestedArray.flatMap((n) =>
    n instanceof protobuf.Type ? [n] : n instanceof protobuf.Namespace && !(n instanceof protobuf.Enum) ? topLevelMessages(n) : [],
  );
}

/**
 * Checks a .proto file: it must compile on its own (no imports) with the
 * connector's protoc, and its first message must hold only fields the
 * connector can read. Problems fail synthesis; warnings say what degrades.
 */
export function checkProtobufSchema(file: string, text: string): ProtobufCheck {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const columns: Column[] = [];
  const where = (line: number) => `line ${line}`;
  const lineOf = (needle: RegExp) => {
    const i = text.split('\n').findIndex((l) => needle.test(l));
    return i < 0 ? undefined : i + 1;
  };

  const syntax = /^\s*syntax\s*=\s*["'](proto2|proto3)["']\s*;/m.exec(text)?.[1] ?? 'proto2';
  if (/^\s*edition\s*=/m.test(text)) {
    problems.push({
      file,
      field: where(lineOf(/^\s*edition\s*=/)!),
      problem: 'editions are not understood by the connector, which compiles with protoc 3.11.4',
      fix: 'write syntax = "proto2" or syntax = "proto3"',
    });
    return { columns, problems, warnings };
  }
  const failed = (err: unknown) => {
    const message = (err as Error).message;
    problems.push({
      file,
      field: parseErrorPlace(text, message),
      problem: `does not compile: ${message.replace(/\s*\(line \d+\)/, '')}`,
      fix: 'fix the definition (protoc reports the same place)',
    });
    return { columns, problems, warnings };
  };
  let parsed: protobuf.IParserResult;
  try {
    parsed = protobuf.parse(text, { keepCase: true, alternateCommentMode: true });
  } catch (err) {
    return failed(err);
  }
  const imports = [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])];
  for (const imported of imports) {
    problems.push({
      file,
      field: where(lineOf(new RegExp(`import.*${imported.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`)) ?? 1),
      problem: `imports "${imported}": the connector compiles the definition alone, so protoc cannot find it and every query of the table fails`,
      fix: 'copy the messages you need into this file',
    });
  }
  if (imports.length > 0) return { columns, problems, warnings };
  try {
    parsed.root.resolveAll();
  } catch (err) {
    return failed(err);
  }
  problems.push(...protocOnlyProblems(file, text, parsed.root, syntax));
  if (problems.length > 0) return { columns, problems, warnings };
  const messages = topLevelMessages(parsed.root);
  if (messages.length === 0) {
    problems.push({
      file,
      field: '',
      problem: 'declares no message: the connector reads the first message as the table',
      fix: 'declare the record as a message',
    });
    return { columns, problems, warnings };
  }
  const [message, ...others] = messages;
  if (others.length > 0) {
    warnings.push({
      file,
      field: `message ${others[0].name}`,
      problem: `only the first message, ${message.name}, becomes the table's columns`,
      fix: `write records as ${message.name}, or move the record's message first`,
    });
  }
  const seen = new Map<string, string>();
  const implicit: string[] = [];
  for (const field of message.fieldsArray) {
    const at = `${message.name}.${field.name}`;
    const declared = protocTypeName(field);
    const base = declared.replace(/^repeated /, '');
    const first = seen.get(field.name.toLowerCase());
    if (first !== undefined)
      problems.push({
        file,
        field: at,
        problem: `repeats the column ${first} (Athena ignores case)`,
        fix: 'give each field a name distinct without regard to case',
      });
    else seen.set(field.name.toLowerCase(), field.name);

    if (syntax === 'proto3' && field.options?.proto3_optional) {
      problems.push({
        file,
        field: at,
        problem: "uses proto3 'optional', which the connector's protoc 3.11.4 refuses: every query of the table fails",
        fix: 'drop optional (zero values then read as NULL), or write the file as syntax = "proto2" with optional fields',
      });
      continue;
    }
    if (base === 'bytes') {
      problems.push({
        file,
        field: at,
        problem: 'bytes reach their VARCHAR column as the text of a Java ByteString ("<ByteString@1b2c3d size=16 ...>"), not the bytes',
        fix: 'carry the bytes as a base64 or hex string',
      });
      continue;
    }
    if (base === 'group') {
      problems.push({ file, field: at, problem: 'groups are not read by the connector', fix: 'declare a nested message instead (it reads as text)' });
      continue;
    }
    const type = declared.startsWith('repeated ') ? 'varchar' : connectorColumnType(base);
    columns.push({ name: field.name, type, declared });
    if (declared.startsWith('repeated ')) {
      warnings.push({
        file,
        field: at,
        problem: `${field.map ? 'a map' : 'a repeated field'} reads as VARCHAR, Java's text of a list (e.g. "[a, b]"${
          field.map ? ', one entry message per key' : ''
        })`,
        fix: 'query it as text, or carry it as a JSON string',
      });
    } else if (base === 'message') {
      warnings.push({
        file,
        field: at,
        problem: 'a nested message reads as VARCHAR in protobuf text format (e.g. "name: \\"x\\"\\nqty: 3\\n")',
        fix: 'flatten the fields you query into the record',
      });
    } else if (base === 'enum') {
      warnings.push({ file, field: at, problem: 'an enum reads as VARCHAR, the name of the value', fix: 'compare it with the names in SQL' });
    } else if (UNSIGNED.has(base)) {
      warnings.push({
        file,
        field: at,
        problem: `${base} reads as VARCHAR text of a SIGNED Java number: values above ${
          base.endsWith('32') ? '2147483647' : '9223372036854775807'
        } read negative`,
        fix: `use ${base.endsWith('32') ? 'int64' : 'int64 within its range'} if the values can be that large`,
      });
    } else if (SIGNED_TEXT.has(base)) {
      warnings.push({
        file,
        field: at,
        problem: `${base} reads as VARCHAR, the number as text`,
        fix: `use ${base.endsWith('32') ? 'int32' : 'int64'} for a numeric column, or cast in SQL`,
      });
    }
    if (syntax === 'proto3' && !declared.startsWith('repeated ') && base !== 'message' && !field.partOf) implicit.push(field.name);
  }
  if (implicit.length > 0) {
    warnings.push({
      file,
      field: message.name,
      problem:
        'proto3 leaves a field out of the record when it holds its default (0, "", false, the first enum value), ' +
        `so those values read as NULL in ${implicit.join(', ')}`,
      fix: 'accept NULL for the defaults, or write the file as syntax = "proto2" with optional fields (unset ones read as NULL, zero as 0)',
    });
  }
  if (columns.length === 0 && problems.length === 0) {
    problems.push({ file, field: message.name, problem: 'has no fields: the table would have no columns', fix: "declare the record's fields" });
  }
  return { columns, problems, warnings, messageName: message.fullName.replace(/^\./, '') };
}

/** Rules protoc enforces and protobufjs does not: field numbers, proto3's required and enum zero. */
function protocOnlyProblems(file: string, text: string, root: protobuf.Root, syntax: string): Problem[] {
  const problems: Problem[] = [];
  const lineOf = (name: string, before = '') => {
    const i = text.split('\n').findIndex((l) => new RegExp(`${before}\\b${name}\\b`).test(l));
    return i < 0 ? '' : `line ${i + 1}: `;
  };
  const visit = (ns: protobuf.NamespaceBase) => {
    for (const n of ns.nestedArray) {
      if (n instanceof protobuf.Type) {
        for (const f of n.fieldsArray) {
          if (f.id < 1 || f.id > 536_870_911 || (f.id >= 19_000 && f.id <= 19_999)) {
            problems.push({
              file,
              field: `${lineOf(f.name)}${n.name}.${f.name}`,
              problem: `field number ${f.id} is not allowed`,
              fix: 'use 1 to 536870911, outside 19000-19999 (reserved by protobuf)',
            });
          }
          if (syntax === 'proto3' && f.required) {
            problems.push({ file, field: `${lineOf(f.name)}${n.name}.${f.name}`, problem: 'proto3 has no required fields', fix: 'remove "required"' });
          }
        }
      }
      if (n instanceof protobuf.Enum && syntax === 'proto3' && Object.values(n.values)[0] !== 0) {
        problems.push({
          file,
          field: `${lineOf(n.name, 'enum\\s+')}enum ${n.name}`,
          problem: 'the first value of a proto3 enum must be 0',
          fix: 'add a first value such as UNKNOWN = 0',
        });
      }
      if (n instanceof protobuf.Namespace || n instanceof protobuf.Type) visit(n as protobuf.NamespaceBase);
    }
  };
  visit(root);
  return problems;
}

/** The parsed definition and the message records are written as (the file's first). */
export function protobufMessage(definition: string): protobuf.Type {
  const { root } = protobuf.parse(definition, { keepCase: true, alternateCommentMode: true });
  root.resolveAll();
  return topLevelMessages(root)[0];
}

/**
 * The Glue Schema Registry message index of a message: its place among every
 * message of the file (nested ones too) sorted by full name
 * (MessageIndexFinder in the serde library).
 */
export function messageIndex(message: protobuf.Type): number {
  return messagesByIndex(message.root).indexOf(message);
}

/**
 * The message protoc (and the serde's parser) makes of a map field: the field
 * name in CamelCase (a letter after "_" upper-cased, the "_" dropped) plus
 * "Entry", nested in the message, with key = 1 and value = 2.
 */
export function mapEntryType(parent: protobuf.Type, field: protobuf.MapField): protobuf.Type {
  const name = `${field.name.replace(/(?:^|_+)([a-z]?)/g, (_m, c: string) => c.toUpperCase())}Entry`;
  const existing = parent.nested?.[name];
  if (existing instanceof protobuf.Type) return existing;
  const entry = new protobuf.Type(name).add(new protobuf.Field('key', 1, field.keyType)).add(new protobuf.Field('value', 2, field.type));
  // protobufjs keeps the syntax on the file's top-level objects; the entry needs it to resolve.
  let edition: string | undefined;
  for (let o: protobuf.ReflectionObject | null = parent; o && !edition; o = o.parent) edition = (o as unknown as { _edition?: string })._edition;
  (entry as unknown as { _edition?: string })._edition = edition ?? 'proto2';
  parent.add(entry);
  entry.resolveAll();
  return entry;
}

/**
 * Every message of a file in message-index order (by full name, as Java's
 * String sort): nested ones too, and the entry message of each map field,
 * which the serde's MessageIndexFinder counts as a nested type.
 */
export function messagesByIndex(root: protobuf.NamespaceBase): protobuf.Type[] {
  const all: protobuf.Type[] = [];
  const walk = (ns: protobuf.NamespaceBase) => {
    for (const n of ns.nestedArray) {
      if (n instanceof protobuf.Type) {
        all.push(n);
        for (const f of n.fieldsArray) if (f.map) mapEntryType(n, f as unknown as protobuf.MapField);
      }
      if (n instanceof protobuf.Namespace || n instanceof protobuf.Type) walk(n as protobuf.NamespaceBase);
    }
  };
  walk(root);
  return all.sort((a, b) => (a.fullName < b.fullName ? -1 : a.fullName > b.fullName ? 1 : 0));
}
