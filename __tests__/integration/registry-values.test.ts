import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RegistryRecordChecker } from '../../core/records/registry-record-check';
import { checkSchemaFolder, type AvroTable, type ProtobufTable } from '../../core/tables/schema-folder';
import { randomAvroRecords, randomProtobufRecords } from '../fixtures/jvm/registry-values/records';
import { ROOT } from '../helpers/synth';

/*
 * verify's Avro and Protobuf predictions against the Java libraries the
 * connector decodes with: seeded random records (records.ts) go through
 * schema-registry-serde's format deserializers (Apache Avro's
 * GenericDatumReader, protobuf-java's DynamicMessage, at the connector's
 * versions, from Maven Central) and through verify's row prediction, and every
 * column of every record must read the same. CI runs a fixed seed, so a red
 * run means a change broke a prediction, never that the dice found a class
 * not yet handled; REGISTRY_VALUES_SEED=N replays seed N and
 * REGISTRY_VALUES_SEED=random draws a new one to hunt for more. The seed is
 * printed and named in every difference.
 */

const FIXTURES = join(ROOT, '__tests__', 'fixtures', 'jvm');
const ORACLE = join(FIXTURES, 'registry-values', 'RegistryValuesOracle.java');
const SERDE_POM = join(FIXTURES, 'glue-serde', 'pom.xml');
const LIBS = join(ROOT, '.cache', 'glue-serde', 'libs');
const RECORDS = 1500;
const VERSION_ID = '5a1e0000-0000-4000-8000-00000000ed9e';

const SEED_SETTING = process.env.REGISTRY_VALUES_SEED;
const SEED = SEED_SETTING === 'random' ? Math.floor(Math.random() * 2 ** 31) : SEED_SETTING ? Number(SEED_SETTING) : 1000;

function ensureSerdeJars(): void {
  if (existsSync(join(LIBS, 'schema-registry-serde-1.1.27.jar'))) return;
  mkdirSync(LIBS, { recursive: true });
  execFileSync(
    'mvn',
    ['-q', '-B', '-Dstyle.color=never', '-f', SERDE_POM, 'dependency:copy-dependencies', `-DoutputDirectory=${LIBS}`, '-DincludeScope=runtime'],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
}

/** The tables of the fixture schemas, read as the project reads schemas/. */
function tables(): (AvroTable | ProtobufTable)[] {
  const dir = mkdtempSync(join(tmpdir(), 'registry-values-'));
  mkdirSync(join(dir, 'edge'));
  for (const file of ['values_avro.avsc', 'values2.proto', 'values3.proto'])
    writeFileSync(join(dir, 'edge', file), readFileSync(join(FIXTURES, 'registry-values', file)));
  const report = checkSchemaFolder(dir, dir);
  expect(report.problems).toEqual([]);
  return report.registries[0].tables as (AvroTable | ProtobufTable)[];
}

type JavaRecord = { error: string } | Record<string, string>;

/** What the Java libraries decode from each record: the fields offered to the connector's block, or the error. */
function javaRecords(table: AvroTable | ProtobufTable, records: readonly Buffer[]): JavaRecord[] {
  const definition = join(mkdtempSync(join(tmpdir(), 'registry-values-def-')), table.file.split('/').pop()!);
  writeFileSync(definition, table.definition);
  const run = spawnSync('java', ['-cp', `${LIBS}/*`, ORACLE, table.format, table.table, definition], {
    input: records.map((r) => r.toString('hex')).join('\n') + '\n',
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    timeout: 300_000,
  });
  if (run.status !== 0)
    throw new Error(`RegistryValuesOracle failed (exit ${run.status}):\n${(run.stderr || run.error?.message || '').split('\n').slice(0, 15).join('\n')}`);
  const lines = run.stdout.trim().split('\n');
  if (lines.length !== records.length) throw new Error(`RegistryValuesOracle answered ${lines.length} of ${records.length} records`);
  return lines.map((l) => JSON.parse(l));
}

/** Java's and verify's value, long texts cut to where they first differ. */
function whereTheyDiffer(java: string | null, ours: string | null): string {
  if (java === null || ours === null || (java.length < 120 && ours.length < 120)) return `Java ${JSON.stringify(java)}, verify ${JSON.stringify(ours)}`;
  let at = 0;
  while (java[at] === ours[at]) at++;
  const from = Math.max(0, at - 40);
  return `from character ${at}: Java ${JSON.stringify(java.slice(from, at + 60))}, verify ${JSON.stringify(ours.slice(from, at + 60))}`;
}

interface Comparison {
  values: number;
  nulls: number;
  failedRecords: number;
  differences: string[];
}

/** Every column of every record, Java's against verify's rows. */
function compare(table: AvroTable | ProtobufTable, records: readonly Buffer[], seed: number): Comparison {
  const checker = new RegistryRecordChecker(`edge.${table.table}`, table, Infinity);
  const version = { registry: table.registry, schema: table.table, dataFormat: table.format === 'avro' ? 'AVRO' : 'PROTOBUF', definition: table.definition };
  records.forEach((r, i) => checker.add(r, 0, version, String(i)));
  const rows = checker.rows!;
  const java = javaRecords(table, records);
  const out: Comparison = { values: 0, nulls: 0, failedRecords: 0, differences: [] };
  const at = (i: number) => `seed ${seed}, ${table.table} record ${i} (${records[i].toString('hex')})`;
  rows.forEach((row, i) => {
    const j = java[i];
    if ('error' in j && typeof j.error === 'string' && Object.keys(j).length === 1) {
      out.failedRecords++;
      if (!row.unreadable) out.differences.push(`${at(i)}: Java fails (${j.error}), verify reads it`);
      return;
    }
    if (row.unreadable) {
      out.differences.push(`${at(i)}: Java reads it, verify says the query fails (${row.unreadable})`);
      return;
    }
    for (const c of table.columns) {
      const expected = (j as Record<string, string>)[c.name] ?? null;
      const predicted = row.values[c.name.toLowerCase()];
      out.values++;
      if (expected === null) out.nulls++;
      if (predicted !== expected) out.differences.push(`${at(i)} column ${c.name} (${c.declared}): ${whereTheyDiffer(expected, predicted)}`);
    }
  });
  return out;
}

beforeAll(() => {
  ensureSerdeJars();
  console.log(`registry values: seed ${SEED} (REGISTRY_VALUES_SEED=${SEED} replays it), ${RECORDS} records per schema`);
}, 600_000);

describe('Avro and Protobuf values: verify against the Java libraries the connector runs', () => {
  const byTable = (name: string) => tables().find((t) => t.table === name)!;

  it.each([
    ['Avro (GenericDatumReader)', 'values_avro', 1],
    ['proto2 (DynamicMessage)', 'values2', 2],
    ['proto3 (DynamicMessage)', 'values3', 3],
  ])(
    '%s: random records read the same, column by column',
    (_name, tableName, offset) => {
      const table = byTable(tableName);
      const seed = SEED + offset;
      const records =
        table.format === 'avro'
          ? randomAvroRecords(table.definition, VERSION_ID, RECORDS, seed)
          : randomProtobufRecords(table.definition, table.messageName, VERSION_ID, RECORDS, seed);
      const result = compare(table, records, seed);
      console.log(
        `registry values: ${table.table}, seed ${seed}: ${result.values} values of ${RECORDS - result.failedRecords} records compared (${result.nulls} NULL), ` +
          `${result.failedRecords} records Java cannot read, ${result.differences.length} differences`,
      );
      // REGISTRY_VALUES_DIFFERENCES=<folder> keeps every difference, one file per schema, for a closer look.
      if (process.env.REGISTRY_VALUES_DIFFERENCES)
        writeFileSync(join(process.env.REGISTRY_VALUES_DIFFERENCES, `${table.table}-${seed}.txt`), result.differences.map((d) => `${d}\n`).join(''));
      expect({ seed, differences: result.differences.length, first: result.differences.slice(0, 12) }).toEqual({ seed, differences: 0, first: [] });
      // The comparison is not vacuous: most records are read, with values and NULLs both present.
      expect(RECORDS - result.failedRecords).toBeGreaterThan(RECORDS * 0.6);
      expect(result.values - result.nulls).toBeGreaterThan(result.values * 0.3);
      if (table.format === 'protobuf') expect(result.nulls).toBeGreaterThan(0);
    },
    600_000,
  );
});
