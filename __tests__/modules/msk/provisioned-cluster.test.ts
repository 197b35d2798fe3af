import { Grant } from '../../../modules/iam/grants';
import { EncryptionKey } from '../../../modules/kms/encryption-key';
import { PolicyDocument } from '../../../modules/iam/policy-document';
import { ProvisionedCluster } from '../../../modules/msk/provisioned-cluster';
import { Network } from '../../../modules/network/network';
import { SecurityGroup } from '../../../modules/network/security-group';
import { bareStack, foundations, policyStatements, reference, resourcesOf, synthJson } from '../construct-stack';

describe('ProvisionedCluster', () => {
  it('takes IAM clients only, encrypts in transit and at rest, and logs brokers to an encrypted group', () => {
    const stack = bareStack();
    const { key, network } = foundations(stack);
    const cluster = new ProvisionedCluster(stack, 'Kafka', { clusterName: 'kafka', network, logsKey: key });
    expect(cluster.authentication).toBe('iam');
    const json = synthJson(stack);
    const [msk] = resourcesOf(json, 'aws_msk_cluster');
    expect(msk.cluster_name).toBe('kafka');
    expect(msk.client_authentication).toMatchObject({ sasl: { iam: true }, unauthenticated: false });
    expect(msk.encryption_info.encryption_in_transit).toEqual({ client_broker: 'TLS', in_cluster: true });
    expect(msk.encryption_info.encryption_at_rest_kms_key_arn).toMatch(/aws_kms_key/);
    expect(msk.lifecycle.prevent_destroy).toBe(true);
    expect(msk.broker_node_group_info.client_subnets).toHaveLength(2);
    expect(msk.logging_info.broker_logs.cloudwatch_logs.enabled).toBe(true);
  });

  it('adds a client: its group reaches the IAM listener, its role may connect', () => {
    const stack = bareStack();
    const { key, network } = foundations(stack);
    const cluster = new ProvisionedCluster(stack, 'Kafka', { clusterName: 'kafka', network, logsKey: key });
    const client = Object.assign(new PolicyDocument(stack, 'ClientPolicy'), {
      securityGroup: new SecurityGroup(stack, 'Client', { vpcId: network.vpcId, name: 'client', description: 'a Kafka client' }),
    });
    const connect = cluster.addClient(client);
    const read = cluster.grantReadTopics(client, ['b', 'a', 'a']);
    expect(Grant.combine(connect, read).statements.map((s) => s.sid)).toEqual(['KafkaConnect', 'KafkaReadTopics']);
    const json = synthJson(stack);
    const ingress = resourcesOf(json, 'aws_vpc_security_group_ingress_rule').filter((r) => String(r.referenced_security_group_id).includes('Client'));
    expect(ingress).toEqual([expect.objectContaining({ from_port: 9098, to_port: 9098, ip_protocol: 'tcp' })]);
    const statements = policyStatements(json, reference(stack, client.json));
    expect(statements[0]).toMatchObject({ sid: 'KafkaConnect', actions: ['kafka-cluster:Connect'] });
    expect(statements[1]).toMatchObject({ sid: 'KafkaReadTopics', actions: ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData'] });
    expect(statements[1].resources).toHaveLength(2);
    expect(statements[1].resources[0]).toMatch(/:topic\/.*\/a$/);
  });

  it('refuses brokers that cannot spread evenly over the zones', () => {
    const stack = bareStack();
    const network = new Network(stack, 'N', { name: 'n' });
    const logsKey = new EncryptionKey(stack, 'Logs', { alias: 'l', description: 'd' });
    expect(() => new ProvisionedCluster(stack, 'K', { clusterName: 'k', network, brokerCount: 3, logsKey })).toThrow(
      'ProvisionedCluster test/K: brokerCount: 3 brokers cannot be spread evenly over 2 Availability Zones; use a multiple of 2, such as 2 or 4',
    );
  });

  it('defaults a broker per zone, replication 2 and min.insync.replicas 1 below it, and refuses replicas that do not fit', () => {
    const serverProperties = (props: Partial<ConstructorParameters<typeof ProvisionedCluster>[2]>) => {
      const stack = bareStack();
      const network = new Network(stack, 'N', { name: 'n', availabilityZoneCount: 3 });
      const logsKey = new EncryptionKey(stack, 'Logs', { alias: 'l', description: 'd' });
      new ProvisionedCluster(stack, 'K', { clusterName: 'k', network, logsKey, ...props });
      const json = synthJson(stack);
      const [msk] = resourcesOf(json, 'aws_msk_cluster');
      const [configuration] = resourcesOf(json, 'aws_msk_configuration');
      return [`brokers=${msk.number_of_broker_nodes}`, ...configuration.server_properties.split('\n').filter((p: string) => /replication|insync/.test(p))];
    };
    expect(serverProperties({})).toEqual(['brokers=3', 'default.replication.factor=2', 'min.insync.replicas=1']);
    expect(serverProperties({ defaultReplicationFactor: 3 })).toEqual(['brokers=3', 'default.replication.factor=3', 'min.insync.replicas=2']);
    expect(() => serverProperties({ defaultReplicationFactor: 4 })).toThrow(
      'ProvisionedCluster test/K: defaultReplicationFactor: 4 replicas cannot fit on 3 brokers; use at most 3',
    );
    expect(() => serverProperties({ defaultReplicationFactor: 3, minInsyncReplicas: 3 })).toThrow(
      'ProvisionedCluster test/K: minInsyncReplicas: 3 leaves no replica to lose at replication 3; use at most 2',
    );
  });
});
