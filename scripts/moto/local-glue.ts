import { execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
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

/*
 * A Glue Schema Registry stand-in for the local loop: moto's server (PyPI,
 * pinned in requirements-ci.txt) on 127.0.0.1, holding the project's registries
 * and schemas, so Avro and Protobuf records get real schema version ids without
 * an AWS account. It keeps its state in memory while it runs, beside the local
 * broker (npm run kafka:up / kafka:down).
 */

const ROOT = join(__dirname, '..', '..');
export const LOCAL_GLUE_PORT = 19095;
/** moto accepts any credentials; the SDK only needs some. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
export const LOCAL_REGION = 'us-east-1';


export class LocalGlue {
  readonly port: number;
  private readonly workDir: string;

  constructor(options: { port?: number } = {}) {
    this.port = options.port ?? LOCAL_GLUE_PORT;
    this.workDir = join(ROOT, '.cache', 'glue', `run-${this.port}`);
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

  pid(): number | undefined {
    return runningPid(this.pidFile);
  }

  /** A Glue client for this stand-in. */
  client(): GlueClient {
    return new GlueClient({ endpoint: this.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  }

  /** Starts moto_server in the background (installing the Python tools on first use) unless it runs. */
  async start(): Promise<void> {
    if (this.pid() && (await portOpen(this.port))) return;
    const server = join(ROOT, '.cache', 'venv', 'bin', 'moto_server');
    if (!existsSync(server)) execFileSync('bash', [join(ROOT, 'scripts', 'python-tools.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
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
  }

  async stop(): Promise<void> {
    await stopProcess(this.pidFile, 10_000);
  }

  /** Whether it answers now. */
  running(): Promise<boolean> {
    return portOpen(this.port);
  }

  /** Registers the project's registries and schemas here (see registerSchemas). */
  register(registries: readonly RegistryDefinition[]): Promise<number> {
    return registerSchemas(this.client(), registries);
  }
}

/**
 * Creates the registries and schemas the analytics stack would, with the same
 * names and definitions; a changed definition becomes a new version. Returns
 * how many schema versions were added.
 */
export async function registerSchemas(glue: GlueClient, registries: readonly RegistryDefinition[]): Promise<number> {
  let added = 0;
  for (const r of registries) {
    await glue.send(new CreateRegistryCommand({ RegistryName: r.name, Description: `{AthenaFederationMSK} local stand-in for schemas/${r.folder}/` })).catch((err) => {
      if (!(err instanceof AlreadyExistsException)) throw err;
    });
    for (const t of r.tables) {
      const SchemaId = { RegistryName: r.name, SchemaName: t.table };
      const created = await glue
        .send(new CreateSchemaCommand({ RegistryId: { RegistryName: r.name }, SchemaName: t.table, DataFormat: glueDataFormat(t), Compatibility: 'NONE', SchemaDefinition: t.definition }))
        .then(() => true, (err) => {
          if (err instanceof AlreadyExistsException) return false;
          throw err;
        });
      if (created) {
        added++;
        continue;
      }
      const known = await glue.send(new GetSchemaByDefinitionCommand({ SchemaId, SchemaDefinition: t.definition })).then(() => true, () => false);
      if (!known) {
        await glue.send(new RegisterSchemaVersionCommand({ SchemaId, SchemaDefinition: t.definition }));
        added++;
      }
    }
  }
  return added;
}
