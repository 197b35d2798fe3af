import { ServerlessCluster } from '../../../modules/msk/serverless-cluster';
import { bareStack, foundations, resourcesOf, synthJson } from '../construct-stack';

describe('ServerlessCluster', () => {
  it('is an MSK Serverless cluster with IAM authentication in the private subnets, behind its own group', () => {
    const stack = bareStack();
    const { network } = foundations(stack);
    const cluster = new ServerlessCluster(stack, 'Kafka', { clusterName: 'kafka', network });
    expect(cluster.authentication).toBe('iam');
    const json = synthJson(stack);
    const [msk] = resourcesOf(json, 'aws_msk_serverless_cluster');
    expect(msk).toMatchObject({ cluster_name: 'kafka', client_authentication: { sasl: { iam: { enabled: true } } } });
    expect(msk.vpc_config[0].subnet_ids).toHaveLength(2);
    expect(msk.vpc_config[0].security_group_ids).toEqual([expect.stringMatching(/^\$\{aws_security_group\./)]);
    expect(msk.lifecycle.prevent_destroy).toBe(true);
  });
});
