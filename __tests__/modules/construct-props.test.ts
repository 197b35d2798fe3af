import { Testing, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { AnalyticsWorkgroup } from '../../modules/athena/workgroup';
import { PolicyDocument } from '../../modules/iam/policy-document';
import { ServiceRole } from '../../modules/iam/service-role';
import { EncryptionKey } from '../../modules/kms/encryption-key';
import { ProvisionedCluster } from '../../modules/msk/provisioned-cluster';
import { Network } from '../../modules/network/network';
import { SecureBucket } from '../../modules/storage/secure-bucket';

/** Constructs check their props first and name the prop, the rule and the value. */
describe('construct props', () => {
  const stack = () => {
    const s = new TerraformStack(Testing.app(), 'test');
    new AwsProvider(s, 'aws', { region: 'eu-west-1' });
    return s;
  };

  it('EncryptionKey: deletion window within KMS limits', () => {
    expect(() => new EncryptionKey(stack(), 'Key', { alias: 'k', description: 'd', deletionWindowDays: 3 })).toThrow(
      'EncryptionKey test/Key: deletionWindowDays must be a whole number from 7 to 30, got 3',
    );
  });

  it('AnalyticsWorkgroup: scan cutoff at least Athena\'s minimum', () => {
    const s = stack();
    const key = new EncryptionKey(s, 'Key', { alias: 'k', description: 'd' });
    expect(() => new AnalyticsWorkgroup(s, 'Wg', { workgroupName: 'w', encryptionKey: key, resultsBucketPrefix: 'r', bytesScannedCutoffMb: 5 })).toThrow(
      "AnalyticsWorkgroup test/Wg: bytesScannedCutoffMb must be a whole number of at least 10 (Athena's minimum), got 5",
    );
  });

  it('SecureBucket: a name prefix that leaves room for the unique suffix', () => {
    const s = stack();
    const key = new EncryptionKey(s, 'Key', { alias: 'k', description: 'd' });
    expect(() => new SecureBucket(s, 'B', { namePrefix: 'Bad_Prefix', encryptionKey: key, expirations: [] })).toThrow(
      'SecureBucket test/B: namePrefix must be 2-37 of a-z, 0-9 and - (room for the 26-character suffix), got "Bad_Prefix"',
    );
    expect(() => new SecureBucket(s, 'C', { namePrefix: 'ok', encryptionKey: key, expirations: [{ id: 'x', prefix: 'p', days: 0 }] })).toThrow(
      'SecureBucket test/C: expirations[x].days must be a whole number of at least 1, got 0',
    );
  });

  it('Network and ProvisionedCluster: 2 or 3 zones, brokers spread evenly', () => {
    expect(() => new Network(stack(), 'N', { name: 'n', region: 'us-east-1', availabilityZones: ['us-east-1a'] })).toThrow(
      'Network test/N: availabilityZones must name 2 or 3 zones (MSK spreads brokers over 2 or 3), got 1',
    );
    const s = stack();
    const network = new Network(s, 'N', { name: 'n', region: 'us-east-1' });
    const logsKey = new EncryptionKey(s, 'Logs', { alias: 'l', description: 'd' });
    expect(() => new ProvisionedCluster(s, 'K', { clusterName: 'k', network, brokerCount: 3, logsKey })).toThrow(
      'ProvisionedCluster test/K: brokerCount: 3 brokers cannot be spread evenly over 2 Availability Zones; use a multiple of 2, such as 2 or 4',
    );
  });

  it('ServiceRole and PolicyDocument: one service principal, no wildcard actions, no repeated ids', () => {
    expect(() => new ServiceRole(stack(), 'R', { service: '*', roleName: 'r', description: 'd' })).toThrow(
      'ServiceRole test/R: service must be a service principal such as lambda.amazonaws.com, got "*"',
    );
    const doc = new PolicyDocument(stack(), 'P');
    expect(() => doc.addToPolicy({ sid: 'All', actions: ['s3:*'], resources: ['*'] })).toThrow('test/P: statement All has a wildcard action; name each action');
    doc.addToPolicy({ sid: 'Read', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] });
    expect(() => doc.addToPolicy({ sid: 'Read', actions: ['s3:ListBucket'], resources: ['arn:aws:s3:::b'] })).toThrow('test/P: statement id Read is granted twice');
  });

  it('AwsContext: refuses a stack whose AWS provider names no region (ARNs need it at synth)', () => {
    const bare = new TerraformStack(Testing.app(), 'bare');
    expect(() => new EncryptionKey(bare, 'Key', { alias: 'k', description: 'd' })).toThrow('AwsContext bare/AwsContext: the stack needs an AWS provider with a region');
  });
});
