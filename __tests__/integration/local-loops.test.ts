import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import avro from 'avsc';
import { logLevel } from 'kafkajs';
import { main as inferMain } from '../../cli/schemas/infer-command';
import { cliSchemaVersions } from '../../cli/lib/kafka/connection';
import { createKafka } from '../../functions/shared/kafka-client';
import { ensureTopics } from '../../functions/topics/reconcile';
import { encodeWireFormat } from '../../core/records/glue-wire-format';
import { portOpen } from '../../scripts/background-process';
import { ROOT } from '../helpers/synth';

/*
 * Two local loops side by side, as `npm run kafka:up -- --port N` makes them:
 * each has its broker and its own Glue stand-in (on N + 3) with its own state,
 * the tools find both from --local-port N alone, and kafka:down -- --port N
 * stops that loop only. Each loop registers a different schema folder
 * (MSK_ATHENA_SCHEMAS), so a stand-in holding the other's schema would show.
 */

/** A port N the OS gives, with N..N+6 free too (the broker's listeners, its controller and the stand-in). */
async function freeSlot(avoid: number[] = []): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const { port: p } = server.address() as { port: number };
        server.close(() => resolve(p));
      });
      server.once('error', reject);
    });
    if (port > 65_529 || avoid.some((a) => Math.abs(a - port) < 7)) continue;
    const taken = await Promise.all(Array.from({ length: 7 }, (_, i) => portOpen(port + i)));
    if (!taken.some(Boolean)) return port;
  }
}

const loops: { port: number; schemas: string; registry: string; schema: string }[] = [];

function kafka(command: 'up' | 'down' | 'status', port: number, schemas: string, extra: string[] = []) {
  const run = spawnSync(process.execPath, [join(ROOT, 'scripts', 'run.mjs'), 'bin/kafka.ts', command, '--port', String(port), ...extra], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, MSK_ATHENA_SCHEMAS: schemas },
    timeout: 600_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** A schema folder with one Avro table of its own. */
function schemaFolder(registry: string, schema: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'loops-schemas-'));
  mkdirSync(join(dir, registry));
  const definition = {
    type: 'record',
    name: 'Event',
    namespace: registry,
    fields: [
      { name: 'id', type: 'string' },
      { name: 'n', type: 'long' },
    ],
  };
  writeFileSync(join(dir, registry, `${schema}.avsc`), `${JSON.stringify(definition, null, 2)}\n`);
  return dir;
}

let ups: ReturnType<typeof kafka>[] = [];

beforeAll(async () => {
  const a = await freeSlot();
  const b = await freeSlot([a]);
  loops.push({ port: a, schemas: schemaFolder('loopa', 'events_a'), registry: 'loopa', schema: 'events_a' });
  loops.push({ port: b, schemas: schemaFolder('loopb', 'events_b'), registry: 'loopb', schema: 'events_b' });
  ups = loops.map((l) => kafka('up', l.port, l.schemas));
}, 900_000);

afterAll(() => {
  for (const l of loops) {
    kafka('down', l.port, l.schemas, ['--wipe']);
    rmSync(l.schemas, { recursive: true, force: true });
  }
}, 120_000);

describe('two local loops: npm run kafka:up -- --port N, twice', () => {
  it('start each with its Glue stand-in on N + 3, naming the schema versions it added', () => {
    loops.forEach((l, i) => {
      const log = join(ROOT, '.cache', 'kafka', `run-${l.port}`, 'broker.log');
      const tail = ups[i].status === 0 || !existsSync(log) ? '' : readFileSync(log, 'utf8').split('\n').slice(-30).join('\n');
      expect({ status: ups[i].status, stderr: ups[i].stderr.split('\n').filter((x) => !/Warning|^\s*$/.test(x)), tail }).toEqual({
        status: 0,
        stderr: [],
        tail: '',
      });
      expect(ups[i].stdout).toMatch(
        new RegExp(
          `Glue Schema Registry stand-in is up on http://127\\.0\\.0\\.1:${l.port + 3} \\(pid \\d+\\): 1 new schema version: ${l.registry}\\.${l.schema} [0-9a-f-]{36}$`,
          'm',
        ),
      );
      expect(ups[i].stdout).toContain(`use a listener with: npm run topics|produce|verify -- --local-port ${l.port} --auth tls|scram|iam`);
    });
  });

  it('kafka:up again adds no version, and says so', () => {
    const again = kafka('up', loops[0].port, loops[0].schemas);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/Glue Schema Registry stand-in is up on .*: no new schema version \(it holds every table's definition\)$/m);
  });

  it("lets a tool find each loop's stand-in from --local-port alone, holding that loop's schema only", async () => {
    for (const [l, other] of [
      [loops[0], loops[1]],
      [loops[1], loops[0]],
    ]) {
      const versions = await cliSchemaVersions({ 'local-port': String(l.port) });
      const definition = JSON.stringify({
        type: 'record',
        name: 'Event',
        namespace: l.registry,
        fields: [
          { name: 'id', type: 'string' },
          { name: 'n', type: 'long' },
        ],
      });
      const id = await versions.idFor(l.registry, l.schema, definition);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      await expect(versions.idFor(other.registry, other.schema, definition.replace(l.registry, other.registry))).rejects.toThrow();
    }
  });

  it('lets schemas:infer -- --local-port N read an Avro topic of that loop through its own stand-in', async () => {
    const l = loops[1];
    const definition = JSON.stringify({
      type: 'record',
      name: 'Event',
      namespace: l.registry,
      fields: [
        { name: 'id', type: 'string' },
        { name: 'n', type: 'long' },
      ],
    });
    const id = await (await cliSchemaVersions({ 'local-port': String(l.port) })).idFor(l.registry, l.schema, definition);
    const client = createKafka({ brokers: [`127.0.0.1:${l.port}`], auth: 'plaintext', clientId: 'loops-test' }, { logLevel: logLevel.NOTHING });
    const admin = client.admin();
    await admin.connect();
    await ensureTopics(admin, [{ topic: 'loop-events', partitions: 1, replicationFactor: 1, configs: {} }]);
    await admin.disconnect();
    const producer = client.producer();
    await producer.connect();
    const type = avro.Type.forSchema(JSON.parse(definition));
    await producer.send({
      topic: 'loop-events',
      messages: Array.from({ length: 5 }, (_, i) => ({ value: encodeWireFormat(id, type.toBuffer({ id: `e${i}`, n: i })) })),
    });
    await producer.disconnect();

    const out = mkdtempSync(join(tmpdir(), 'loops-infer-'));
    const lines: string[] = [];
    const spies = [
      jest.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void lines.push(format(...a))),
      jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void lines.push(format(...a))),
    ];
    process.env.MSK_ATHENA_SCHEMAS = out;
    try {
      const status = await inferMain(['--topic', 'loop-events', '--database', 'loopb', '--local-port', String(l.port)]);
      expect({ status, output: lines.join('\n') }).toEqual({
        status: 0,
        output: expect.stringContaining(`from the writer's schema ${l.registry}/${l.schema}, version ${id}`),
      });
    } finally {
      for (const s of spies) s.mockRestore();
      delete process.env.MSK_ATHENA_SCHEMAS;
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('kafka:down -- --port N stops that loop only: its broker and stand-in, not the other', async () => {
    const [a, b] = loops;
    const down = kafka('down', a.port, a.schemas);
    expect(down.status).toBe(0);
    expect(down.stdout).toContain(`Kafka on 127.0.0.1:${a.port} is down`);
    expect(down.stdout).toContain('the Glue stand-in is down');
    expect(await portOpen(a.port)).toBe(false);
    expect(await portOpen(a.port + 3)).toBe(false);
    expect(await portOpen(b.port)).toBe(true);
    expect(await portOpen(b.port + 3)).toBe(true);
    await expect(cliSchemaVersions({ 'local-port': String(a.port) })).rejects.toThrow(
      `no Glue Schema Registry answers at http://127.0.0.1:${a.port + 3} (connection refused); npm run kafka:up -- --port ${a.port} starts the local one beside the broker`,
    );
  });
});
