import { STATEFUL_RESOURCE_TYPES } from '../../core/aws-facts';
import { resourcesOf, synthEnvironment } from '../helpers/synth';

/**
 * Terraform addresses of everything that holds state or data. A refactor that
 * changes one makes Terraform destroy and recreate the resource (a new cluster,
 * an empty bucket, a new key). Change a pin only on purpose, with a `moved` block
 * or a state move in the same change.
 */
const PINNED = {
  network: [
    'aws_cloudwatch_log_group.Network_FlowLogs_E07A427F',
    'aws_kms_key.LogsKey_A6AB43B2',
    'aws_subnet.Network_Private1_905F40B7',
    'aws_subnet.Network_Private2_74EF3D2E',
    'aws_vpc.Network_1C6012B5',
  ],
  streaming: [
    'aws_cloudwatch_log_group.Kafka_BrokerLogs_F07C219E',
    'aws_cloudwatch_log_group.Producer_Function_Logs_3FD2D42F',
    'aws_cloudwatch_log_group.Topics_Function_Logs_ED62C4A5',
    'aws_cloudwatch_log_group.Topics_Planner_Logs_820D331F',
    'aws_kms_key.Kafka_DataKey_D2F71A19',
    'aws_kms_key.LogsKey_A6AB43B2',
    'aws_msk_cluster.Kafka_DE2CE4FA',
    'aws_msk_configuration.Kafka_Configuration_2E1CE142',
  ],
  analytics: [
    'aws_athena_data_catalog.Catalog_742F25FD',
    'aws_athena_workgroup.Workgroup_D5BC63A0',
    'aws_cloudwatch_log_group.Connector_Logs_6D6CCDEC',
    'aws_glue_registry.Schemas_Registry-customer_95DD2590',
    'aws_glue_registry.Schemas_Registry-telemetry_9B16800F',
    'aws_glue_schema.Schemas_Registry-customer_Table-orders_AD2E9600',
    'aws_glue_schema.Schemas_Registry-telemetry_Table-sensor_readings_1BC90945',
    'aws_kms_key.DataKey_17AFBB84',
    'aws_kms_key.LogsKey_A6AB43B2',
    'aws_s3_bucket.Connector_SpillBucket_5C030391',
    'aws_s3_bucket.Workgroup_ResultsBucket_3EC56AA2',
    'aws_serverlessapplicationrepository_cloudformation_stack.Connector_C537A2FB',
  ],
};

const STATEFUL = Object.keys(STATEFUL_RESOURCE_TYPES);

/** The sample producer (its log group) exists only where producer.enabled: in dev, not in prod. */
const PRODUCER_ADDRESS_PREFIX = 'aws_cloudwatch_log_group.Producer_';

describe('stable Terraform addresses of stateful resources', () => {
  const env = synthEnvironment();
  it.each(Object.keys(PINNED) as (keyof typeof PINNED)[])('keeps every stateful address of the %s stack', (part) => {
    const actual = STATEFUL.flatMap((t) => resourcesOf(env[part], t).map((r) => r.address)).sort();
    expect(actual).toEqual(PINNED[part]);
  });

  it('keeps the dev addresses in prod, less the subnets it has more of and the producer it does not deploy', () => {
    const prod = synthEnvironment({}, { env: 'prod' });
    const notInProd = (a: string) => a.startsWith('aws_subnet.') || a.startsWith(PRODUCER_ADDRESS_PREFIX);
    for (const part of Object.keys(PINNED) as (keyof typeof PINNED)[]) {
      const actual = STATEFUL.flatMap((t) => resourcesOf(prod[part], t).map((r) => r.address))
        .filter((a) => !a.startsWith('aws_subnet.'))
        .sort();
      expect(actual).toEqual(PINNED[part].filter((a) => !notInProd(a)));
    }
  });
});
