import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AlreadyExistsException,
  CreateRegistryCommand,
  CreateSchemaCommand,
  GetSchemaByDefinitionCommand,
  GlueClient,
  RegisterSchemaVersionCommand,
} from '@aws-sdk/client-glue';
import { glueDataFormat, type RegistryDefinition } from '../../core/tables/schema-folder';
import { portOpen, runningPid, sleep, stopProcess } from '../background-process';
import { ensureMotoServer } from './emulator';

/*
 * A Glue Schema Registry stand-in for the local loop: moto's server (PyPI,
 * pinned in requirements-ci.txt) on 127.0.0.1, holding the project's registries
 * and schemas, so Avro and Protobuf records get real schema version ids without
 * an AWS account. It runs beside the local broker (npm run kafka:up / kafka:down).
 * moto keeps its state in memory, so the versions registered here are written
 * to a journal and registered again at the next start with the same ids (moto
 * draws ids from a random generator it lets us seed): records written before a
 * restart still name versions the registry has. Only wipe() forgets them.
 */

const ROOT = join(__dirname, '..', '..');
/**
 * The stand-in's port beside a broker on `brokerPort`: + 3, the one port of the
 * broker's seven (plaintext, controller + 1, TLS + 2, SCRAM + 4, IAM + 6) it
 * leaves free, so each `kafka:up -- --port N` loop has its own stand-in and
 * every tool finds it from N alone.
 */
export const GLUE_PORT_OFFSET = 3;
export const gluePortFor = (brokerPort: number): number => brokerPort + GLUE_PORT_OFFSET;
export const LOCAL_GLUE_PORT = gluePortFor(19092);
/** moto accepts any credentials; the SDK only needs some. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
export const LOCAL_REGION = 'us-east-1';

export class LocalGlue {
  readonly port: number;
  private readonly workDir: string;

  /** `workDir` holds the log, pid and journal. @default <project>/.cache/glue/run-<port> */
  constructor(options: { port?: number; workDir?: string } = {}) {
    this.port = options.port ?? LOCAL_GLUE_PORT;
    this.workDir = options.workDir ?? join(ROOT, '.cache', 'glue', `run-${this.port}`);
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get logFile(): string {
    return join(this.workDir, 'moto.log');
  }

  private get pidFile(): string {
    return join(this.workDir, 'moto.pid');
  }

  /** Every schema version registered here, in order: what a restart registers again. */
  get journalFile(): string {
    return join(this.workDir, 'schema-versions.json');
  }

  /** The versions in the journal. */
  versions(): SchemaVersionEntry[] {
    return existsSync(this.journalFile) ? (JSON.parse(readFileSync(this.journalFile, 'utf8')) as SchemaVersionEntry[]) : [];
  }

  /** moto makes a version id from its random generator: seeding it just before makes the id a function of the version. */
  private async seedFor(v: SchemaVersionEntry): Promise<void> {
    const seed = parseInt(createHash('sha256').update(`${v.registry}\0${v.schema}\0${v.definition}`).digest('hex').slice(0, 12), 16);
    const res = await fetch(`${this.endpoint}/moto-api/seed?a=${seed}`, { method: 'POST' });
    if (!res.ok) throw new Error(`the Glue stand-in refused to seed its ids (HTTP ${res.status}); see ${this.logFile}`);
  }

  pid(): number | undefined {
    return runningPid(this.pidFile);
  }

  /** A Glue client for this stand-in. */
  client(): GlueClient {
    return new GlueClient({ endpoint: this.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  }

  /**
   * Starts moto_server in the background (installing moto on first use) unless
   * it runs, and registers the journal's versions again. Returns how many.
   */
  async start(): Promise<number> {
    if (this.pid() && (await portOpen(this.port))) return 0;
    const server = await ensureMotoServer();
    if (await portOpen(this.port)) throw new Error(`port ${this.port} is taken by another program; stop it, or pass --glue-port`);
    mkdirSync(this.workDir, { recursive: true });
    const log = openSync(this.logFile, 'w');
    const child = spawn(server, ['-H', '127.0.0.1', '-p', String(this.port)], { detached: true, stdio: ['ignore', log, log] });
    closeSync(log);
    child.unref();
    writeFileSync(this.pidFile, String(child.pid));
    const deadline = Date.now() + 30_000;
    while (!(await portOpen(this.port))) {
      if (!this.pid()) throw new Error(`moto_server exited during start; see ${this.logFile}`);
      if (Date.now() > deadline) throw new Error(`moto_server did not answer on port ${this.port} within 30 s; see ${this.logFile}`);
      await sleep(100);
    }
    const journal = this.versions();
    const differing = await replayVersions(this.client(), journal, (v) => this.seedFor(v));
    if (differing.length > 0) {
      const names = differing.map((v) => `${v.registry}.${v.schema} ${v.versionId}`).join(', ');
      throw new Error(
        `the Glue stand-in could not restore schema version ids ${names} (this moto makes ids differently); records written before will not verify; start clean with npm run kafka:down -- --wipe`,
      );
    }
    return journal.length;
  }

  async stop(): Promise<void> {
    await stopProcess(this.pidFile, 10_000);
  }

  /** Stops it and forgets every schema version registered here. */
  async wipe(): Promise<void> {
    await this.stop();
    rmSync(this.journalFile, { force: true });
  }

  /** Whether it answers now. */
  running(): Promise<boolean> {
    return portOpen(this.port);
  }

  /** Registers the project's registries and schemas here (see registerSchemas), journaling each new version; returns those added. */
  register(registries: readonly RegistryDefinition[]): Promise<SchemaVersionEntry[]> {
    return registerSchemas(this.client(), registries, {
      beforeCreate: (v) => this.seedFor(v),
      created: (v) => writeFileSync(this.journalFile, JSON.stringify([...this.versions(), v], null, 2) + '\n'),
    });
  }
}

/**
 * Creates the registries and schemas the analytics stack would, with the same
 * names and definitions; a changed definition becomes a new version. Returns
 * the schema versions added (none for definitions the registry already holds).
 */
export async function registerSchemas(glue: GlueClient, registries: readonly RegistryDefinition[], hooks: RegisterHooks = {}): Promise<SchemaVersionEntry[]> {
  const added: SchemaVersionEntry[] = [];
  for (const r of registries) {
    const description = `{AthenaFederationMSK} local stand-in for schemas/${r.folder}/`;
    await ensureRegistry(glue, r.name, description);
    for (const t of r.tables) {
      const version: SchemaVersionEntry = {
        registry: r.name,
        registryDescription: description,
        schema: t.table,
        dataFormat: glueDataFormat(t),
        definition: t.definition,
        versionId: '',
      };
      const SchemaId = { RegistryName: r.name, SchemaName: t.table };
      const known = await glue.send(new GetSchemaByDefinitionCommand({ SchemaId, SchemaDefinition: t.definition })).then(
        () => true,
        () => false,
      );
      if (known) continue;
      await hooks.beforeCreate?.(version);
      const created = { ...version, versionId: await createVersion(glue, version) };
      await hooks.created?.(created);
      added.push(created);
    }
  }
  return added;
}

/** Called around each new schema version: the local stand-in makes its ids repeatable and remembers them. */
export interface RegisterHooks {
  beforeCreate?(version: SchemaVersionEntry): Promise<void>;
  created?(version: SchemaVersionEntry): Promise<void> | void;
}

/** One schema version as registered: enough to register it again, in order, after a restart. */
export interface SchemaVersionEntry {
  readonly registry: string;
  readonly registryDescription: string;
  readonly schema: string;
  readonly dataFormat: 'JSON' | 'AVRO' | 'PROTOBUF';
  readonly definition: string;
  readonly versionId: string;
}

async function ensureRegistry(glue: GlueClient, name: string, description: string): Promise<void> {
  await glue.send(new CreateRegistryCommand({ RegistryName: name, Description: description })).catch((err) => {
    if (!(err instanceof AlreadyExistsException)) throw err;
  });
}

/** The schema's first version (CreateSchema) or its next (RegisterSchemaVersion); returns the version id. */
async function createVersion(glue: GlueClient, v: SchemaVersionEntry): Promise<string> {
  const created = await glue
    .send(
      new CreateSchemaCommand({
        RegistryId: { RegistryName: v.registry },
        SchemaName: v.schema,
        DataFormat: v.dataFormat,
        Compatibility: 'NONE',
        SchemaDefinition: v.definition,
      }),
    )
    .then(
      (out) => out.SchemaVersionId,
      (err) => {
        if (err instanceof AlreadyExistsException) return undefined;
        throw err;
      },
    );
  if (created) return created;
  const next = await glue.send(
    new RegisterSchemaVersionCommand({ SchemaId: { RegistryName: v.registry, SchemaName: v.schema }, SchemaDefinition: v.definition }),
  );
  return next.SchemaVersionId!;
}

/**
 * Registers the journal's versions again, in their order, each with the seed
 * it was first made with; returns the versions whose id came out different
 * (none unless moto changed how it makes ids).
 */
export async function replayVersions(
  glue: GlueClient,
  versions: readonly SchemaVersionEntry[],
  seed: (v: SchemaVersionEntry) => Promise<void>,
): Promise<SchemaVersionEntry[]> {
  const differing: SchemaVersionEntry[] = [];
  for (const v of versions) {
    await ensureRegistry(glue, v.registry, v.registryDescription);
    await seed(v);
    if ((await createVersion(glue, v)) !== v.versionId) differing.push(v);
  }
  return differing;
}
