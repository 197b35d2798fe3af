/**
 * `npm run schemas:infer -- --topic T --database D`: a table file for a topic a
 * team already has (`--all`: for every topic of the cluster, infer-all.ts). Reads a sample of the topic, works out its format and each
 * field's type (core/tables/infer), prints the evidence, writes
 * schemas/D/<table>.json (or <topic>.avsc / <topic>.proto for records in the Glue
 * Schema Registry wire format), judges it as schemas:check does and finally reads
 * the sample through it as verify does.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Kafka } from 'kafkajs';
import { readTopic } from '../../functions/shared/read-topic';
import { RecordChecker } from '../../core/records/record-check';
import { RegistryRecordChecker, type WriterVersion } from '../../core/records/registry-record-check';
import { DATABASE_OBJECT_NAME, TOPIC_NAME } from '../../core/limits';
import { counted, formatProblem } from '../../core/problems';
import { PROJECT_ROOT } from '../../core/project-root';
import { columnName } from '../../core/tables/infer/column-names';
import { detectFormat } from '../../core/tables/infer/detect-format';
import { inferDocument } from '../../core/tables/infer/document-infer';
import { InferenceRefusal } from '../../core/tables/infer/refusal';
import { databaseFor, isInternalTopic, parseDatabaseMap, summarize, type DatabaseRule, type TopicOutcome } from './infer-all';
import { inferRegistryTable, versionIdsOf, type RegistryInference } from '../../core/tables/infer/registry-infer';
import { documentReport, registryReport } from '../../core/tables/infer/report';
import type { SampleRecord } from '../../core/tables/infer/sample';
import { checkSchemaFolder, type AvroTable, type ProtobufTable, type TableDefinition } from '../../core/tables/schema-folder';
import { runCli, UsageError, wholeNumber, type Parsed } from '../lib/command';
import { cliKafka, cliSchemaVersions, describeKafkaError, isLocal, KAFKA_OPTIONS, KAFKA_USAGE } from '../lib/kafka/connection';
import { topicTables } from '../lib/project/schemas';
import { renderReport, summaryLine, verifyResult } from '../lib/verify-report';
import { adoptTopic } from './topic-adoption';
import { loadEnvironmentConfig } from '../../config/load';

const USAGE = `usage: npm run schemas:infer -- --topic T --database D [options]
       npm run schemas:infer -- --all --database D | --database-map MAP [options]
  --topic T          the topic to read
  --all              every topic of the cluster but internal ones (names starting with _), each
                     into its own table file, then a summary of what was written, skipped and why
  --database D       the schema folder to write into, schemas/D/ (the Glue registry and Athena database);
                     with --all and --database-map, where topics no pattern matches go
  --database-map MAP with --all: the schema folder per topic, by topic-name patterns (* = anything),
                     the first that matches wins: 'billing.*=sales,iot-*=telemetry', or a JSON file
                     such as map.json holding {"billing.*": "sales", "*": "misc"}
  --narrow-integers  type whole numbers INTEGER when the sample's fit (default BIGINT: the sample's
                     largest value is not the topic's, and a larger one would read NULL in INTEGER)
  --table NAME       the table of a JSON or CSV topic (default: the topic name in lower case, with _)
  --sample N         records to read from the start of the topic (default 1000)
  --columns a,b,c    names of a CSV topic's columns, in order (default: its header row, else c0, c1, ...)
  --force            replace the table's file when it exists
  --env NAME         the environment whose config records the topic's settings (default dev)
  --local            the local broker (npm run kafka:up; the default without --brokers)
${KAFKA_USAGE}
  -h, --help         this text

JSON records become <table>.json with one field per top-level key; CSV records the same
by column; Avro and Protobuf records in the Glue Schema Registry wire format become
<topic>.avsc or <topic>.proto, the writer's schema from the registry. Each field's type
is printed with its evidence; the sample is then read through the written file as
npm run verify reads the topic. Nothing is written when the file exists (without
--force), the topic is empty or the sample is contradictory. Like synth, it writes
into MSK_ATHENA_SCHEMAS when that names another schema folder.

The topic's partitions, retention and cleanup.policy are read too; where they
differ from what the environment gives new topics they are recorded in
topics.overrides.<topic> of config/<env>.json, so the next deploy changes
nothing on the topic (with --brokers; a local broker's topics are not the
cluster's, so --local only prints what to record).`;

const spec = {
  name: 'schemas:infer',
  usage: USAGE,
  options: {
    topic: { type: 'string' },
    all: { type: 'boolean' },
    database: { type: 'string' },
    'database-map': { type: 'string' },
    'narrow-integers': { type: 'boolean' },
    table: { type: 'string' },
    sample: { type: 'string' },
    columns: { type: 'string' },
    force: { type: 'boolean' },
    env: { type: 'string' },
    ...KAFKA_OPTIONS,
  },
} as const;

type Values = Parsed<typeof spec.options>['values'];

const NAME = DATABASE_OBJECT_NAME;

function nameOption(value: string, option: string): string {
  if (!NAME.pattern.test(value)) throw new UsageError(`${option} "${value}" is not ${NAME.rule}; use ${columnName(value)}`);
  return value;
}

/** --columns as names, each a good column name, none repeated. */
function columnsOption(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const names = value.split(',').map((n) => n.trim());
  names.forEach((n) => nameOption(n, '--columns name'));
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new UsageError(`--columns names "${twice}" twice; give each column its own name`);
  return names;
}

/** The table files in the database folder for the same table under any extension. */
function sameTable(dir: string, table: string): string[] {
  return ['json', 'avsc', 'proto'].map((ext) => join(dir, `${table}.${ext}`)).filter((p) => existsSync(p));
}

async function listTopics(kafka: Kafka): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.listTopics()).sort();
  } finally {
    await admin.disconnect();
  }
}

async function topicRecords(kafka: Kafka, topic: string, sample: number, brokers: string): Promise<SampleRecord[]> {
  const topics = await listTopics(kafka);
  if (!topics.includes(topic)) {
    const shown =
      topics
        .filter((t) => !t.startsWith('__'))
        .slice(0, 20)
        .join(', ') || 'none';
    throw new Error(`topic ${topic} does not exist at ${brokers} (topics there: ${shown})`);
  }
  return readTopic(kafka, topic, sample);
}

/** The table file exists and --force was not given: nothing written (with --all, the topic is skipped). */
class TableExists extends Error {
  constructor(readonly files: string) {
    super(`${files} already exists, nothing written; pass --force to replace it`);
    this.name = 'TableExists';
  }
}

/** What the registry says of each version id the records carry (undefined: it has no such version). */
async function writerVersions(values: Values, records: readonly SampleRecord[]): Promise<Map<string, WriterVersion | undefined>> {
  const versions = await cliSchemaVersions(values);
  const ids = [...versionIdsOf(records).keys()];
  return new Map(await Promise.all(ids.map(async (id) => [id, await versions.describe(id)] as const)));
}

/**
 * verify's reading of the sample through the written table, with verify's
 * verdict (absent keys and nulls that read NULL are as written), and the table
 * files of other topics verify would skip for their problems.
 */
function checkSample(table: TableDefinition, records: readonly SampleRecord[], versions?: ReadonlyMap<string, WriterVersion | undefined>): string[] {
  const label = `${table.registry}.${table.table}`;
  let report;
  if (table.format === 'json' || table.format === 'csv') {
    const checker = new RecordChecker(label, table.document);
    for (const r of records) checker.add(r.value, r.partition, r.offset);
    report = checker.report;
  } else {
    const checker = new RegistryRecordChecker(label, table as AvroTable | ProtobufTable);
    for (const r of records) {
      const id = r.bytes ? RegistryRecordChecker.versionId(r.bytes) : undefined;
      checker.add(r.bytes, r.partition, typeof id === 'string' ? versions?.get(id) : undefined, r.offset);
    }
    report = checker.report;
  }
  const result = verifyResult([{ ...report, format: table.format }]);
  const lines = [renderReport(result.reports[0]), summaryLine(result)];
  if (result.problems > 0) {
    lines.push(
      'schemas:infer: the values above that Athena would lose are the ones the warnings name (nested values, nulls read as text, header rows); ' +
        'fix the producers, or accept a known loss with verify --accept (see npm run verify -- --help)',
    );
  }
  return [...lines, ...otherTopicWarnings(table.topic)];
}

/** What verify says of table files with problems, when they are not this topic's: skipped, with what synth will say. */
function otherTopicWarnings(topic: string): string[] {
  try {
    return topicTables(topic).warnings;
  } catch {
    return []; // problems of this topic's own files are reported above, by schemas:check's rules
  }
}

/** What every topic of one run shares: the connection, the options and where files go. */
interface Session {
  readonly values: Values;
  readonly kafka: Kafka;
  readonly env: string;
  readonly sample: number;
  readonly narrowIntegers: boolean;
  readonly force: boolean;
  /** The schema folder: schemas/, or MSK_ATHENA_SCHEMAS. */
  readonly root: string;
}

interface TopicJob {
  readonly topic: string;
  readonly database: string;
  /** --table: only for one JSON or CSV topic. */
  readonly table?: string;
  readonly columns?: string[];
}

/** What one topic's inference wrote: the file, its format and whether the connector can read it (1: problems printed). */
interface Written {
  readonly file: string;
  readonly format: string;
  readonly code: number;
  readonly lostValues: number;
}

async function infer(values: Values): Promise<number> {
  if (values.all) return inferAll(values);
  if (values['database-map'] !== undefined) throw new UsageError('--database-map chooses folders for --all; for one topic give --database D');
  if (!values.topic) throw new UsageError('say which topic: --topic T (or --all for every topic)');
  if (!TOPIC_NAME.pattern.test(values.topic)) throw new UsageError(`--topic "${values.topic}" is not a Kafka topic name; use ${TOPIC_NAME.rule}`);
  if (!values.database) throw new UsageError('say which schema folder to write into: --database D (schemas/D/)');
  const job = {
    topic: values.topic,
    database: nameOption(values.database, '--database'),
    table: values.table === undefined ? undefined : nameOption(values.table, '--table'),
    columns: columnsOption(values.columns),
  };
  const session = await openSession(values);
  const records = await topicRecords(session.kafka, job.topic, session.sample, session.brokers);
  return (await inferTopic(session, job, records)).code;
}

async function openSession(values: Values): Promise<Session & { brokers: string }> {
  const sample = wholeNumber(values.sample, '--sample', { min: 1 }) ?? 1000;
  const env = values.env ?? 'dev';
  loadEnvironmentConfig(env); // a config that does not load fails before the topic is read
  const { kafka, brokers } = await cliKafka(values, 'msk-athena-schemas-infer');
  const root = resolve(process.env.MSK_ATHENA_SCHEMAS ?? join(PROJECT_ROOT, 'schemas'));
  return { values, kafka, brokers, env, sample, narrowIntegers: Boolean(values['narrow-integers']), force: Boolean(values.force), root };
}

/** A schema folder elsewhere (MSK_ATHENA_SCHEMAS) is shown as it is rather than as a climb out of the project. */
const shown = (p: string) => (relative(PROJECT_ROOT, p).startsWith('..') ? p : relative(PROJECT_ROOT, p));

/**
 * One topic: infers its table from `records`, prints the evidence, writes the
 * file, judges it and reads the sample through it, then records the topic's
 * settings. Throws InferenceRefusal or TableExists when it writes nothing.
 */
async function inferTopic(session: Session, job: TopicJob, records: readonly SampleRecord[]): Promise<Written> {
  const { values } = session;
  const { topic, database, columns } = job;
  const dir = join(session.root, database);
  const format = detectFormat(topic, records);
  if (columns && format !== 'csv')
    throw new UsageError(`--columns names CSV columns, and ${topic} holds ${format === 'json' ? 'JSON objects' : 'Avro or Protobuf records'}`);
  if (job.table !== undefined && format === 'registry') {
    throw new UsageError(`--table does not apply: ${topic} holds Avro or Protobuf records, whose table file is named after the topic`);
  }
  const table = job.table ?? columnName(topic);

  let path: string;
  let text: string;
  let lines: string[];
  let versions: Map<string, WriterVersion | undefined> | undefined;
  let registry: RegistryInference | undefined;
  const tombstones = records.filter((r) => r.value === null).length;
  const head = `schemas:infer: ${counted(records.length, 'record')} of ${topic} read`;
  if (format === 'registry') {
    versions = await writerVersions(values, records);
    registry = inferRegistryTable(topic, records, versions, values['glue-endpoint'] ?? 'the Glue Schema Registry');
    path = join(dir, registry.fileName);
    text = registry.text;
    lines = [`${head}: ${registry.format} in the Glue Schema Registry wire format`];
  } else {
    const inference = inferDocument(topic, format, records, { columns, narrowIntegers: session.narrowIntegers });
    path = join(dir, `${table}.json`);
    text = `${JSON.stringify(inference.document, null, 2)}\n`;
    lines = [`${head}: ${format === 'json' ? 'JSON objects' : 'CSV'}`, ...documentReport(inference)];
  }
  if (tombstones > 0) lines.push(`  warning: ${counted(tombstones, 'tombstone')} (null values): the connector returns no later record of their partitions`);
  const rel = relative(PROJECT_ROOT, path);
  const formatName = registry ? (registry.format === 'avro' ? 'Avro' : 'Protobuf') : format === 'json' ? 'JSON' : 'CSV';

  const existing = sameTable(dir, path.slice(dir.length + 1).replace(/\.(json|avsc|proto)$/, ''));
  if (existing.length > 0 && !session.force) {
    if (!registry) lines.forEach((l) => console.log(l));
    throw new TableExists(existing.map(shown).join(' and '));
  }
  mkdirSync(dir, { recursive: true });
  for (const other of existing.filter((p) => p !== path)) rmSync(other);
  writeFileSync(path, text);

  const report = checkSchemaFolder(resolve(dir, '..'), PROJECT_ROOT);
  const written = report.registries.find((r) => r.folder === database)?.tables.find((t) => t.file === rel);
  if (registry) lines.push(...registryReport(registry, written?.columns ?? []));
  lines.forEach((l) => console.log(l));
  console.log(`wrote ${shown(path)}${existing.length > 0 ? ` (replacing ${existing.map(shown).join(', ')})` : ''}`);
  for (const w of report.warnings.filter((p) => p.file === rel)) console.log(`warning: ${formatProblem(w)}`);
  const problems = report.problems.filter((p) => p.file === rel);
  if (problems.length > 0 || !written) {
    for (const p of problems) console.error(formatProblem(p));
    console.error(
      `schemas:infer: ${rel} is the writer's schema, and the connector cannot read it as it is (${counted(problems.length, 'problem')}); ` +
        "change the producers' schema as each line says, or edit the file, before synthesizing",
    );
    return { file: shown(path), format: formatName, code: 1, lostValues: 0 };
  }
  const sampleLines = checkSample(written, records, versions);
  console.log(sampleLines.join('\n'));
  const projectSchemas = resolve(dir, '..') === resolve(PROJECT_ROOT, 'schemas');
  const record = isLocal(values)
    ? { write: false, why: "a local broker's topic settings are not the cluster's" }
    : projectSchemas
      ? { write: true }
      : { write: false, why: 'the table went to a schema folder outside the project, whose config/ does not read it' };
  console.log((await adoptTopic(session.kafka, topic, session.env, record)).lines.join('\n'));
  // verify's summary line says whether Athena would lose values; the summary table repeats it.
  const lost = /^verify: (\d+) problem/m.exec(sampleLines.join('\n'));
  return { file: shown(path), format: formatName, code: 0, lostValues: lost ? Number(lost[1]) : 0 };
}

/** `--all`: every topic but internal ones, one table file each, and the summary. */
async function inferAll(values: Values): Promise<number> {
  for (const option of ['topic', 'table', 'columns'] as const) {
    if (values[option] !== undefined)
      throw new UsageError(`--${option} names one topic's table; --all infers every topic (run the topic alone for --${option})`);
  }
  const rules: DatabaseRule[] = values['database-map'] === undefined ? [] : parseDatabaseMap(values['database-map']);
  const fallback = values.database === undefined ? undefined : nameOption(values.database, '--database');
  if (rules.length === 0 && !fallback) {
    throw new UsageError("say where the tables go: --database D for every topic, or --database-map 'billing.*=sales,*=misc'");
  }
  const session = await openSession(values);
  const topics = await listTopics(session.kafka);
  const internal = topics.filter(isInternalTopic);
  const candidates = topics.filter((t) => !isInternalTopic(t));
  if (candidates.length === 0) {
    throw new Error(`no topic at ${session.brokers} but internal ones (${internal.join(', ') || 'none'}); produce to a topic first, or check --brokers`);
  }
  const outcomes: TopicOutcome[] = [];
  // A topic a table in another folder already reads would get a second table (two Athena tables, two Glue schemas of one topic).
  const readBy = new Map<string, string>();
  if (existsSync(session.root)) {
    for (const r of checkSchemaFolder(session.root, PROJECT_ROOT).registries) for (const t of r.tables) if (!readBy.has(t.topic)) readBy.set(t.topic, t.file);
  }
  // Two topics whose tables would share a file in one folder (a-b and a_b): the second would replace the first.
  const claimed = new Map<string, string>();
  for (const [i, topic] of candidates.entries()) {
    const database = databaseFor(topic, rules, fallback);
    console.log(`\n== ${topic} (${i + 1} of ${candidates.length})${database ? `: ${database}` : ''}`);
    if (!database) {
      const why = 'no --database-map pattern matches it; add one, or --database D for the rest';
      console.log(`skipped: ${why}`);
      outcomes.push({ topic, result: 'skipped', why });
      continue;
    }
    const table = readBy.get(topic);
    if (table !== undefined && !table.startsWith(`${relative(PROJECT_ROOT, join(session.root, database))}/`)) {
      const why = `${table} already reads it; infer it alone with --topic ${topic} to replace that table`;
      console.log(`skipped: ${why}`);
      outcomes.push({ topic, database, result: 'skipped', why });
      continue;
    }
    try {
      const records = await readTopic(session.kafka, topic, session.sample);
      const key = `${database}/${detectFormat(topic, records) === 'registry' ? topic : columnName(topic)}`;
      const other = claimed.get(key);
      if (other !== undefined) {
        const why = `its table name is ${other}'s (${key}); infer it alone with --topic ${topic} --table NAME`;
        console.log(`skipped: ${why}`);
        outcomes.push({ topic, database, result: 'skipped', why });
        continue;
      }
      claimed.set(key, topic);
      const written = await inferTopic(session, { topic, database }, records);
      outcomes.push({
        topic,
        database,
        result: written.code === 0 ? 'wrote' : 'failed',
        file: written.file,
        format: written.format,
        why:
          written.code !== 0
            ? "the connector cannot read the writer's schema as it is (problems above)"
            : written.lostValues > 0
              ? `verify: ${counted(written.lostValues, 'problem')} in the sample (see above)`
              : undefined,
      });
    } catch (err) {
      const why =
        err instanceof InferenceRefusal
          ? err.lines.map((l) => l.trim()).join(' ')
          : err instanceof TableExists
            ? `${err.files} exists; pass --force to replace it`
            : (describeKafkaError(err) ?? (err as Error).message);
      const failed = !(err instanceof InferenceRefusal || err instanceof TableExists);
      (failed ? console.error : console.log)(`${failed ? 'failed' : 'skipped'}: ${why}`);
      outcomes.push({ topic, database, result: failed ? 'failed' : 'skipped', why });
    }
  }
  const summary = summarize(outcomes, internal);
  console.log(`\n${summary.lines.join('\n')}`);
  return summary.code;
}

/** The tool, run with an argument list (the npm script passes the process's). */
export function main(argv: string[]): Promise<number> {
  return runCli(
    spec,
    ({ values }) => infer(values),
    argv,
    (err) => (err instanceof InferenceRefusal ? err.message : describeKafkaError(err)),
  );
}
