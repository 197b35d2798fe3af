import { z } from 'zod';

/*
 * The topic description the Athena MSK connector reads from a Glue schema
 * (data format JSON). Rules follow the connector's parser: see docs/tables.md,
 * "Authoring a table schema". Each rule says what is wrong and what would be
 * right apart (core/zod-rules.ts).
 */
import { TOPIC_NAME } from '../limits';
import type { Finding } from '../problems';
import { simpleDateFormatProblem } from '../records/simple-date-format';
import { closestMatch } from '../suggest';
import { expecting, guarded, issue, rule } from '../zod-rules';

/**
 * Types whose values the connector's json/csv parser (MskDeserializer.cast)
 * converts, in upper case; CHAR and STRING read as VARCHAR.
 */
export const CONNECTOR_TYPES = [
  'BOOLEAN',
  'TINYINT',
  'SMALLINT',
  'INT',
  'INTEGER',
  'BIGINT',
  'DOUBLE',
  'DECIMAL',
  'DATE',
  'TIMESTAMP',
  'VARCHAR',
  'CHAR',
  'STRING',
] as const;
export type ConnectorType = (typeof CONNECTOR_TYPES)[number];

/**
 * Names the column-type mapper (AmazonMskUtils.toArrowType) accepts but the
 * json/csv parser cannot fill, measured with the real connector: each with what
 * happens and the name to use.
 */
const UNCONVERTED_TYPES: Record<string, { happens: string; use: string }> = {
  BOOL: { happens: 'a boolean column that reads false for every record', use: 'BOOLEAN' },
  LONG: { happens: 'a bigint column handed text: the whole query fails', use: 'BIGINT' },
  INT32: { happens: 'an int column handed text: the whole query fails', use: 'INTEGER' },
  INT64: { happens: 'a bigint column handed text: the whole query fails', use: 'BIGINT' },
  FLOAT: { happens: 'a float column handed a double: the query fails', use: 'DOUBLE' },
  REAL: { happens: 'read as text, not a number', use: 'DOUBLE' },
};

/** A typo's likely type first (`STRNG`: did you mean STRING?), then the list. */
function typeFix(typed: string): string {
  const near = closestMatch(typed.trim(), [...CONNECTOR_TYPES, ...Object.keys(UNCONVERTED_TYPES)]);
  const suggestion = near && (UNCONVERTED_TYPES[near]?.use ?? near);
  return `${suggestion ? `did you mean ${suggestion}? ` : ''}use one of ${CONNECTOR_TYPES.join(', ')}`;
}

const TEMPORAL = new Set(['DATE', 'TIMESTAMP']);
const NESTED_TYPE = /^(ARRAY|MAP|STRUCT|ROW|LIST|OBJECT|JSON|RECORD)\b/i;

const str = (what: string) =>
  expecting<string>((v) => v !== undefined, 'is missing', `add the ${what}`).refine((v) => typeof v === 'string', {
    ...rule((v) => `expected a string ${what}, got ${JSON.stringify(v)}`),
    abort: true,
  });

const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);

const fieldSchema = z
  .strictObject({
    name: str('column name').refine((s) => s.length >= 1, rule('is empty', 'give the column a name')),
    mapping: str('mapping').refine((s) => s.length >= 1, rule('is empty', 'name the JSON key (json) or the 0-based column index (csv)')),
    type: str('type')
      .refine((s) => s.length >= 1, rule('is empty', 'use one of ' + CONNECTOR_TYPES.join(', ')))
      .superRefine((t, ctx) => {
        if ((CONNECTOR_TYPES as readonly string[]).includes(t.toUpperCase())) return;
        const unconverted = UNCONVERTED_TYPES[t.trim().toUpperCase()];
        ctx.addIssue(
          NESTED_TYPE.test(t)
            ? issue(
                `"${t}" is not a type the connector reads (nested values come back empty)`,
                'write nested values as JSON strings and type the field VARCHAR',
              )
            : unconverted
              ? issue(`"${t}" is not converted by the connector's json/csv parser (${unconverted.happens})`, `use ${unconverted.use}`)
              : issue(`"${t}" is not a connector type`, typeFix(t)),
        );
      }),
    formatHint: str('formatHint').optional(),
  })
  .superRefine((f, ctx) => {
    if (typeof f.type !== 'string' || !TEMPORAL.has(f.type.toUpperCase())) return;
    if (f.formatHint === undefined || f.formatHint === '') {
      ctx.addIssue({
        ...issue(
          `is required for ${f.type.toUpperCase()}`,
          'give a Java SimpleDateFormat pattern such as "yyyy-MM-dd HH:mm:ss.SSS" (epoch numbers: type the field BIGINT)',
        ),
        path: ['formatHint'],
      });
      return;
    }
    const problem = simpleDateFormatProblem(f.formatHint);
    if (problem) {
      ctx.addIssue({
        ...issue(`"${f.formatHint}" ${problem}`, 'write a Java SimpleDateFormat pattern (letters such as yyyy MM dd HH mm ss SSS, literals in single quotes)'),
        path: ['formatHint'],
      });
    }
  });

export const tableSchemaDocument = guarded(
  isObject,
  'expected a JSON object',
  'write {"topicName": "...", "message": {...}}',
  z.strictObject({
    topicName: str('topic name').refine((s) => TOPIC_NAME.pattern.test(s), rule('is not a Kafka topic name', `use ${TOPIC_NAME.rule}`)),
    message: guarded(
      isObject,
      'expected an object',
      'write {"dataFormat": "json", "fields": [...]}',
      z.strictObject({
        dataFormat: expecting<'json' | 'csv'>((v) => v !== undefined, 'is missing', 'write "json" or "csv"').refine((v) => v === 'json' || v === 'csv', {
          ...rule((v) => `${JSON.stringify(v)} is not a data format the connector reads`, 'write exactly "json" or "csv" (lower case)'),
          abort: true,
        }),
        fields: z.array(fieldSchema, { error: 'expected an array of fields' }).refine((f) => f.length >= 1, rule('is empty', 'describe at least one field')),
      }),
    ),
  }),
);

/**
 * Rules across fields. They run on the raw document, so a file with a bad type in
 * one field still gets its duplicate names and csv mappings reported.
 */
export function crossFieldIssues(raw: unknown): (Required<Finding> & { path: (string | number)[] })[] {
  const fields = (raw as { message?: { fields?: unknown; dataFormat?: unknown } } | null)?.message?.fields;
  if (!Array.isArray(fields)) return [];
  const csv = (raw as { message: { dataFormat?: unknown } }).message.dataFormat === 'csv';
  const issues: ReturnType<typeof crossFieldIssues> = [];
  const seen = new Map<string, number>();
  fields.forEach((f: unknown, i) => {
    const { name, mapping } = (f ?? {}) as { name?: unknown; mapping?: unknown };
    if (typeof name === 'string' && name !== '') {
      const first = seen.get(name.toLowerCase());
      if (first !== undefined) {
        issues.push({
          path: ['message', 'fields', i, 'name'],
          problem: `"${name}" repeats fields[${first}].name (Athena ignores case)`,
          fix: 'give each column a distinct name',
        });
      } else seen.set(name.toLowerCase(), i);
    }
    // MskJsonDeserializer reads json.get(mapping): the whole text is one top-level key, never a path.
    if (!csv && typeof mapping === 'string' && mapping.includes('.')) {
      const [top, ...rest] = mapping.replace(/^\$/, '').split('.').filter(Boolean);
      const fix =
        rest.length === 0
          ? `write the key itself${top ? `: "${top}"` : ''}`
          : `map the top-level key "${top}" as VARCHAR (the producer writing it as a JSON string) and read json_extract_scalar(${top}, '$.${rest.join(
              '.',
            )}') in SQL, ` + 'or write the value under a top-level key of its own in the producer';
      issues.push({
        path: ['message', 'fields', i, 'mapping'],
        problem: `"${mapping}" is a nested path, and the connector looks the whole mapping up as one top-level key (the column would always be NULL)`,
        fix,
      });
    }
    if (csv && typeof mapping === 'string' && mapping !== '' && !/^\d+$/.test(mapping)) {
      issues.push({
        path: ['message', 'fields', i, 'mapping'],
        problem: `"${mapping}" is not a column index`,
        fix: 'csv mappings are 0-based column numbers such as "0"',
      });
    }
  });
  return issues;
}

export type TableSchemaDocument = z.output<typeof tableSchemaDocument>;
export type TableField = TableSchemaDocument['message']['fields'][number];
