import { onlyResource, ref, resourcesOf, synthEnvironment } from '../helpers/synth';

describe('streaming stack', () => {
  const { streaming, analytics } = synthEnvironment();
  const cluster = onlyResource(streaming, 'aws_msk_cluster');

  it('accepts IAM clients only, over TLS, with TLS inside the cluster', () => {
    expect(cluster.client_authentication).toEqual({ sasl: { iam: true }, unauthenticated: false });
    expect(cluster.encryption_info.encryption_in_transit).toEqual({ client_broker: 'TLS', in_cluster: true });
  });

  it('encrypts data at rest with its own rotating key', () => {
    const key = onlyResource(streaming, 'aws_kms_key');
    expect(key.enable_key_rotation).toBe(true);
    expect(key.deletion_window_in_days).toBe(30);
    expect(cluster.encryption_info.encryption_at_rest_kms_key_arn).toBe(ref(key.address, 'arn'));
  });

  it('sizes brokers from config', () => {
    expect(cluster).toMatchObject({ cluster_name: 'dev-msk-athena', kafka_version: '3.8.x', number_of_broker_nodes: 2, enhanced_monitoring: 'DEFAULT' });
    expect(cluster.broker_node_group_info).toMatchObject({ instance_type: 'kafka.t3.small', storage_info: { ebs_storage_info: { volume_size: 20 } } });
  });

  it('sends broker logs to a log group with retention', () => {
    const logs = onlyResource(streaming, 'aws_cloudwatch_log_group');
    expect(logs).toMatchObject({ name: '/aws/msk/dev-msk-athena', retention_in_days: 14 });
    expect(cluster.logging_info.broker_logs.cloudwatch_logs).toEqual({ enabled: true, log_group: ref(logs.address, 'name') });
  });

  it('turns off automatic topic creation and sets replication defaults', () => {
    const config = onlyResource(streaming, 'aws_msk_configuration');
    expect(config.server_properties.split('\n')).toEqual(
      expect.arrayContaining(['auto.create.topics.enable=false', 'default.replication.factor=2', 'min.insync.replicas=1']),
    );
    expect(cluster.configuration_info).toEqual({ arn: ref(config.address, 'arn'), revision: ref(config.address, 'latest_revision') });
  });

  it('grows storage automatically up to the configured maximum', () => {
    expect(onlyResource(streaming, 'aws_appautoscaling_target')).toMatchObject({ scalable_dimension: 'kafka:broker-storage:VolumeSize', max_capacity: 100 });
    expect(onlyResource(streaming, 'aws_appautoscaling_policy').target_tracking_scaling_policy_configuration.predefined_metric_specification.predefined_metric_type).toBe('KafkaBrokerStorageUtilization');
  });

  it('admits port 9098 only from registered client groups, never a CIDR', () => {
    const brokers = onlyResource(streaming, 'aws_security_group');
    const ingress = resourcesOf(analytics, 'aws_vpc_security_group_ingress_rule').filter((r) => r.from_port === 9098);
    expect(ingress).toHaveLength(1);
    expect(ingress[0]).toMatchObject({ to_port: 9098, ip_protocol: 'tcp' });
    expect(ingress[0].security_group_id).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-dev-streaming\.outputs\..*Kafka_SecurityGroup.*id\}$/);
    expect(brokers.name).toBe('dev-msk-athena-brokers');
    expect(ingress[0].referenced_security_group_id).toBe(ref('aws_security_group.Connector_SecurityGroup_8EA76127'));
    for (const r of [...resourcesOf(streaming, 'aws_vpc_security_group_ingress_rule'), ...ingress]) expect(r.cidr_ipv4).toBeUndefined();
  });

  it('outputs the IAM bootstrap brokers and the cluster ARN', () => {
    expect(streaming.output.bootstrap_brokers_sasl_iam.value).toBe(ref(cluster.address, 'bootstrap_brokers_sasl_iam'));
    expect(streaming.output.cluster_arn.value).toBe(ref(cluster.address, 'arn'));
  });

  it('refuses a broker count that does not divide over the zones', () => {
    expect(() => synthEnvironment({ network: { availabilityZones: 3 }, msk: { brokerCount: 4 } })).toThrow(
      'config(dev): msk.brokerCount: 4 brokers cannot be spread evenly over 3 Availability Zones; use a multiple of 3, such as 3 or 6',
    );
  });

  it('builds MSK Serverless with IAM auth when configured', () => {
    const { streaming: s } = synthEnvironment({ msk: { mode: 'serverless' } });
    expect(resourcesOf(s, 'aws_msk_cluster')).toEqual([]);
    const serverless = onlyResource(s, 'aws_msk_serverless_cluster');
    expect(serverless.client_authentication).toEqual({ sasl: { iam: { enabled: true } } });
    expect(s.output.bootstrap_brokers_sasl_iam.value).toBe(ref(serverless.address, 'bootstrap_brokers_sasl_iam'));
  });
});
