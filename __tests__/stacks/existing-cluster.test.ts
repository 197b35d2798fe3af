import { join } from 'node:path';
import { Testing } from 'cdktf';
import { dataOf, FIXTURE, onlyResource, resourcesOf, ROOT, roleStatements, synthEnvironment } from '../helpers/synth';
import { readSchemaFolder } from '../../core/tables/schema-folder';
import { PolicyDocument } from '../../modules/iam/policy-document';
import { SecurityGroup } from '../../modules/network/security-group';
import { buildEnvironment } from '../../stacks/environment';
import { resolveEnvironmentConfig } from '../../config/load';
import { InputError } from '../../core/problems';
import { ADOPTED, CLUSTER, network, SCRAM_SECRET, TLS_SECRET } from '../helpers/adopted-clusters';

/* Adopting a cluster the team already runs: one environment per authentication. */

const connectorOf = (a: ReturnType<typeof synthEnvironment>['analytics']) => onlyResource(a, 'aws_serverlessapplicationrepository_cloudformation_stack');
const sids = (statements: { sid: string }[]) => statements.map((s) => s.sid);

describe.each(Object.entries(ADOPTED))('an adopted %s cluster', (mode, overrides) => {
  const env = synthEnvironment(overrides);

  it('creates no cluster, configuration, cluster key, topics function or producer', () => {
    for (const type of [
      'aws_msk_cluster',
      'aws_msk_serverless_cluster',
      'aws_msk_configuration',
      'aws_kms_key',
      'aws_lambda_function',
      'aws_lambda_invocation',
      'aws_cloudwatch_event_rule',
    ]) {
      expect({ type, count: resourcesOf(env.streaming, type).length }).toEqual({ type, count: 0 });
    }
    expect(Object.keys(env.streaming.output).filter((o) => !o.startsWith('cross-stack'))).toEqual(['bootstrap_brokers', 'cluster_arn']);
  });

  it('reads the bootstrap string of its authentication from the cluster', () => {
    const brokers = onlyResource({ resource: env.streaming.data }, 'aws_msk_bootstrap_brokers');
    expect(brokers.cluster_arn).toBe(overrides.msk.existing.clusterArn);
    const attribute = {
      iam: 'bootstrap_brokers_sasl_iam',
      serverless: 'bootstrap_brokers_sasl_iam',
      scram: 'bootstrap_brokers_sasl_scram',
      tls: 'bootstrap_brokers_tls',
    }[mode]!;
    expect(connectorOf(env.analytics).parameters.KafkaEndpoint).toMatch(new RegExp(`${attribute}\\}$`));
  });

  it('passes the connector exactly the parameters of its authentication', () => {
    const p = connectorOf(env.analytics).parameters;
    const expected = {
      iam: { AuthType: 'SASL_SSL_AWS_MSK_IAM' },
      serverless: { AuthType: 'SASL_SSL_AWS_MSK_IAM' },
      scram: { AuthType: 'SASL_SSL_SCRAM_SHA512', SecretNamePrefix: 'AmazonMSK_athena' },
      tls: { AuthType: 'SSL', SecretNamePrefix: 'msk-tls-passwords', CertificatesS3Reference: 's3://acme-certs/athena/' },
    }[mode]!;
    expect({ AuthType: p.AuthType, SecretNamePrefix: p.SecretNamePrefix, CertificatesS3Reference: p.CertificatesS3Reference }).toEqual({
      SecretNamePrefix: undefined,
      CertificatesS3Reference: undefined,
      ...expected,
    });
  });

  it('grants the connector exactly what its authentication reads', () => {
    const statements = roleStatements(env.analytics, 'dev-athena-msk-connector-role');
    const kafka = statements.filter((s: { actions: string[] }) => s.actions.some((a) => a.startsWith('kafka-cluster:')));
    const secrets = statements.filter((s: { sid: string }) => /^KafkaConnectSecret/.test(s.sid));
    const certificates = statements.filter((s: { sid: string }) => s.sid.startsWith('KafkaConnectCertificates'));
    if (mode === 'iam' || mode === 'serverless') {
      expect(kafka).toEqual([
        { sid: 'KafkaConnect', effect: 'Allow', actions: ['kafka-cluster:Connect'], resources: [overrides.msk.existing.clusterArn] },
        expect.objectContaining({ sid: 'KafkaReadTopics', actions: ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData'] }),
      ]);
      expect(kafka[1].resources.every((r: string) => r.includes(overrides.msk.existing.clusterArn.split(':cluster/')[0]))).toBe(true);
      expect(secrets).toEqual([]);
    } else {
      expect(kafka).toEqual([]);
      const secretArn = (overrides.msk.existing as { secretArn: string }).secretArn;
      expect(secrets).toEqual([
        { sid: 'KafkaConnectSecret', effect: 'Allow', actions: ['secretsmanager:GetSecretValue'], resources: [secretArn] },
        {
          sid: 'KafkaConnectSecretKey',
          effect: 'Allow',
          actions: ['kms:Decrypt'],
          // The secret's own key, looked up from the secret (in the stack that holds the cluster).
          resources: [expect.stringMatching(/^\$\{data\.terraform_remote_state\.\S+aws_kms_key\S+arn\}$/)],
          condition: [{ test: 'StringEquals', variable: 'kms:ViaService', values: ['secretsmanager.us-east-1.amazonaws.com'] }],
        },
      ]);
    }
    if (mode === 'tls') {
      expect(certificates).toEqual([
        {
          sid: 'KafkaConnectCertificatesList',
          effect: 'Allow',
          actions: ['s3:ListBucket'],
          resources: [expect.stringMatching(/:s3:::acme-certs$/)],
          condition: [{ test: 'StringLike', variable: 's3:prefix', values: ['athena', 'athena/*'] }],
        },
        { sid: 'KafkaConnectCertificates', effect: 'Allow', actions: ['s3:GetObject'], resources: [expect.stringMatching(/:s3:::acme-certs\/athena\/\*$/)] },
      ]);
    } else {
      expect(certificates).toEqual([]);
    }
    expect(sids(statements)).not.toContain('KafkaReadTopicsAll');
  });

  it("opens the connector's path to the brokers on its listener port", () => {
    const port = { iam: 9098, serverless: 9098, scram: 9096, tls: 9094 }[mode]!;
    const egress = resourcesOf(env.analytics, 'aws_vpc_security_group_egress_rule').filter((r) => r.from_port === port);
    expect(egress).toHaveLength(1);
    const ingress = resourcesOf(env.analytics, 'aws_vpc_security_group_ingress_rule').filter((r) => r.from_port === port);
    if (mode === 'iam') {
      // brokerSecurityGroupId given: the rule on the owner's group is ours.
      expect(ingress).toEqual([expect.objectContaining({ security_group_id: 'sg-0b0b0b0b', to_port: port })]);
      expect(egress[0].referenced_security_group_id).toBe('sg-0b0b0b0b');
      expect(env.analytics.output.cluster_owner_action).toBeUndefined();
    } else {
      // No group given: egress to the cluster's VPC, and the owner is told the exact rule to add.
      expect(ingress).toEqual([]);
      expect(egress[0].cidr_ipv4).toMatch(/^\$\{data\.terraform_remote_state\..*aws_vpc.*cidr_block\}$/);
      expect(env.analytics.output.cluster_owner_action.value).toMatch(
        new RegExp(
          `authorize-security-group-ingress .*FromPort=${port},ToPort=${port},UserIdGroupPairs=\\[\\{GroupId=\\$\\{aws_security_group\\.Connector_SecurityGroup`,
        ),
      );
      expect(env.analytics.output.connector_security_group_id).toBeDefined();
    }
  });

  it('reaches Secrets Manager through an endpoint when it signs in with a secret', () => {
    const services = resourcesOf(env.network, 'aws_vpc_endpoint')
      .map((e) => e.service_name.split('.').pop())
      .sort();
    expect(services).toEqual(mode === 'scram' || mode === 'tls' ? ['athena', 'glue', 's3', 'secretsmanager'] : ['athena', 'glue', 's3']);
    void dataOf;
  });
});

describe('adoption config', () => {
  const problems = (overrides: unknown) => {
    try {
      resolveEnvironmentConfig('dev', overrides, 'config/dev.json');
    } catch (err) {
      if (err instanceof InputError) return err.problems.map((p) => `${p.field}: ${p.problem}`);
      throw err;
    }
    return [];
  };

  it("refuses sizing keys that would have no effect, and needs the cluster's VPC", () => {
    expect(problems({ msk: { brokerCount: 3, instanceType: 'kafka.m7g.large', existing: ADOPTED.iam.msk.existing } })).toEqual([
      'msk.brokerCount: has no effect with msk.existing: this environment makes no cluster',
      'msk.instanceType: has no effect with msk.existing: this environment makes no cluster',
    ]);
    expect(problems({ msk: ADOPTED.iam.msk })).toEqual(["msk.existing: needs the cluster's VPC"]);
  });

  it('asks for the secret and certificates each mode reads, and nothing else', () => {
    expect(problems({ network, msk: { existing: { clusterArn: CLUSTER, authentication: 'scram' } } })).toEqual([
      'msk.existing.secretArn: is required for scram',
    ]);
    expect(problems({ network, msk: { existing: { clusterArn: CLUSTER, authentication: 'tls', secretArn: TLS_SECRET } } })).toEqual([
      'msk.existing.certificatesS3Reference: is required for tls',
    ]);
    expect(problems({ network, msk: { existing: { clusterArn: CLUSTER, authentication: 'iam', secretArn: SCRAM_SECRET } } })).toEqual([
      'msk.existing.secretArn: has no use with iam',
    ]);
    expect(problems({ network, msk: { existing: { clusterArn: CLUSTER, authentication: 'scram', secretArn: TLS_SECRET } } })).toEqual([
      'msk.existing.secretArn: is not an AmazonMSK_ secret; MSK only accepts SCRAM secrets whose name starts with AmazonMSK_',
    ]);
    expect(
      problems({
        network,
        msk: { existing: { clusterArn: CLUSTER, authentication: 'tls', secretArn: TLS_SECRET, certificatesS3Reference: 's3://acme-certs/a/b/' } },
      }),
    ).toEqual(['msk.existing.certificatesS3Reference: expected s3://<bucket>/<folder>/']);
  });

  it('leaves topics and sample traffic to the team, and refuses them where the functions cannot sign in', () => {
    const adopted = resolveEnvironmentConfig('dev', ADOPTED.iam);
    expect([adopted.topics.manage, adopted.producer.enabled]).toEqual([false, false]);
    const managed = resolveEnvironmentConfig('dev', { ...ADOPTED.iam, topics: { manage: true } });
    expect(managed.topics.manage).toBe(true);
    expect(problems({ ...ADOPTED.scram, topics: { manage: true } })).toEqual([
      'topics.manage: the topics function authenticates with IAM only, the cluster with scram',
    ]);
    expect(problems({ ...ADOPTED.tls, producer: { enabled: true } })).toEqual([
      'producer.enabled: the producer authenticates with IAM only, the cluster with tls',
    ]);
  });

  it('manages topics of an adopted IAM cluster when asked', () => {
    const { streaming } = synthEnvironment({ ...ADOPTED.iam, topics: { manage: true } });
    expect(resourcesOf(streaming, 'aws_lambda_invocation')).toHaveLength(1);
    expect(resourcesOf(streaming, 'aws_lambda_function').map((f) => f.function_name)).toEqual(['dev-msk-athena-topics', 'dev-msk-athena-topics-plan']);
  });
});

describe("the owner's actions of an adopted cluster", () => {
  it('list every client added to the cluster by synthesis, also one added after the analytics stack was built', () => {
    const config = resolveEnvironmentConfig('dev', ADOPTED.scram);
    const app = Testing.app();
    const registries = readSchemaFolder(join(FIXTURE, 'schemas'), ROOT);
    const env = buildEnvironment(app, config, { registries, queries: [] });
    expect(env.streaming.cluster.ownerAdmitsClients).toBe(true);
    const late = Object.assign(new PolicyDocument(env.analytics, 'LatePolicy'), {
      securityGroup: new SecurityGroup(env.analytics, 'Late', { vpcId: 'vpc-0a', name: 'late-client', description: 'a client added later' }),
    });
    env.streaming.cluster.addClient(late);
    const analytics = JSON.parse(Testing.synth(env.analytics));
    const actions: string[] = analytics.output.cluster_owner_action.value.split('\n');
    expect(actions).toHaveLength(2);
    expect(actions[1]).toContain('Description=late-client');
  });
});
