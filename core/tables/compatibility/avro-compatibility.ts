import type avro from 'avsc';

/*
 * Apache Avro's SchemaCompatibility.checkReaderWriterCompatibility (1.11 and
 * 1.12, which Glue runs for BACKWARD: reader = the new version, writer = the
 * one before), step for step over avsc's parsed types. avsc's own
 * createResolver is stricter than Java in places (it compares named types by
 * full name, so a namespace-only change fails there and passes in Java), so
 * the verdict is this walk, not avsc's. What Java does that a reader would
 * not guess, each checked against Avro in the integration suite:
 * - named types (record, enum, fixed) match by their name without namespace,
 *   or by a reader alias equal to the writer's full name;
 * - a reader field reads the writer field of its name or of one of its
 *   aliases; matching two writer fields is an error (Java throws);
 * - a new reader field without a default passes only when its type is an enum
 *   with a default that the whole writer record happens to resolve to (never);
 * - a writer union passes when the reader reads each branch; a reader union
 *   when one branch reads the writer;
 * - recursion through a named type counts as compatible until proven not.
 */

/** Avro's SchemaIncompatibilityType names. */
export type AvroIncompatibilityKind =
  | 'NAME_MISMATCH'
  | 'FIXED_SIZE_MISMATCH'
  | 'MISSING_ENUM_SYMBOLS'
  | 'READER_FIELD_MISSING_DEFAULT_VALUE'
  | 'TYPE_MISMATCH'
  | 'MISSING_UNION_BRANCH'
  | 'AMBIGUOUS_FIELD';

export interface AvroIncompatibility {
  readonly kind: AvroIncompatibilityKind;
  /** Where, as Avro's location: ['fields', 'qty', 'type', ...] under the top-level schema. */
  readonly location: readonly string[];
  readonly reader: avro.Type;
  readonly writer: avro.Type;
  /** Avro's detail: the missing symbols, the expected name, the lacking branch. */
  readonly detail: string;
}

type Named = avro.Type & { name: string; aliases?: string[] };
type RecordType = avro.types.RecordType;
type Field = avro.types.Field;
/** avsc's two union classes (wrapped and unwrapped) share this shape. */
type UnionType = avro.Type & { readonly types: avro.Type[] };

/** The type as Avro's Schema.Type names it (unions are one kind in Java). */
export const kindOf = (t: avro.Type): string => (t.typeName.startsWith('union') ? 'union' : t.typeName);

/** A named type's name without its namespace, as Schema.getName() gives it. */
export const simpleName = (t: avro.Type): string => {
  const full = (t as Named).name ?? '';
  return full.slice(full.lastIndexOf('.') + 1);
};

/** Avro's SchemaCompatibility.schemaNameEquals: simple names equal, or a reader alias naming the writer's full name. */
export function schemaNameEquals(reader: avro.Type, writer: avro.Type): boolean {
  if (simpleName(reader) === simpleName(writer)) return true;
  return ((reader as Named).aliases ?? []).includes((writer as Named).name);
}

/** The writer fields a reader field reads: by its name and each alias (Avro refuses more than one). */
export function writerFieldsOf(readerField: Field, writer: RecordType): Field[] {
  const found: Field[] = [];
  const direct = writer.fields.find((w) => w.name === readerField.name);
  if (direct) found.push(direct);
  for (const alias of readerField.aliases) {
    const aliased = writer.fields.find((w) => w.name === alias);
    if (aliased) found.push(aliased);
  }
  return found;
}

const WIDENED_FROM: Readonly<Record<string, readonly string[]>> = {
  long: ['int'],
  float: ['int', 'long'],
  double: ['int', 'long', 'float'],
  bytes: ['string'],
  string: ['bytes'],
};

const PRIMITIVE = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']);

class Checker {
  /** Pairs being checked (recursion in progress) or checked, as Java memoizes them. */
  private readonly memo = new Map<avro.Type, Map<avro.Type, AvroIncompatibility[] | 'in progress'>>();

  check(reader: avro.Type, writer: avro.Type, location: readonly string[]): AvroIncompatibility[] {
    const byWriter = this.memo.get(reader) ?? new Map<avro.Type, AvroIncompatibility[] | 'in progress'>();
    this.memo.set(reader, byWriter);
    const seen = byWriter.get(writer);
    if (seen === 'in progress') return [];
    if (seen) return seen;
    byWriter.set(writer, 'in progress');
    const result = this.calculate(reader, writer, location);
    byWriter.set(writer, result);
    return result;
  }

  private calculate(reader: avro.Type, writer: avro.Type, location: readonly string[]): AvroIncompatibility[] {
    const r = kindOf(reader);
    const w = kindOf(writer);
    const at = (kind: AvroIncompatibilityKind, detail: string, where = location): AvroIncompatibility[] => [{ kind, location: where, reader, writer, detail }];
    if (r === w) {
      if (PRIMITIVE.has(r)) return [];
      switch (r) {
        case 'array':
          return this.check((reader as avro.types.ArrayType).itemsType, (writer as avro.types.ArrayType).itemsType, [...location, 'items']);
        case 'map':
          return this.check((reader as avro.types.MapType).valuesType, (writer as avro.types.MapType).valuesType, [...location, 'values']);
        case 'fixed': {
          const names = this.names(reader, writer, location);
          const [rs, ws] = [(reader as avro.types.FixedType).size, (writer as avro.types.FixedType).size];
          return [...names, ...(rs === ws ? [] : at('FIXED_SIZE_MISMATCH', `expected: ${ws}, found: ${rs}`, [...location, 'size']))];
        }
        case 'enum':
          return [...this.names(reader, writer, location), ...this.symbols(reader as avro.types.EnumType, writer as avro.types.EnumType, location)];
        case 'record':
          return [...this.names(reader, writer, location), ...this.fields(reader as RecordType, writer as RecordType, location)];
        default: {
          // Both unions: every writer branch must be read by the reader union.
          const types = (writer as UnionType).types;
          const lacking = (branch: avro.Type) => `reader union lacking writer type: ${kindOf(branch).toUpperCase()}`;
          const unread = (branch: avro.Type, i: number) => at('MISSING_UNION_BRANCH', lacking(branch), [...location, String(i)]);
          return types.flatMap((branch, i) => (this.check(reader, branch, []).length === 0 ? [] : unread(branch, i)));
        }
      }
    }
    if (w === 'union') return (writer as UnionType).types.flatMap((branch, i) => this.check(reader, branch, [...location, String(i)]));
    if (r === 'union') {
      if ((reader as UnionType).types.some((branch) => this.check(branch, writer, []).length === 0)) return [];
      return at('MISSING_UNION_BRANCH', `reader union lacking writer type: ${w.toUpperCase()}`);
    }
    if ((WIDENED_FROM[r] ?? []).includes(w)) return [];
    return at('TYPE_MISMATCH', `reader type: ${r.toUpperCase()} not compatible with writer type: ${w.toUpperCase()}`);
  }

  private names(reader: avro.Type, writer: avro.Type, location: readonly string[]): AvroIncompatibility[] {
    if (schemaNameEquals(reader, writer)) return [];
    return [{ kind: 'NAME_MISMATCH', location: [...location, 'name'], reader, writer, detail: `expected: ${(writer as Named).name}` }];
  }

  private symbols(reader: avro.types.EnumType, writer: avro.types.EnumType, location: readonly string[]): AvroIncompatibility[] {
    const missing = writer.symbols.filter((s) => !reader.symbols.includes(s)).sort();
    const fallback = (reader as { default?: string }).default;
    if (missing.length === 0 || (fallback !== undefined && reader.symbols.includes(fallback))) return [];
    return [{ kind: 'MISSING_ENUM_SYMBOLS', location: [...location, 'symbols'], reader, writer, detail: missing.join(', ') }];
  }

  private fields(reader: RecordType, writer: RecordType, location: readonly string[]): AvroIncompatibility[] {
    return reader.fields.flatMap((field) => {
      const where = [...location, 'fields', field.name];
      const sources = writerFieldsOf(field, writer);
      if (sources.length > 1) {
        return [{ kind: 'AMBIGUOUS_FIELD' as const, location: where, reader, writer, detail: sources.map((s) => s.name).join(', ') }];
      }
      if (sources.length === 1) return this.check(field.type, sources[0].type, [...where, 'type']);
      if (field.defaultValue() !== undefined) return [];
      const enumDefault = kindOf(field.type) === 'enum' && (field.type as { default?: string }).default !== undefined;
      // Java compares the enum with the whole writer record here, which never matches: kept as Java has it.
      if (enumDefault) return this.check(field.type, writer, [...where, 'type']);
      return [{ kind: 'READER_FIELD_MISSING_DEFAULT_VALUE' as const, location: where, reader, writer, detail: field.name }];
    });
  }
}

/**
 * What stops `reader` (the new version) from reading records written with
 * `writer` (the one before), as Avro's SchemaCompatibility lists it; empty
 * when Avro calls them compatible.
 */
export function avroIncompatibilities(reader: avro.Type, writer: avro.Type): AvroIncompatibility[] {
  return new Checker().check(reader, writer, []);
}
