/**
 * `npm run bench`: measures, on this machine, what users feel: synth time and
 * memory (against a floor), cost per table, `cdktf synth` end to end, the unit
 * suite, producer throughput against raw kafkajs, the function bundles, and the
 * deploy rehearsal. `--only STAGE` measures some stages and keeps the other
 * figures of bench/results.json.
 * Writes bench/results.json, bench/results.md and bench/synth-vs-tables.svg.
 * Not part of CI's pass/fail: numbers are written down, never asserted.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { logLevel, Partitioners } from 'kafkajs';
import { generatorFor } from '../functions/producer/generators';
import { produce } from '../functions/producer/produce';
import { producerTables, TABLES_FILE } from '../core/tables/producer-tables';
import { createKafka } from '../functions/shared/kafka-client';
import { ensureTopics } from '../functions/topics/reconcile';
import { bundleFunction } from '../modules/lambda/bundle';
import { readSchemaFolder } from '../core/tables/schema-folder';
import { LocalKafka, KAFKA_VERSION } from '../scripts/local-kafka/broker';
import { command, UsageError } from '../cli/lib/command';
import { copyProject } from '../cli/lib/project/copy';
import { PROJECT_ROOT } from '../core/project-root';

const ROOT = PROJECT_ROOT;
/** Scratch folder of one run; made once the command line is accepted. */
let work = '';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const log = (s: string) => process.stderr.write(`${s}\n`);

interface Timed {
  readonly medianMs: number;
  readonly minMs: number;
  readonly peakRssMiB?: number;
}

/** Runs a node script `runs` times in fresh processes, bare or under tsx, on this Node.js or `node`; wall time and peak RSS. */
function timeNode(args: string[], env: Record<string, string | undefined>, runs: number, loader: 'bare' | 'tsx' = 'bare', node = process.execPath): Timed {
  const times: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < runs; i++) {
    const rssFile = join(work, `rss-${process.pid}-${i}`);
    const start = process.hrtime.bigint();
    const r = spawnSync(node, ['--require', join(__dirname, 'rss.cjs'), ...(loader === 'tsx' ? ['--import', 'tsx'] : []), ...args], {
      cwd: ROOT,
      // A variable given as undefined is unset, whatever the caller's shell has.
      env: Object.fromEntries(Object.entries({ ...process.env, ...env, BENCH_RSS_FILE: rssFile }).filter(([, v]) => v !== undefined)),
      encoding: 'utf8',
    });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
    rss.push(Number(readFileSync(rssFile, 'utf8')) / 1024);
  }
  return { medianMs: median(times), minMs: Math.min(...times), peakRssMiB: Math.max(...rss) };
}

/**
 * Times several node runs round-robin, `rounds` times over: a machine that gets busier or
 * quieter while the bench runs shifts every ratio's numerator and denominator alike.
 */
function timeAlternating<K extends string>(runs: Record<K, () => Timed>, rounds: number): Record<K, Timed> {
  const all = Object.fromEntries(Object.keys(runs).map((k) => [k, [] as Timed[]])) as Record<K, Timed[]>;
  for (let i = 0; i < rounds; i++) for (const k of Object.keys(runs) as K[]) all[k].push(runs[k]());
  const merge = (ts: Timed[]): Timed => ({
    medianMs: median(ts.map((t) => t.medianMs)),
    minMs: Math.min(...ts.map((t) => t.minMs)),
    peakRssMiB: Math.max(...ts.map((t) => t.peakRssMiB ?? 0)),
  });
  return Object.fromEntries(Object.entries(all).map(([k, ts]) => [k, merge(ts as Timed[])])) as Record<K, Timed>;
}

function timeCommand(cmd: string, args: string[], env: Record<string, string> = {}): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });
  // The last lines say why (tools end with their failures); the bench keeps one line per failed stage.
  const why = `${r.stderr}\n${r.stdout}`.trim().split('\n').slice(-3).join(' ').slice(-2000);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${why}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** A fixed CPU-bound workload: the yardstick tool times are measured against, so a slower or busier machine moves both. */
const WORKLOAD = 'let x=0;for(let i=0;i<2.5e8;i++)x=(x+i)%1000003;';

/**
 * `run`'s time beside the workload's, the workload timed right before and right
 * after (their mean), so the ratio holds on whatever machine measures it.
 */
function againstWorkload(run: () => number): { ms: number; workloadMs: number; ratio: number } {
  const before = timeCommand(process.execPath, ['-e', WORKLOAD]);
  const ms = run();
  const workloadMs = (before + timeCommand(process.execPath, ['-e', WORKLOAD])) / 2;
  return { ms, workloadMs, ratio: ms / workloadMs };
}

/** A schema folder with `n` generated json tables in one registry. */
function schemaFolder(n: number): string {
  const dir = join(work, `schemas-${n}`);
  mkdirSync(join(dir, 'bench'), { recursive: true });
  for (let i = 0; i < n; i++) {
    const id = String(i).padStart(4, '0');
    writeFileSync(
      join(dir, 'bench', `t${id}.json`),
      JSON.stringify({
        topicName: `bench.t${id}`,
        message: {
          dataFormat: 'json',
          fields: [
            { name: 'event_id', mapping: 'event_id', type: 'VARCHAR' },
            { name: 'happened_at', mapping: 'happened_at', type: 'TIMESTAMP', formatHint: 'yyyy-MM-dd HH:mm:ss.SSS' },
            { name: 'amount', mapping: 'amount', type: 'DOUBLE' },
          ],
        },
      }),
    );
  }
  return dir;
}

async function producerBench(): Promise<Record<string, number>> {
  const broker = new LocalKafka({ port: 39092, workDir: join(work, 'kafka') });
  await broker.start(120_000);
  try {
    const kafka = createKafka({ brokers: [broker.brokers], auth: 'plaintext', clientId: 'bench' }, { logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(
      admin,
      ['bench-produce', 'bench-ceiling'].map((topic) => ({
        topic,
        partitions: 3,
        replicationFactor: 1,
        configs: { 'retention.ms': '3600000', 'min.insync.replicas': '1' },
      })),
    );
    await admin.disconnect();
    // The test project's first JSON table: the same records on every machine, whatever the project's own schemas/ holds.
    const fixture = join(ROOT, '__tests__', 'fixtures', 'project', 'schemas');
    const table = producerTables(readSchemaFolder(fixture, ROOT)).find((t) => t.format === 'json')!;
    const count = 50_000;
    const batch = 500;

    // Ceiling: the same producer settings sending records generated beforehand.
    const generate = generatorFor(table);
    const records = Array.from({ length: count }, () => generate(new Date()));
    const bytes = records.reduce((n, r) => n + r.key.length + Buffer.byteLength(r.value), 0);
    const ceiling = async () => {
      const p = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
      await p.connect();
      const start = process.hrtime.bigint();
      for (let i = 0; i < count; i += batch)
        await p.sendBatch({ acks: -1, topicMessages: [{ topic: 'bench-ceiling', messages: records.slice(i, i + batch) }] });
      const s = Number(process.hrtime.bigint() - start) / 1e9;
      await p.disconnect();
      return s;
    };
    const ours = async () => {
      const summary = await produce(kafka, [{ ...table, topic: 'bench-produce' }], { recordsPerSecond: 0, count, batchSize: batch });
      return { seconds: summary.seconds, bytes: summary.bytes };
    };
    await ceiling(); // warm-up: connections, JIT
    const ceilingSeconds = Math.min(await ceiling(), await ceiling());
    const runs = [await ours(), await ours()];
    const best = runs.reduce((a, b) => (a.seconds < b.seconds ? a : b));
    return {
      records: count,
      producerRecordsPerSecond: count / best.seconds,
      producerMBPerSecond: best.bytes / 1e6 / best.seconds,
      ceilingRecordsPerSecond: count / ceilingSeconds,
      ceilingMBPerSecond: bytes / 1e6 / ceilingSeconds,
      ratio: ceilingSeconds / best.seconds,
    };
  } finally {
    await broker.destroy();
  }
}

function bundleBench(): Record<string, { zipBytes: number; loadMs: number }> {
  const registries = readSchemaFolder(join(ROOT, 'schemas'), ROOT);
  const entries = {
    topics: bundleFunction({ entry: join(ROOT, 'functions', 'topics', 'handler.ts') }),
    producer: bundleFunction({
      entry: join(ROOT, 'functions', 'producer', 'handler.ts'),
      extraFiles: { [TABLES_FILE]: JSON.stringify(producerTables(registries)) },
    }),
  };
  const out: Record<string, { zipBytes: number; loadMs: number }> = {};
  for (const [name, b] of Object.entries(entries)) {
    const dir = join(work, `bundle-${name}`);
    mkdirSync(dir, { recursive: true });
    for (const [file, data] of Object.entries(unzipSync(readFileSync(b.zipPath)))) writeFileSync(join(dir, file), data);
    const loads: number[] = [];
    for (let i = 0; i < 7; i++) {
      const r = execFileSync(
        process.execPath,
        ['-e', `const t=process.hrtime.bigint();require(${JSON.stringify(join(dir, 'index.js'))});console.log(Number(process.hrtime.bigint()-t)/1e6)`],
        { encoding: 'utf8' },
      );
      loads.push(Number(r.trim()));
    }
    out[name] = { zipBytes: b.bytes, loadMs: median(loads) };
  }
  return out;
}

/** Each Python tool set installed into an empty folder, as a first `npm run kafka:up` or scan does (pip's own cache as this machine has it). */
function pythonToolsBench(): Record<string, { seconds: number; mib: number }> {
  const out: Record<string, { seconds: number; mib: number }> = {};
  for (const set of ['moto', 'checkov']) {
    const dir = join(work, `python-${set}`);
    const ms = timeCommand('bash', ['scripts/python-tools.sh', set], { MSK_ATHENA_PYTHON_TOOLS_DIR: dir });
    const kib = Number(execFileSync('du', ['-sk', dir], { encoding: 'utf8' }).split('\t')[0]);
    out[set] = { seconds: ms / 1000, mib: kib / 1024 };
  }
  return out;
}

interface FirstStart {
  readonly seconds: number;
  /** The longest time nothing was printed, in seconds. */
  readonly longestSilenceSeconds: number;
  readonly lines: number;
  /** What the first start installed into .cache (Kafka's jars, moto's environment). */
  readonly installedMiB: number;
  readonly installedCheckov: boolean;
}

/**
 * The first `npm run kafka:up` of a fresh machine: a copy of the project with an
 * empty .cache, an empty Maven repository and no pip cache (node_modules as
 * `npm ci` left it: installing packages is not the start-up's work), on ports of its own.
 */
async function firstStartBench(): Promise<FirstStart> {
  const copy = join(work, 'first-start');
  copyProject(copy);
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
  const env = {
    ...process.env,
    MAVEN_OPTS: `${process.env.MAVEN_OPTS ?? ''} -Dmaven.repo.local=${join(work, 'first-start-m2')}`.trim(),
    PIP_NO_CACHE_DIR: '1',
  };
  const ports = ['--port', '39092', '--glue-port', '39195'];
  const kafka = (args: string[]) => spawn(process.execPath, ['scripts/run.mjs', 'bin/kafka.ts', ...args, ...ports], { cwd: copy, env });
  const started = Date.now();
  let last = started;
  let longest = 0;
  let lines = 0;
  const tail: string[] = [];
  const status = await new Promise<number | null>((resolve) => {
    const child = kafka(['up']);
    const onLine = (chunk: Buffer) => {
      const now = Date.now();
      longest = Math.max(longest, now - last);
      last = now;
      const text = chunk.toString().split('\n').filter(Boolean);
      lines += text.length;
      tail.push(...text);
      tail.splice(0, Math.max(0, tail.length - 3));
    };
    child.stdout.on('data', onLine);
    child.stderr.on('data', onLine);
    child.once('close', resolve);
  });
  const seconds = (Date.now() - started) / 1000;
  await new Promise((resolve) => kafka(['down', '--wipe']).once('close', resolve));
  if (status !== 0) throw new Error(`kafka:up in a fresh copy exited ${status}: ${tail.join(' ')}`);
  const kib = Number(
    execFileSync('du', ['-skL', join(copy, '.cache', 'kafka'), join(copy, '.cache', 'venv')], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .reduce((sum, l) => sum + Number(l.split('\t')[0]), 0),
  );
  return {
    seconds,
    longestSilenceSeconds: longest / 1000,
    lines,
    installedMiB: kib / 1024,
    installedCheckov: existsSync(join(copy, '.cache', 'venv-checkov')),
  };
}

function svgChart(points: { tables: number; ms: number }[]): string {
  const W = 560,
    H = 320,
    L = 60,
    B = 40,
    T = 20,
    R = 20;
  const xs = points.map((p) => Math.log10(p.tables));
  const maxX = Math.max(...xs),
    maxY = Math.max(...points.map((p) => p.ms)) * 1.1;
  const x = (v: number) => L + (v / (maxX || 1)) * (W - L - R);
  const y = (v: number) => H - B - (v / maxY) * (H - B - T);
  const path = points.map((p, i) => `${i ? 'L' : 'M'}${x(Math.log10(p.tables)).toFixed(1)},${y(p.ms).toFixed(1)}`).join(' ');
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * maxY);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="14" text-anchor="middle">app-only synth time vs. table count (median, ms)</text>`,
    `<line x1="${L}" y1="${H - B}" x2="${W - R}" y2="${H - B}" stroke="black"/><line x1="${L}" y1="${T}" x2="${L}" y2="${H - B}" stroke="black"/>`,
    ...ticks.map(
      (v) =>
        `<text x="${L - 6}" y="${y(v) + 4}" text-anchor="end">${Math.round(v)}</text><line x1="${L}" y1="${y(v)}" x2="${W - R}" y2="${y(v)}" stroke="#ddd"/>`,
    ),
    ...points.map((p) => `<text x="${x(Math.log10(p.tables))}" y="${H - B + 16}" text-anchor="middle">${p.tables}</text>`),
    `<text x="${W / 2}" y="${H - 6}" text-anchor="middle">tables (log scale)</text>`,
    `<path d="${path}" fill="none" stroke="#2b6cb0" stroke-width="2"/>`,
    ...points.map((p) => `<circle cx="${x(Math.log10(p.tables))}" cy="${y(p.ms)}" r="4" fill="#2b6cb0"/>`),
    '</svg>',
  ].join('\n');
}

/** A stage that failed: its name and why. The stages after it still run. */
interface Failure {
  readonly stage: string;
  readonly error: string;
}

/** The stages in the order they run, by the name `--only` takes. */
/** The first start-up's goals: well under the 3.5 minutes it took, and never a long silence. */
const FIRST_START_GOAL_S = 150;
const SILENCE_GOAL_S = 15;

/** The supported Node.js line the synth is also timed on (from npm: scripts/node-binary.mjs). */
const SUPPORTED_LINE = 24;

const STAGES = {
  synth: 'floors and app synth',
  tables: 'synth per table count',
  cdktf: 'cdktf synth end to end',
  unit: 'unit tests',
  bundles: 'bundles',
  producer: 'producer on a local broker',
  rehearse: 'deploy rehearsal (npm run rehearse)',
  exit: 'exit path to CDK Terrain (npm run cdktn:check)',
  python: 'Python tools, fresh environments (scripts/python-tools.sh)',
  firststart: 'first npm run kafka:up on a fresh machine',
} as const;
type Stage = keyof typeof STAGES;
const STAGE_NAMES = Object.keys(STAGES) as Stage[];

const USAGE = `usage: npm run bench [-- options]
  --only STAGE   measure only STAGE (repeatable or comma-separated) and keep the other
                 figures of bench/results.json; stages: ${STAGE_NAMES.join(', ')}
  -h, --help     this text

All stages take about 15 minutes and need Java 17 (the producer stage runs a local
broker) and Terraform (the rehearsal). Writes bench/results.json, bench/results.md
and bench/synth-vs-tables.svg.`;

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What results.json holds of each stage. */
const KEYS: Record<Stage, readonly string[]> = {
  synth: ['synth'],
  tables: ['synthByTables', 'tables1000vs1'],
  cdktf: ['cdktfSynthMs'],
  unit: ['unitTestsMs', 'unitVsWorkload'],
  bundles: ['bundles'],
  producer: ['producer'],
  rehearse: ['rehearseMs', 'rehearseVsWorkload'],
  exit: ['cdktnCheckMs'],
  python: ['pythonTools'],
  firststart: ['firstStart'],
};

function stagesOf(only: string[] | undefined): Stage[] {
  if (!only) return STAGE_NAMES;
  const asked = only
    .flatMap((o) => o.split(','))
    .map((o) => o.trim())
    .filter(Boolean);
  const unknown = asked.filter((o) => !STAGE_NAMES.includes(o as Stage));
  if (unknown.length || asked.length === 0)
    throw new UsageError(`--only: ${unknown.length ? `"${unknown.join('", "')}" is not a stage` : 'name a stage'}; use one of ${STAGE_NAMES.join(', ')}`);
  return STAGE_NAMES.filter((s) => asked.includes(s));
}

async function measure(stages: readonly Stage[]): Promise<{ measured: Json; failures: Failure[] }> {
  const failures: Failure[] = [];
  const measured: Json = {};
  async function stage<T>(key: Stage, run: () => T | Promise<T>): Promise<T | undefined> {
    if (!stages.includes(key)) return undefined;
    const name = STAGES[key];
    log(`${name}...`);
    try {
      return await run();
    } catch (err) {
      const error = (err as Error).message.split('\n').slice(0, 3).join(' ');
      log(`  ${name} failed: ${error}`);
      failures.push({ stage: name, error });
      return undefined;
    }
  }
  const out = (n: string) => ({ CDKTF_OUTDIR: join(work, `out-${n}`), MSK_ATHENA_ENVIRONMENTS: 'dev' });
  // What `npm run synth` writes by default: dev and every config/<env>.json (prod here).
  const defaults = (n: string) => ({ CDKTF_OUTDIR: join(work, `out-${n}`), MSK_ATHENA_ENVIRONMENTS: undefined });
  const SYNTH = ['bin/synth.mjs'];

  measured.synth = await stage('synth', () => {
    timeNode(SYNTH, defaults('warm'), 1); // builds the synth program and fills the bundle cache, as any second synth finds them
    const { floor, tsxFloor, app, dev } = timeAlternating(
      {
        floor: () => timeNode(['bench/floor.cjs'], out('floor'), 1),
        tsxFloor: () => timeNode(['bench/floor.cjs'], out('tsx-floor'), 1, 'tsx'),
        app: () => timeNode(SYNTH, defaults('app'), 1),
        dev: () => timeNode(SYNTH, out('dev'), 1),
      },
      9,
    );
    rmSync(join(tmpdir(), 'msk-athena-bundles'), { recursive: true, force: true });
    rmSync(join(ROOT, '.cache', 'build', 'main.cjs'), { force: true });
    const cold = timeNode(SYNTH, defaults('cold'), 1);
    // The same on a supported line (the machine's Node.js may be older), where scripts/run.mjs turns on
    // Node.js's compile cache; the floor is timed bare and with a compile cache of its own, the same caching.
    const supportedNode = join(
      execFileSync(process.execPath, [join(ROOT, 'scripts', 'node-binary.mjs'), String(SUPPORTED_LINE)], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      }).trim(),
      'node',
    );
    timeNode(SYNTH, defaults('supported-warm'), 1, 'bare', supportedNode);
    const floorCache = { ...out('floor-cached'), NODE_COMPILE_CACHE: join(work, 'floor-compile-cache') };
    timeNode(['bench/floor.cjs'], floorCache, 1, 'bare', supportedNode);
    const onSupported = timeAlternating(
      {
        floor: () => timeNode(['bench/floor.cjs'], out('floor-supported'), 1, 'bare', supportedNode),
        cachedFloor: () => timeNode(['bench/floor.cjs'], floorCache, 1, 'bare', supportedNode),
        app: () => timeNode(SYNTH, defaults('supported'), 1, 'bare', supportedNode),
      },
      9,
    );
    const supported = {
      node: execFileSync(supportedNode, ['--version'], { encoding: 'utf8' }).trim(),
      floorMs: onSupported.floor.medianMs,
      cachedFloorMs: onSupported.cachedFloor.medianMs,
      appMs: onSupported.app.medianMs,
    };
    return {
      supported: { ...supported, ratioToFloor: supported.appMs / supported.floorMs, ratioToCachedFloor: supported.appMs / supported.cachedFloorMs },
      stacks: readdirSync(join(work, 'out-app', 'stacks')).length,
      floorMs: floor.medianMs,
      floorPeakRssMiB: floor.peakRssMiB,
      tsxFloorMs: tsxFloor.medianMs,
      appMs: app.medianMs,
      appPeakRssMiB: app.peakRssMiB,
      ratioToFloor: app.medianMs / floor.medianMs,
      devMs: dev.medianMs,
      devRatioToFloor: dev.medianMs / floor.medianMs,
      ratioToTsxFloor: app.medianMs / tsxFloor.medianMs,
      coldAppMs: cold.medianMs,
    };
  });
  measured.synthByTables = await stage('tables', () =>
    [1, 10, 100, 1000].map((n) => {
      const dir = schemaFolder(n);
      timeNode(SYNTH, { ...out(`t${n}-warm`), MSK_ATHENA_SCHEMAS: dir }, 1);
      const t = timeNode(SYNTH, { ...out(`t${n}`), MSK_ATHENA_SCHEMAS: dir }, n >= 1000 ? 3 : 5);
      log(`  ${n} tables: ${t.medianMs.toFixed(0)} ms`);
      return { tables: n, ms: t.medianMs, peakRssMiB: t.peakRssMiB! };
    }),
  );
  measured.tables1000vs1 = measured.synthByTables ? measured.synthByTables[3].ms / measured.synthByTables[0].ms : undefined;
  measured.cdktfSynthMs = await stage('cdktf', () =>
    median([0, 1, 2].map(() => timeCommand('npx', ['cdktf', 'synth'], { CHECKPOINT_DISABLE: '1', MSK_ATHENA_ENVIRONMENTS: 'dev' }))),
  );
  measured.unitVsWorkload = await stage('unit', () => againstWorkload(() => timeCommand('npx', ['jest', '--silent'])));
  measured.unitTestsMs = measured.unitVsWorkload?.ms;
  measured.bundles = await stage('bundles', () => bundleBench());
  measured.producer = await stage('producer', () => producerBench());
  measured.rehearseVsWorkload = await stage('rehearse', () => againstWorkload(() => timeCommand(process.execPath, ['scripts/run.mjs', 'bin/rehearse.ts'])));
  measured.rehearseMs = measured.rehearseVsWorkload?.ms;
  measured.cdktnCheckMs = await stage('exit', () => timeCommand(process.execPath, ['scripts/run.mjs', 'bin/cdktn-check.ts']));
  measured.pythonTools = await stage('python', () => pythonToolsBench());
  measured.firstStart = await stage('firststart', () => firstStartBench());
  return { measured, failures };
}

/** This run's figures over the earlier ones of the stages it did not measure. */
function merge(stages: readonly Stage[], measured: Json, failures: Failure[]): Json {
  const file = join(ROOT, 'bench', 'results.json');
  const earlier: Json = stages.length < STAGE_NAMES.length && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const date = new Date().toISOString();
  const pkg = (name: string) => JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version as string;
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
  const results: Json = {
    ...earlier,
    date,
    machine,
    versions: { cdktf: pkg('cdktf'), providerAws: pkg('@cdktf/provider-aws'), kafkajs: pkg('kafkajs'), esbuild: pkg('esbuild'), kafkaBroker: KAFKA_VERSION },
    // Where and when each stage's figures were measured: a run with --only keeps the others', maybe from another machine.
    stageRuns: Object.fromEntries(
      STAGE_NAMES.map((s) => [s, stages.includes(s) ? { date, machine } : { machine: earlier.machine, ...(earlier.stageRuns?.[s] ?? { date: earlier.date }) }]),
    ),
    failures: [...(earlier.failures ?? []).filter((f: Failure) => !stages.some((s) => STAGES[s] === f.stage)), ...failures],
  };
  for (const s of stages) for (const key of KEYS[s]) results[key] = measured[key];
  return results;
}

export function markdown(results: Json): string {
  const {
    synth,
    synthByTables: perTables,
    cdktfSynthMs,
    unitTestsMs,
    producer,
    rehearseMs,
    bundles,
    failures,
    cdktnCheckMs,
    pythonTools,
    firstStart,
  } = results;
  const f = (n: number, d = 0) => n.toFixed(d);
  const mark = (ok: boolean) => (ok ? 'met' : '**missed**');
  const rows: string[] = [];
  if (synth && synth.devMs === undefined) {
    // Figures of an older bench, which timed dev alone.
    const measuredThen = `${f(synth.appMs)} ms, peak RSS ${f(synth.appPeakRssMiB!)} MiB; ${f(synth.ratioToFloor, 2)}x floor`;
    rows.push(`| app synth, dev alone, \`npm run synth\`'s program | ${measuredThen} | | |`);
  } else if (synth) {
    rows.push(
      `| \`npm run synth\` of the default environments (dev and prod, ${synth.stacks} stacks) | ${f(synth.appMs)} ms, ` +
        `peak RSS ${f(synth.appPeakRssMiB!)} MiB | <= 2.5x floor, <= 300 MB | ${mark(synth.ratioToFloor <= 2.5 && synth.appPeakRssMiB! <= 300)} |`,
      `| floor: plain node, cdktf and one provider resource, compiled JavaScript | ${f(synth.floorMs)} ms, peak RSS ${f(synth.floorPeakRssMiB!)} MiB | | |`,
      `| app (dev and prod) / floor | ${f(synth.ratioToFloor, 2)}x | <= 2.5x | ${mark(synth.ratioToFloor <= 2.5)} |`,
      `| dev alone | ${f(synth.devMs)} ms; ${f(synth.devRatioToFloor, 2)}x floor | | |`,
      `| the same floor under tsx (what a TypeScript loader adds) | ${f(synth.tsxFloorMs)} ms; app / this floor ${f(synth.ratioToTsxFloor, 2)}x | | |`,
      `| first synth after a source change (synth program and bundles rebuilt) | ${f(synth.coldAppMs)} ms | | |`,
    );
    const on = synth.supported;
    if (on) {
      rows.push(
        `| the same on Node.js ${on.node}: dev and prod / bare floor | ${f(on.appMs)} ms / ${f(on.floorMs)} ms = ${f(on.ratioToFloor, 2)}x | <= 2.5x | ` +
          `${mark(on.ratioToFloor <= 2.5)} |`,
        `| the same, against the floor with a compile cache of its own (as the app has) | ${f(on.cachedFloorMs)} ms; ${f(on.ratioToCachedFloor, 2)}x | | |`,
      );
    }
  }
  if (perTables) {
    rows.push(
      `| 1000 tables / 1 table | ${f(results.tables1000vs1!, 2)}x | <= 3x | ${mark(results.tables1000vs1! <= 3)} |`,
      `| cost of one more table | ${f((perTables[3].ms - perTables[0].ms) / 999, 2)} ms | | |`,
    );
  }
  if (cdktfSynthMs !== undefined) rows.push(`| \`npx cdktf synth\` end to end | ${f(cdktfSynthMs)} ms | | |`);
  if (unitTestsMs !== undefined) rows.push(`| unit test suite (\`npx jest\`) | ${f(unitTestsMs / 1000, 1)} s | <= 30 s | ${mark(unitTestsMs <= 30_000)} |`);
  const { unitVsWorkload: unitRatio, rehearseVsWorkload: rehearseRatio } = results;
  if (unitRatio) {
    rows.push(
      `| unit test suite / the fixed workload (${f(unitRatio.workloadMs)} ms in the same run) | ${f(unitRatio.ratio, 1)}x | <= 30x | ${mark(unitRatio.ratio <= 30)} |`,
    );
  }
  if (producer) {
    rows.push(
      `| producer, one JSON table, 50k records | ${f(producer.producerRecordsPerSecond)} records/s, ${f(producer.producerMBPerSecond, 2)} MB/s | | |`,
      `| raw kafkajs, same records pre-serialized (ceiling) | ${f(producer.ceilingRecordsPerSecond)} records/s, ${f(producer.ceilingMBPerSecond, 2)} MB/s | | |`,
      `| producer / ceiling | ${f(producer.ratio, 2)}x | >= 0.7x | ${mark(producer.ratio >= 0.7)} |`,
    );
  }
  if (rehearseMs !== undefined) {
    const what = 'validate every stack of every variant, apply, re-plan and destroy dev on moto';
    rows.push(`| deploy rehearsal (\`npm run rehearse\`: ${what}) | ${f(rehearseMs / 1000)} s | <= 180 s | ${mark(rehearseMs <= 180_000)} |`);
    if (rehearseRatio) {
      rows.push(
        `| deploy rehearsal / the fixed workload (${f(rehearseRatio.workloadMs)} ms in the same run) | ${f(rehearseRatio.ratio)}x | <= 150x | ${mark(rehearseRatio.ratio <= 150)} |`,
      );
    }
  }
  if (cdktnCheckMs !== undefined) {
    const what = 'install the aliases in a copy, compare every stack, type check, unit suite';
    rows.push(`| exit path to CDK Terrain (\`npm run cdktn:check\`: ${what}) | ${f(cdktnCheckMs / 1000)} s | | |`);
  }
  if (pythonTools) {
    const py = pythonTools as Record<string, { seconds: number; mib: number }>;
    rows.push(
      `| first start-up, Python side: moto's environment (\`npm run kafka:up\`, rehearsal, tests) | ${f(py.moto.seconds)} s, ${f(py.moto.mib)} MiB | | |`,
      `| checkov's environment (\`npm run scan\` only) | ${f(py.checkov.seconds)} s, ${f(py.checkov.mib)} MiB | | |`,
    );
  }
  if (firstStart) {
    const fs = firstStart as FirstStart;
    const ok = fs.seconds <= FIRST_START_GOAL_S && fs.longestSilenceSeconds <= SILENCE_GOAL_S && !fs.installedCheckov;
    rows.push(
      `| first \`npm run kafka:up\` on a fresh machine (Kafka's jars from Maven Central, moto's environment from PyPI, the broker and the Glue stand-in up) | ` +
        `${f(fs.seconds)} s, ${f(fs.installedMiB)} MiB installed${fs.installedCheckov ? ', checkov too' : ', no checkov'}; at most ${f(fs.longestSilenceSeconds)} s without a line (${fs.lines} lines) | ` +
        `<= ${FIRST_START_GOAL_S} s, <= ${SILENCE_GOAL_S} s silent, no checkov | ${mark(ok)} |`,
    );
  }
  if (bundles)
    rows.push(
      ...Object.entries(bundles as Record<string, { zipBytes: number; loadMs: number }>).map(
        ([n, b]) => `| ${n} function zip, module load | ${f(b.zipBytes / 1024)} KiB, ${f(b.loadMs)} ms | <= 1 MiB | ${mark(b.zipBytes <= 2 ** 20)} |`,
      ),
    );
  // A run with --only keeps the other stages' figures: say when each was measured.
  const machineOf = (m: Json) => `${m.cpus} cores of ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}`;
  const runs = new Map<string, Stage[]>();
  for (const s of STAGE_NAMES) {
    const run = results.stageRuns?.[s] ?? { date: results.date };
    const where = `${run.date.slice(0, 10)} (${machineOf(run.machine ?? results.machine)})`;
    runs.set(where, [...(runs.get(where) ?? []), s]);
  }
  const when =
    runs.size === 1
      ? `on ${[...runs.keys()][0]}`
      : `in ${runs.size} runs: ${[...runs].map(([where, stages]) => `${stages.join(', ')} on ${where}`).join('; ')}`;
  return `# Benchmarks

Measured by \`npm run bench\` ${when}. cdktf ${results.versions.cdktf}, @cdktf/provider-aws ${results.versions.providerAws}, kafkajs ${results.versions.kafkajs}, Kafka ${results.versions.kafkaBroker} (local KRaft broker).
Medians of repeated runs in fresh processes; a synth and its floors run in turn, so a change in the machine's load moves both. Numbers are recorded, never asserted in tests.

| measure | result | target | |
| --- | --- | --- | --- |
${rows.join('\n')}
${failures.length ? `\n## Stages that failed (not measured)\n\n${failures.map((x: Failure) => `- ${x.stage}: ${x.error}`).join('\n')}\n` : ''}${
    perTables
      ? `
## Synth time by table count

| tables | median synth | peak RSS |
| --- | --- | --- |
${perTables.map((p: { tables: number; ms: number; peakRssMiB: number }) => `| ${p.tables} | ${f(p.ms)} ms | ${f(p.peakRssMiB)} MiB |`).join('\n')}

![synth time vs tables](synth-vs-tables.svg)
`
      : ''
  }`;
}

export const main = command({ name: 'bench', usage: USAGE, options: { only: { type: 'string', multiple: true } } } as const, async ({ values }) => {
  const stages = stagesOf(values.only);
  work = mkdtempSync(join(tmpdir(), 'msk-athena-bench-'));
  try {
    const { measured, failures } = await measure(stages);
    const results = merge(stages, measured, failures);
    mkdirSync(join(ROOT, 'bench'), { recursive: true });
    writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    if (measured.synthByTables) writeFileSync(join(ROOT, 'bench', 'synth-vs-tables.svg'), `${svgChart(measured.synthByTables)}\n`);
    const md = markdown(results);
    writeFileSync(join(ROOT, 'bench', 'results.md'), md);
    process.stdout.write(md);
    if (failures.length) {
      console.error(`bench: ${failures.length} stage(s) failed: ${failures.map((x) => x.stage).join(', ')}; the others are in bench/results.md`);
      return 1;
    }
    return 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
