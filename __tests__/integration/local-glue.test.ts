import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SchemaVersions } from '../../functions/shared/schema-versions';
import { readSchemaFolder, type RegistryDefinition } from '../../core/tables/schema-folder';
import { LOCAL_CREDENTIALS, LOCAL_REGION, LocalGlue } from '../../scripts/moto/local-glue';
import { REGISTRY_FORMATS, ROOT } from '../helpers/synth';

/*
 * The local loop's Glue Schema Registry stand-in across kafka:down and kafka:up:
 * a record names its writer's schema version by id, so the ids the stand-in
 * handed out must come back after a restart, with their definitions, in order;
 * only a wipe forgets them.
 */

const work = mkdtempSync(join(tmpdir(), 'local-glue-'));
const glue = new LocalGlue({ port: Number(process.env.MSK_ATHENA_TEST_MOTO_PORT ?? 25020), workDir: work });
const registries = readSchemaFolder(REGISTRY_FORMATS, ROOT);
const versions = () => new SchemaVersions({ endpoint: glue.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });

/** The same tables with the Avro one evolved: a second version of that schema. */
const evolved: RegistryDefinition[] = registries.map((r) => ({
  ...r,
  tables: r.tables.map((t) =>
    t.format === 'avro' ? { ...t, definition: t.definition.replace('"fields":[', '"fields":[{"name":"note","type":"string","default":""},') } : t,
  ),
}));

afterAll(async () => {
  await glue.wipe();
  rmSync(work, { recursive: true, force: true });
});

describe('the local Glue stand-in across restarts', () => {
  it('gives every schema version the same id and definition after a restart, and forgets them only when wiped', async () => {
    expect(evolved.flatMap((r) => r.tables).map((t) => t.definition)).not.toEqual(registries.flatMap((r) => r.tables).map((t) => t.definition));
    expect(await glue.start()).toBe(0);
    const first = await glue.register(registries);
    const second = await glue.register(evolved);
    // What was added, by name: kafka:up's stand-in line names these, not every Avro or Protobuf table.
    const named = (added: { registry: string; schema: string }[]) => added.map((v) => `${v.registry}.${v.schema}`);
    expect({ first: named(first), second: named(second) }).toEqual({
      first: ['customer.shipments', 'telemetry.device_status'],
      second: ['customer.shipments'],
    });
    const journal = glue.versions();
    expect(journal.map((v) => `${v.registry}.${v.schema}`)).toEqual(['customer.shipments', 'telemetry.device_status', 'customer.shipments']);
    const before = await Promise.all(journal.map((v) => versions().describe(v.versionId)));
    expect(before.map((v) => v?.definition)).toEqual(journal.map((v) => v.definition));

    await glue.stop();
    expect(await glue.start()).toBe(3);
    const after = await Promise.all(journal.map((v) => versions().describe(v.versionId)));
    expect(after).toEqual(before);
    // Registering what is already there adds nothing, so the journal does not grow on every kafka:up.
    expect(await glue.register(evolved)).toEqual([]);
    expect(glue.versions()).toHaveLength(3);

    await glue.wipe();
    expect(await glue.start()).toBe(0);
    expect(await versions().describe(journal[0].versionId)).toBeUndefined();
  });
});
