import { PolicyDocument } from '../../../modules/iam/policy-document';
import { ExistingCluster, type KafkaClusterAttributes } from '../../../modules/msk/existing-cluster';
import { Network } from '../../../modules/network/network';
import { SecurityGroup } from '../../../modules/network/security-group';
import { bareStack, policyStatements, reference, resourcesOf, synthJson } from '../construct-stack';

const ARN = 'arn:aws:kafka:eu-west-1:111122223333:cluster/orders/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d-2';
const SECRET = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:AmazonMSK_orders-AbCdEf';

function adopt(props: Partial<KafkaClusterAttributes>) {
  const stack = bareStack();
  const network = Network.fromNetworkAttributes(stack, 'Network', {
    name: 'old',
    vpcId: 'vpc-0a',
    subnetIds: ['subnet-01', 'subnet-02'],
    routeTableIds: [],
    createEndpoints: false,
  });
  const cluster = ExistingCluster.fromClusterAttributes(stack, 'Kafka', { clusterArn: ARN, authentication: 'iam', network, ...props });
  const client = Object.assign(new PolicyDocument(stack, 'ClientPolicy'), {
    securityGroup: new SecurityGroup(stack, 'Client', { vpcId: 'vpc-0a', name: 'client', description: 'a Kafka client' }),
  });
  cluster.addClient(client);
  return { stack, cluster, client };
}

describe('ExistingCluster', () => {
  it("changes nothing of the cluster; with the brokers' group known, admits the client there", () => {
    const { stack, cluster, client } = adopt({ brokerSecurityGroupId: 'sg-0brokers', bootstrapBrokers: 'b-1.orders:9098,b-2.orders:9098' });
    expect(cluster.clusterName).toBe('orders');
    expect(cluster.bootstrapBrokers).toBe('b-1.orders:9098,b-2.orders:9098');
    expect(cluster.ownerActions).toEqual([]);
    const json = synthJson(stack);
    expect(resourcesOf(json, 'aws_msk_cluster')).toEqual([]);
    expect(resourcesOf(json, 'aws_vpc_security_group_ingress_rule')).toEqual([expect.objectContaining({ security_group_id: 'sg-0brokers', from_port: 9098 })]);
    expect(policyStatements(json, reference(stack, client.json))).toEqual([
      expect.objectContaining({ sid: 'KafkaConnect', actions: ['kafka-cluster:Connect'], resources: [ARN] }),
    ]);
  });

  it('for SCRAM, grants the secret and its key through Secrets Manager only, and tells the owner what to admit', () => {
    const { stack, cluster, client } = adopt({ authentication: 'scram', secretArn: SECRET });
    const json = synthJson(stack);
    const statements = policyStatements(json, reference(stack, client.json));
    expect(statements.map((s) => s.sid)).toEqual(['KafkaConnectSecret', 'KafkaConnectSecretKey']);
    expect(statements[0]).toMatchObject({ actions: ['secretsmanager:GetSecretValue'], resources: [SECRET] });
    expect(statements[1].condition).toEqual([{ test: 'StringEquals', variable: 'kms:ViaService', values: ['secretsmanager.eu-west-1.amazonaws.com'] }]);
    // No group of ours to change: egress to the cluster's VPC on 9096, and the owner's command.
    expect(resourcesOf(json, 'aws_vpc_security_group_egress_rule')).toEqual([
      expect.objectContaining({ from_port: 9096, cidr_ipv4: expect.stringContaining('data.aws_vpc') }),
    ]);
    expect(cluster.ownerActions).toEqual([expect.stringContaining('aws ec2 authorize-security-group-ingress')]);
  });

  it('refuses what it cannot adopt', () => {
    expect(() => adopt({ clusterArn: 'arn:aws:kafka:eu-west-1:1:topic/x' })).toThrow(/clusterArn must be an MSK cluster ARN/);
    expect(() => adopt({ authentication: 'scram' })).toThrow('ExistingCluster test/Kafka: secretArn is required for scram');
    expect(() => adopt({ authentication: 'tls', secretArn: SECRET })).toThrow('ExistingCluster test/Kafka: certificatesS3Reference is required for tls');
  });
});

describe('ExistingCluster behind IKafkaCluster', () => {
  it('grants no topic rights on a SCRAM cluster, for reading, writing and managing alike, and says why', () => {
    const { cluster, client } = adopt({ authentication: 'scram', secretArn: SECRET });
    const grants = [cluster.grantReadTopics(client, ['a']), cluster.grantWriteTopics(client, ['a']), cluster.grantManageTopics(client, ['a'])];
    for (const g of grants) expect(g).toMatchObject({ isEmpty: true, reason: 'orders authenticates with scram: Kafka ACLs, not IAM, decide topic access' });
  });

  it('grants topic rights on an IAM cluster as a made cluster does', () => {
    const { cluster, client } = adopt({ brokerSecurityGroupId: 'sg-0brokers' });
    expect(cluster.grantWriteTopics(client, ['a']).statements.map((s) => s.sid)).toEqual(['KafkaWriteTopics', 'KafkaWriteTopicsIdempotent']);
  });

  it('says whether its owner admits clients, lists one action per client, and looks the secret key up once for several clients', () => {
    const { stack, cluster } = adopt({ authentication: 'scram', secretArn: SECRET });
    expect(cluster.ownerAdmitsClients).toBe(true);
    const second = Object.assign(new PolicyDocument(stack, 'SecondPolicy'), {
      securityGroup: new SecurityGroup(stack, 'Second', { vpcId: 'vpc-0a', name: 'second', description: 'another client' }),
    });
    cluster.addClient(second);
    expect(cluster.ownerActions).toHaveLength(2);
    expect(Object.keys(synthJson(stack).data.aws_kms_key)).toHaveLength(1);
    expect(adopt({ brokerSecurityGroupId: 'sg-0brokers' }).cluster.ownerAdmitsClients).toBe(false);
  });

  it('watches the brokers only when their count is given', () => {
    expect(adopt({}).cluster.brokerCount).toBeUndefined();
    expect(adopt({ brokerCount: 3 }).cluster.brokerCount).toBe(3);
    expect(() => adopt({ brokerCount: 0 })).toThrow('ExistingCluster test/Kafka: brokerCount must be a whole number of at least 1, got 0');
  });
});
