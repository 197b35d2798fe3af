import { fieldPath, jsonSyntaxProblem, zodProblems, type Problem } from '../problems';
import { simpleDateFormatWarnings } from '../records/simple-date-format';
import { closestMatch } from '../suggest';
import { connectorColumnType, type Column } from './columns';
import { sampleHintProblems } from './sample-hint-check';
import { withoutSamples, type SampleHint } from './sample-hint';
import { CONNECTOR_TYPES, crossFieldIssues, tableSchemaDocument, type TableSchemaDocument } from './table-schema';

/*
 * A `<table>.json` file: the connector's topic description of a JSON or CSV
 * topic, plus the producer's optional `sample` per field.
 */

export interface DocumentRead {
  readonly problems: Problem[];
  readonly warnings: Problem[];
  readonly document?: TableSchemaDocument;
  /** What Glue gets: the file compacted, without `sample`. */
  readonly definition?: string;
  readonly columns?: Column[];
  /** Sample hints by column name; undefined when the file has none. */
  readonly samples?: Readonly<Record<string, SampleHint>>;
}

const UNKNOWN_KEY_FIX =
  'remove it; the connector reads topicName, message.dataFormat, message.fields and name, mapping, type, formatHint per field (and the sample ' +
  'producer reads sample)';

/**
 * `message.fields[2]` becomes `message.fields[2] (amount)` wherever the field
 * has a name: people find a field by its name, not by counting.
 */
export function withFieldName(field: string, fields: unknown, prefix = 'message.fields'): string {
  const at = new RegExp(`^${prefix.replace(/\./g, '\\.')}\\[(\\d+)\\]`).exec(field);
  if (!at || !Array.isArray(fields)) return field;
  const name = (fields[Number(at[1])] as { name?: unknown } | null)?.name;
  return typeof name === 'string' && name !== '' ? `${at[0]} (${name})${field.slice(at[0].length)}` : field;
}

/** The schema knows no `sample` (Glue never sees it), so a misspelt one gets its did-you-mean here. */
function sampleTypo(p: Problem): Problem {
  const key = /^message\.fields\[\d+\]\.(\w+)$/.exec(p.field)?.[1];
  return p.problem === 'unknown key' && key && closestMatch(key, ['sample']) ? { ...p, fix: 'did you mean `sample`?' } : p;
}

function formatHintWarnings(file: string, document: TableSchemaDocument): Problem[] {
  return document.message.fields.flatMap((f, i) =>
    f.formatHint
      ? simpleDateFormatWarnings(f.formatHint).map((w) => ({
          file,
          field: `message.fields[${i}].formatHint`,
          problem: `"${f.formatHint}" ${w.problem}`,
          fix: w.fix,
        }))
      : [],
  );
}

/**
 * Checks the sample hints of fields whose type is valid (a bad type is reported
 * on its own), whatever else is wrong with the file.
 */
function sampleProblems(file: string, rawFields: unknown, csv: boolean): { problems: Problem[]; samples: Record<string, SampleHint> } {
  const problems: Problem[] = [];
  const samples: Record<string, SampleHint> = {};
  (Array.isArray(rawFields) ? rawFields : []).forEach((f: unknown, i) => {
    const { name, type, sample } = (f ?? {}) as { name?: unknown; type?: unknown; sample?: unknown };
    if (sample === undefined || typeof type !== 'string' || !(CONNECTOR_TYPES as readonly string[]).includes(type.toUpperCase())) return;
    const found = sampleHintProblems(sample, { column: connectorColumnType(type), csv });
    problems.push(...found.map((p) => ({ file, field: `message.fields[${i}].sample${p.at}`, problem: p.problem, fix: p.fix })));
    if (found.length === 0 && typeof name === 'string') samples[name] = sample as SampleHint;
  });
  return { problems, samples };
}

export function readDocumentTable(file: string, text: string): DocumentRead {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { problems: [{ file, field: '', problem: jsonSyntaxProblem(text, err), fix: 'fix the syntax' }], warnings: [] };
  }
  // Glue gets the file without `sample`. The connector would not fail on it: GlueRegistryReader maps the
  // definition onto TopicSchema/Message/MSKField with an ObjectMapper that disables FAIL_ON_UNKNOWN_PROPERTIES
  // (MSKField's one extra property is `value`, hence the hint's other name). Stripped all the same, so that
  // changing a hint makes no new Glue schema version and Glue holds exactly what the connector reads.
  const message = (raw as { message?: { fields?: unknown } } | null)?.message;
  const rawFields = message?.fields;
  const connectorPart = Array.isArray(rawFields) ? { ...(raw as object), message: { ...message, fields: withoutSamples(rawFields) } } : raw;
  const problems: Problem[] = [];
  const parsed = tableSchemaDocument.safeParse(connectorPart);
  if (!parsed.success) problems.push(...zodProblems(file, parsed.error, { fix: UNKNOWN_KEY_FIX, schema: tableSchemaDocument }).map(sampleTypo));
  for (const { path, problem, fix } of crossFieldIssues(connectorPart)) problems.push({ file, field: fieldPath(path), problem, fix });
  const hints = sampleProblems(file, rawFields, (message as { dataFormat?: unknown } | undefined)?.dataFormat === 'csv');
  problems.push(...hints.problems);
  const named = (list: Problem[]) => list.map((p) => ({ ...p, field: withFieldName(p.field, rawFields) }));
  if (!parsed.success || problems.length > 0) return { problems: named(problems), warnings: [] };
  const document = parsed.data;
  return {
    problems: [],
    warnings: named(formatHintWarnings(file, document)),
    document,
    definition: JSON.stringify(connectorPart),
    columns: document.message.fields.map((f) => ({ name: f.name, type: connectorColumnType(f.type), declared: f.type })),
    samples: Object.keys(hints.samples).length > 0 ? hints.samples : undefined,
  };
}
