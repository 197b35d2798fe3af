import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import avro from 'avsc';
import { avroBackward } from '../../core/tables/compatibility/avro-backward';
import { randomSchemaPairs, type SchemaPair } from '../fixtures/jvm/avro-compatibility/pairs';
import { ROOT } from '../helpers/synth';

/*
 * schemas:check --base judges an Avro change as Glue does: with Apache Avro's
 * SchemaCompatibility (reader = the new version, writer = the one before).
 * Here Avro itself, at 1.11.4 and 1.12.1 (jars fetched from Maven Central by
 * this test), judges seeded random pairs of schemas (pairs.ts) and a few
 * written by hand, and the project must reach the same verdict on every one.
 * CI runs a fixed seed (a red run means a change broke a verdict);
 * AVRO_COMPATIBILITY_SEED=N replays seed N and AVRO_COMPATIBILITY_SEED=random
 * draws a new one. The seed is printed and named in every difference.
 */

const FIXTURES = join(ROOT, '__tests__', 'fixtures', 'jvm', 'avro-compatibility');
const ORACLE = join(FIXTURES, 'AvroCompatibilityOracle.java');
const VERSIONS = ['1.11.4', '1.12.1'];
const PAIRS = 1500;
const SEED_SETTING = process.env.AVRO_COMPATIBILITY_SEED;
const SEED = SEED_SETTING === 'random' ? Math.floor(Math.random() * 2 ** 31) : SEED_SETTING ? Number(SEED_SETTING) : 1;

const libs = (version: string) => join(ROOT, '.cache', 'avro-compatibility', version);

function ensureAvroJars(version: string): void {
  if (existsSync(join(libs(version), `avro-${version}.jar`))) return;
  mkdirSync(libs(version), { recursive: true });
  execFileSync(
    'mvn',
    [
      '-q',
      '-B',
      '-Dstyle.color=never',
      '-f',
      join(FIXTURES, 'pom.xml'),
      `-Davro.version=${version}`,
      'dependency:copy-dependencies',
      `-DoutputDirectory=${libs(version)}`,
      '-DincludeScope=runtime',
    ],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
}

/** Avro's answer per pair: COMPATIBLE, INCOMPATIBLE ..., INVALID ... or ERROR ... (SchemaCompatibility threw). */
function avroVerdicts(version: string, pairs: readonly SchemaPair[]): string[] {
  const run = spawnSync('java', ['-cp', `${libs(version)}/*`, ORACLE], {
    input: pairs.map((p) => `${p.writer}\t${p.reader}\n`).join(''),
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    timeout: 300_000,
  });
  if (run.status !== 0) throw new Error(`AvroCompatibilityOracle failed (exit ${run.status}):\n${(run.stderr || run.error?.message || '').slice(0, 2000)}`);
  const lines = run.stdout.trimEnd().split('\n');
  if (lines.length !== pairs.length) throw new Error(`AvroCompatibilityOracle answered ${lines.length} of ${pairs.length} pairs`);
  return lines;
}

const valid = (text: string) => {
  try {
    avro.Type.forSchema(JSON.parse(text));
    return true;
  } catch {
    return false;
  }
};

/** The project's verdict: compatible when nothing is refused; invalid when avsc does not parse a schema. */
function ours(p: SchemaPair): 'COMPATIBLE' | 'INCOMPATIBLE' | 'INVALID' {
  if (!valid(p.writer) || !valid(p.reader)) return 'INVALID';
  return avroBackward('t.avsc', p.writer, p.reader).refused.length === 0 ? 'COMPATIBLE' : 'INCOMPATIBLE';
}

/** Pairs written by hand: the findings of DESIGN.md and the edits users ask about. */
const rec = (name: string, fields: object[], extra: object = {}) => JSON.stringify({ type: 'record', name, ...extra, fields });
const HAND_PICKED: SchemaPair[] = [
  // A namespace-only change: Avro compares a record's name without its namespace.
  {
    writer: rec('Shipment', [{ name: 'id', type: 'string' }], { namespace: 'example.customer' }),
    reader: rec('Shipment', [{ name: 'id', type: 'string' }], { namespace: 'example.shop' }),
  },
  // A renamed record with an alias by its old full name, and by its old simple name in another namespace.
  { writer: rec('A', [{ name: 'id', type: 'int' }], { namespace: 'x' }), reader: rec('B', [{ name: 'id', type: 'int' }], { namespace: 'x', aliases: ['A'] }) },
  { writer: rec('A', [{ name: 'id', type: 'int' }], { namespace: 'x' }), reader: rec('B', [{ name: 'id', type: 'int' }], { namespace: 'y', aliases: ['A'] }) },
  // A nested enum moved to another namespace; a nested record renamed.
  {
    writer: rec('R', [{ name: 'e', type: { type: 'enum', name: 'E', namespace: 'a', symbols: ['X', 'Y'] } }]),
    reader: rec('R', [{ name: 'e', type: { type: 'enum', name: 'E', namespace: 'b', symbols: ['X', 'Y'] } }]),
  },
  {
    writer: rec('R', [{ name: 'n', type: { type: 'record', name: 'N', fields: [] } }]),
    reader: rec('R', [{ name: 'n', type: { type: 'record', name: 'M', fields: [] } }]),
  },
  // A field matching two old fields through its aliases: Java throws.
  {
    writer: rec('R', [
      { name: 'a', type: 'int' },
      { name: 'b', type: 'int' },
    ]),
    reader: rec('R', [{ name: 'a', aliases: ['b'], type: 'int' }]),
  },
  // A new enum field without a field default but with an enum default.
  {
    writer: rec('R', [{ name: 'a', type: 'int' }]),
    reader: rec('R', [
      { name: 'a', type: 'int' },
      { name: 'e', type: { type: 'enum', name: 'E', symbols: ['X'], default: 'X' } },
    ]),
  },
  // Unions: nullable to plain, plain to nullable, a writer union whose every branch the reader reads.
  { writer: rec('R', [{ name: 'a', type: ['null', 'string'] }]), reader: rec('R', [{ name: 'a', type: 'string' }]) },
  { writer: rec('R', [{ name: 'a', type: 'string' }]), reader: rec('R', [{ name: 'a', type: ['null', 'string'] }]) },
  { writer: rec('R', [{ name: 'a', type: ['int', 'long'] }]), reader: rec('R', [{ name: 'a', type: 'double' }]) },
];

beforeAll(() => {
  VERSIONS.forEach(ensureAvroJars);
  console.log(
    `avro compatibility: seed ${SEED} (AVRO_COMPATIBILITY_SEED=${SEED} replays it), ${PAIRS} random pairs and ${HAND_PICKED.length} by hand per Avro version`,
  );
}, 600_000);

describe("Avro BACKWARD: the project's verdict against Apache Avro's SchemaCompatibility", () => {
  it.each(VERSIONS)('Avro %s: the same verdict on every random and hand-picked pair', (version) => {
    const pairs = [...HAND_PICKED, ...randomSchemaPairs(PAIRS, SEED)];
    const java = avroVerdicts(version, pairs);
    const differences: string[] = [];
    const tally = { COMPATIBLE: 0, INCOMPATIBLE: 0, ERROR: 0, INVALID: 0 };
    pairs.forEach((p, i) => {
      const verdict = java[i].split('\t')[0] as keyof typeof tally;
      tally[verdict]++;
      // Java throwing (a field matching two old ones) fails Glue's check: a refusal.
      const expected = verdict === 'ERROR' ? 'INCOMPATIBLE' : verdict;
      const mine = ours(p);
      if (mine !== expected) {
        const which = i < HAND_PICKED.length ? `hand-picked pair ${i}` : `seed ${SEED} pair ${i - HAND_PICKED.length}`;
        differences.push(`${which}: Avro ${java[i]}, ours ${mine}\n  writer ${p.writer}\n  reader ${p.reader}`);
      }
    });
    console.log(
      `avro compatibility ${version}, seed ${SEED}: ${pairs.length} pairs, Avro: ${tally.COMPATIBLE} compatible, ${tally.INCOMPATIBLE} incompatible, ` +
        `${tally.ERROR} errors, ${tally.INVALID} invalid; ${differences.length} differ`,
    );
    expect({ seed: SEED, differences: differences.length, first: differences.slice(0, 8) }).toEqual({ seed: SEED, differences: 0, first: [] });
    // Not vacuous: both verdicts are common, and nearly every pair is a valid schema both sides parse.
    expect(tally.COMPATIBLE).toBeGreaterThan(pairs.length * 0.2);
    expect(tally.INCOMPATIBLE).toBeGreaterThan(pairs.length * 0.2);
    expect(tally.INVALID).toBeLessThan(pairs.length * 0.05);
  });

  it('hand-picked: a namespace-only change is accepted, with nothing to warn about', () => {
    expect(avroBackward('t.avsc', HAND_PICKED[0].writer, HAND_PICKED[0].reader)).toEqual({ refused: [], warnings: [] });
  });
});
