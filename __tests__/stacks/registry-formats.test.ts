import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REGISTRY_FORMATS, resourcesOf, roleStatements, synthEnvironment } from '../helpers/synth';

/*
 * Avro and Protobuf tables through every stack: the Glue schema, the
 * connector's topic grants, the topics function and the producer's lookups.
 */

const env = synthEnvironment({}, { schemaDir: REGISTRY_FORMATS });
const statementsWith = (stack: unknown, roleName: string, action: string) => roleStatements(stack, roleName).filter((s) => s.actions.includes(action));

describe('Avro and Protobuf tables', () => {
  it('are AVRO and PROTOBUF Glue schemas named after the file (the topic), BACKWARD compatible, holding the file', () => {
    const schemas = resourcesOf(env.analytics, 'aws_glue_schema').map((s) => [s.schema_name, s.data_format, s.compatibility, s.schema_definition]);
    const avro = readFileSync(join(REGISTRY_FORMATS, 'customer', 'shipments.avsc'), 'utf8');
    const proto = readFileSync(join(REGISTRY_FORMATS, 'telemetry', 'device_status.proto'), 'utf8');
    expect(schemas).toEqual([
      ['shipments', 'AVRO', 'BACKWARD', JSON.stringify(JSON.parse(avro))],
      ['device_status', 'PROTOBUF', 'BACKWARD', proto],
    ]);
  });

  it('let the connector read exactly their topics, and discover their schemas', () => {
    const read = statementsWith(env.analytics, 'dev-athena-msk-connector-role', 'kafka-cluster:ReadData');
    expect(read).toHaveLength(1);
    expect(read[0].resources.map((r: string) => r.split('/').pop()).sort()).toEqual(['device_status', 'shipments']);
    const schemas = statementsWith(env.analytics, 'dev-athena-msk-connector-role', 'glue:GetSchemaVersion').flatMap((s) => s.resources);
    expect(schemas.filter((r: string) => r.endsWith('/*'))).toHaveLength(2);
  });

  it('are created by the topics function like any other topic', () => {
    const invocation = resourcesOf(env.streaming, 'aws_lambda_invocation')[0];
    expect(
      JSON.parse(invocation.input)
        .topics.map((t: { topic: string }) => t.topic)
        .sort(),
    ).toEqual(['device_status', 'shipments']);
  });

  it("let the producer look up schema version ids of exactly these schemas, in the environment's registries", () => {
    const lookups = statementsWith(env.streaming, 'dev-msk-athena-producer-role', 'glue:GetSchemaByDefinition');
    expect(lookups).toHaveLength(1);
    expect(lookups[0].actions).toEqual(['glue:GetSchemaByDefinition']);
    expect(lookups[0].resources.map((r: string) => r.replace(/^.*:glue:[^:]+:[^:]+:/, ''))).toEqual([
      'registry/dev_customer',
      'registry/dev_telemetry',
      'schema/dev_customer/shipments',
      'schema/dev_telemetry/device_status',
    ]);
  });

  it('leave the producer of JSON-only projects without Glue permissions', () => {
    const jsonOnly = synthEnvironment();
    expect(statementsWith(jsonOnly.streaming, 'dev-msk-athena-producer-role', 'glue:GetSchemaByDefinition')).toEqual([]);
  });
});
