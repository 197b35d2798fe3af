import type { Problem } from '../../problems';
import { formatDate, parseDate } from '../../records/simple-date-format';
import { connectorColumnType, type ColumnType } from '../columns';
import type { ChangeVerdicts } from './verdicts';

/*
 * A JSON or CSV topic document is a Glue schema with compatibility NONE: Glue
 * takes any new version. The records already on the topic do not change, but
 * the connector reads every one of them through the new document at query
 * time, so a retyped field, a new mapping or a new formatHint changes what
 * older records return. Each such change is a warning saying what they return
 * (the reading rules are docs/tables.md, "What Athena returns, value by value").
 */

interface DocField {
  readonly name: string;
  readonly mapping: string;
  readonly type: string;
  readonly formatHint?: string;
}

interface Doc {
  readonly topicName?: string;
  readonly dataFormat?: string;
  readonly fields: readonly DocField[];
}

function parse(text: string): Doc | undefined {
  try {
    const raw = JSON.parse(text) as { topicName?: unknown; message?: { dataFormat?: unknown; fields?: unknown } };
    const fields = raw?.message?.fields;
    if (!Array.isArray(fields)) return undefined;
    const str = (v: unknown) => (typeof v === 'string' ? v : '');
    return {
      topicName: str(raw.topicName),
      dataFormat: str(raw.message?.dataFormat),
      fields: fields.map((f: Record<string, unknown>) => ({
        name: str(f?.name),
        mapping: str(f?.mapping),
        type: str(f?.type),
        formatHint: typeof f?.formatHint === 'string' ? f.formatHint : undefined,
      })),
    };
  } catch {
    return undefined;
  }
}

const INTEGERS: readonly ColumnType[] = ['tinyint', 'smallint', 'integer', 'bigint'];

/** What a value already on the topic reads as under the new type. */
function reading(type: ColumnType, formatHint: string | undefined): string {
  if (type === 'boolean') return 'false unless the value is "true" in any case (never NULL)';
  if (INTEGERS.includes(type)) return `NULL unless the value is an optional sign and digits within ${type.toUpperCase()}'s range`;
  if (type === 'double') return "NULL unless the value is a number (Java's Double.parseDouble)";
  if (type === 'date' || type === 'timestamp') return `NULL unless the text matches formatHint "${formatHint ?? ''}"`;
  return "the value's text (SQL that compares or adds it as a number needs a cast)";
}

/** A widening every old value survives: a larger integer, or an integer read as a double. */
function widens(from: ColumnType, to: ColumnType): boolean {
  const [a, b] = [INTEGERS.indexOf(from), INTEGERS.indexOf(to)];
  return a >= 0 && (b >= a || to === 'double');
}

/** An instant written with the old pattern and read with the new one, as the connector would. */
const SAMPLE = new Date(Date.UTC(2024, 2, 9, 14, 5, 6, 789));
function hintChange(before: string, after: string): string | undefined {
  let text: string;
  try {
    text = formatDate(SAMPLE, before);
  } catch {
    return `records already on the topic, written as "${before}", read NULL or a wrong date where "${after}" does not match them`;
  }
  const was = parseDate(text, before);
  const now = parseDate(text, after);
  if (!now.ok) return `records already on the topic, written as "${before}", read NULL: e.g. "${text}" does not match "${after}" (${now.reason})`;
  if (was.ok && was.date.getTime() === now.date.getTime()) return undefined;
  return `records already on the topic, written as "${before}", read a different time: e.g. "${text}" reads as ${now.date.toISOString()}`;
}

function fieldWarnings(file: string, old: DocField, next: DocField, at: string, csv: boolean): Problem[] {
  const warnings: Problem[] = [];
  const [from, to] = [connectorColumnType(old.type), connectorColumnType(next.type)];
  if (from !== to && !widens(from, to)) {
    warnings.push({
      file,
      field: `${at}.type`,
      problem: `${old.type} -> ${next.type}: records already on the topic now read ${reading(to, next.formatHint)}`,
      fix: 'keep the type if older records matter, or add a column with the new type beside it',
    });
  }
  if (old.mapping !== next.mapping) {
    const where = (m: string) => (csv ? `column ${m}` : `key "${m}"`);
    warnings.push({
      file,
      field: `${at}.mapping`,
      problem: `"${old.mapping}" -> "${next.mapping}": records already on the topic are read from ${where(next.mapping)} instead of ${where(
        old.mapping,
      )}; those without ${where(next.mapping)} read NULL`,
      fix: `keep the mapping "${old.mapping}" if older records matter, or add a column for ${where(next.mapping)} beside it`,
    });
  }
  const temporal = (t: ColumnType) => t === 'date' || t === 'timestamp';
  if (temporal(from) && temporal(to) && old.formatHint && next.formatHint && old.formatHint !== next.formatHint) {
    const change = hintChange(old.formatHint, next.formatHint);
    if (change)
      warnings.push({
        file,
        field: `${at}.formatHint`,
        problem: `"${old.formatHint}" -> "${next.formatHint}": ${change}`,
        fix: 'keep the pattern records were written with, or add a column with the new pattern beside it',
      });
  }
  return warnings;
}

/**
 * What a new version of a `<table>.json` document changes for the records
 * already on its topic. Glue accepts any version (compatibility NONE), so
 * nothing is refused; an earlier version that does not parse cannot be judged.
 */
export function documentChange(file: string, before: string, after: string): ChangeVerdicts {
  const old = parse(before);
  const next = parse(after);
  if (!old)
    return {
      refused: [],
      warnings: [{ file, field: '', problem: 'the earlier version is not a topic document, so the change cannot be judged', fix: 'check it by hand' }],
    };
  if (!next) return { refused: [], warnings: [] };
  const warnings: Problem[] = [];
  if (old.topicName !== next.topicName) {
    warnings.push({
      file,
      field: 'topicName',
      problem: `"${old.topicName}" -> "${next.topicName}": the table reads another topic; records on ${old.topicName} no longer show in it`,
      fix: `keep the topicName, or describe ${next.topicName} in a table of its own`,
    });
  }
  if (old.dataFormat !== next.dataFormat) {
    const effect =
      next.dataFormat === 'csv' ? 'JSON text split on every comma: columns read pieces of it' : 'CSV lines are not JSON objects: every column reads NULL';
    warnings.push({
      file,
      field: 'message.dataFormat',
      problem: `${old.dataFormat} -> ${next.dataFormat}: records already on the topic are read as ${next.dataFormat}, ${effect}`,
      fix: 'keep the data format of the topic; describe records of another format in a table of their own',
    });
  }
  const csv = next.dataFormat === 'csv';
  const key = (f: DocField) => f.name.toLowerCase();
  const byName = new Map(old.fields.map((f) => [key(f), f]));
  const kept = new Set(next.fields.map(key));
  const removed = old.fields.filter((f) => !kept.has(key(f)));
  next.fields.forEach((f, i) => {
    const at = `message.fields[${i}] (${f.name})`;
    const was = byName.get(key(f));
    if (was) {
      warnings.push(...fieldWarnings(file, was, f, at, csv));
      return;
    }
    const renamed = removed.find((r) => r.mapping === f.mapping);
    if (renamed) {
      removed.splice(removed.indexOf(renamed), 1);
      warnings.push({
        file,
        field: at,
        problem: `renames the column ${renamed.name} to ${f.name} (same mapping): queries that name ${renamed.name} fail`,
        fix: 'update the saved queries',
      });
      warnings.push(...fieldWarnings(file, renamed, f, at, csv).filter((w) => !w.field.endsWith('.mapping')));
    }
  });
  for (const gone of removed) {
    warnings.push({
      file,
      field: `message.fields (${gone.name})`,
      problem: 'is removed: Athena no longer shows the column, and queries that name it fail (records already on the topic keep the value)',
      fix: 'update the saved queries that read it',
    });
  }
  return { refused: [], warnings };
}
