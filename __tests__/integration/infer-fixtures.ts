import { format } from 'node:util';
import { CreateRegistryCommand, CreateSchemaCommand, GlueClient } from '@aws-sdk/client-glue';
import { main } from '../../cli/schemas/infer-command';
import { verifyTopic } from '../../cli/verify/command';
import type { SchemaVersions } from '../../functions/shared/schema-versions';
import { checkSchemaFolder } from '../../core/tables/schema-folder';
import { ensureTopics } from '../../functions/topics/reconcile';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../scripts/moto/local-glue';
import { testBroker, testKafka } from './broker';

/*
 * What the schemas:infer tests set up as a team's cluster would have it: topics
 * on the suite's broker, records written to them, schemas registered in moto's
 * Glue; and the tool run in-process as `npm run schemas:infer -- args` would run.
 */

/** A topic of the suite's one-node broker, made if it is missing. */
export async function createTopic(topic: string, partitions: number): Promise<void> {
  const admin = testKafka().admin();
  await admin.connect();
  await ensureTopics(admin, [{ topic, partitions, replicationFactor: 1, configs: { 'retention.ms': '3600000', 'min.insync.replicas': '1' } }]);
  await admin.disconnect();
}

/** `values` written to `topic` as they are, keyed by their index. */
export async function send(topic: string, values: readonly (string | Buffer)[]): Promise<void> {
  if (values.length === 0) return;
  const producer = testKafka().producer();
  await producer.connect();
  await producer.send({ topic, messages: values.map((value, i) => ({ key: String(i), value })) });
  await producer.disconnect();
}

/** A schema in moto's Glue at `motoUrl`, as a team's producers registered it; returns its first version id. */
export async function register(motoUrl: string, registry: string, schema: string, dataFormat: 'AVRO' | 'PROTOBUF', definition: string): Promise<string> {
  const glue = new GlueClient({ endpoint: motoUrl, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  await glue.send(new CreateRegistryCommand({ RegistryName: registry })).catch(() => undefined);
  const created = await glue.send(
    new CreateSchemaCommand({
      RegistryId: { RegistryName: registry },
      SchemaName: schema,
      DataFormat: dataFormat,
      Compatibility: 'BACKWARD',
      SchemaDefinition: definition,
    }),
  );
  return created.SchemaVersionId!;
}

/** The tool in-process, against the suite's broker and moto at `motoUrl`, with what it printed. */
export async function infer(args: readonly string[], motoUrl: string): Promise<{ status: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const spies = [
    jest.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(format(...a))),
    jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(format(...a))),
  ];
  try {
    const status = await main([...args, '--brokers', testBroker().brokers, '--auth', 'plaintext', '--glue-endpoint', motoUrl]);
    return { status, stdout: out.join('\n'), stderr: err.join('\n') };
  } finally {
    for (const s of spies) s.mockRestore();
  }
}

/** verify's problem count for `topic`, read through the tables `schemas` holds (which must have none of their own). */
export async function verified(schemas: string, topic: string, versions: SchemaVersions): Promise<number> {
  const report = checkSchemaFolder(schemas, schemas);
  expect(report.problems).toEqual([]);
  const result = await verifyTopic(
    testKafka(),
    topic,
    report.registries.flatMap((r) => [...r.tables]),
    1000,
    versions,
  );
  return result.problems;
}
