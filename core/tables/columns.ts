/*
 * The columns Athena shows for a table, whatever the topic's format: the
 * connector maps every declared type through one switch
 * (AmazonMskUtils.toArrowType); a name it does not know becomes VARCHAR.
 */

export type ColumnType = 'boolean' | 'tinyint' | 'smallint' | 'integer' | 'bigint' | 'real' | 'double' | 'date' | 'timestamp' | 'varchar';

export interface Column {
  readonly name: string;
  /** What Athena shows. */
  readonly type: ColumnType;
  /** The type as the schema file writes it (`long`, `repeated int32`, `TIMESTAMP`). */
  readonly declared: string;
}

/** AmazonMskUtils.toArrowType: trimmed, upper-cased, unknown names are VARCHAR. */
export function connectorColumnType(declared: string): ColumnType {
  switch (declared.trim().toUpperCase()) {
    case 'BOOLEAN':
    case 'BOOL':
      return 'boolean';
    case 'TINYINT':
      return 'tinyint';
    case 'SMALLINT':
      return 'smallint';
    case 'INT':
    case 'INT32':
    case 'INTEGER':
      return 'integer';
    case 'LONG':
    case 'BIGINT':
    case 'INT64':
      return 'bigint';
    case 'FLOAT':
      return 'real';
    case 'DOUBLE':
    case 'DECIMAL':
      return 'double';
    case 'DATE':
      return 'date';
    case 'TIMESTAMP':
      return 'timestamp';
    default:
      return 'varchar';
  }
}

/** One change between two versions of a table's columns, for plan summaries. */
export interface ColumnChange {
  readonly kind: 'added' | 'removed' | 'retyped';
  readonly column: string;
  readonly before?: string;
  readonly after?: string;
}

/** Columns added, removed and retyped (Athena type or declared type), by name ignoring case. */
export function columnChanges(before: readonly Column[], after: readonly Column[]): ColumnChange[] {
  const key = (c: Column) => c.name.toLowerCase();
  const old = new Map(before.map((c) => [key(c), c]));
  const now = new Map(after.map((c) => [key(c), c]));
  const show = (c: Column) => (c.declared.toLowerCase() === c.type ? c.type : `${c.type} (${c.declared})`);
  const changes: ColumnChange[] = [];
  for (const c of after) {
    const was = old.get(key(c));
    if (!was) changes.push({ kind: 'added', column: c.name, after: show(c) });
    else if (show(was) !== show(c)) changes.push({ kind: 'retyped', column: c.name, before: show(was), after: show(c) });
  }
  for (const c of before) if (!now.has(key(c))) changes.push({ kind: 'removed', column: c.name, before: show(c) });
  return changes;
}
