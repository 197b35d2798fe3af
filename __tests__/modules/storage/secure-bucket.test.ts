import { PolicyDocument } from '../../../modules/iam/policy-document';
import { EncryptionKey } from '../../../modules/kms/encryption-key';
import { SecureBucket } from '../../../modules/storage/secure-bucket';
import { bareStack, reference, policyStatements, resourcesOf, synthJson } from '../construct-stack';

function bucketIn() {
  const stack = bareStack();
  const key = new EncryptionKey(stack, 'Key', { alias: 'k', description: 'd' });
  const bucket = new SecureBucket(stack, 'Bucket', {
    namePrefix: 'spill',
    grantLabel: 'Spill',
    encryptionKey: key,
    expirations: [{ id: 'expire-spill', prefix: 'spill', days: 1 }],
  });
  return { stack, bucket };
}

describe('SecureBucket', () => {
  it('is private, KMS-encrypted, owner-enforced, TLS-only, expiring and protected', () => {
    const { stack } = bucketIn();
    const json = synthJson(stack);
    const [bucket] = resourcesOf(json, 'aws_s3_bucket');
    expect(bucket).toMatchObject({ bucket_prefix: 'spill-', lifecycle: { prevent_destroy: true } });
    expect(resourcesOf(json, 'aws_s3_bucket_public_access_block')[0]).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(resourcesOf(json, 'aws_s3_bucket_ownership_controls')[0].rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
    expect(resourcesOf(json, 'aws_s3_bucket_server_side_encryption_configuration')[0].rule[0].apply_server_side_encryption_by_default.sse_algorithm).toBe(
      'aws:kms',
    );
    const rules = resourcesOf(json, 'aws_s3_bucket_lifecycle_configuration')[0].rule;
    expect(rules).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'expire-spill', status: 'Enabled', expiration: [{ days: 1 }] })]));
    const [deny] = policyStatements(json, resourcesOf(json, 'aws_s3_bucket_policy')[0].policy);
    expect(deny).toMatchObject({
      sid: 'DenyInsecureTransport',
      effect: 'Deny',
      condition: [expect.objectContaining({ variable: 'aws:SecureTransport', values: ['false'] })],
    });
  });

  it('grants reading or writing one prefix, with the key and, for Athena results, the multipart actions', () => {
    const { stack, bucket } = bucketIn();
    const reader = new PolicyDocument(stack, 'Reader');
    const writer = new PolicyDocument(stack, 'Writer');
    const read = bucket.grantRead(reader, 'spill');
    const written = bucket.grantReadWrite(writer, 'results', { multipart: true });
    // What was granted comes back: the statements, and the document that carries them.
    expect(read.statements.map((s) => s.sid)).toEqual(['SpillList', 'SpillObjects', 'SpillKey']);
    expect(written.dependables).toHaveLength(1);
    const json = synthJson(stack);
    const reading = policyStatements(json, reference(stack, reader.json));
    expect(reading.map((s) => [s.sid, s.actions])).toEqual([
      ['SpillList', ['s3:ListBucket']],
      ['SpillObjects', ['s3:GetObject']],
      ['SpillKey', ['kms:Decrypt']],
    ]);
    expect(reading[1].resources).toEqual([expect.stringMatching(/\.arn\}\/spill\/\*$/)]);
    const write = policyStatements(json, reference(stack, writer.json));
    expect(write.find((s) => s.sid === 'SpillObjects').actions).toEqual([
      's3:GetObject',
      's3:PutObject',
      's3:ListMultipartUploadParts',
      's3:AbortMultipartUpload',
    ]);
    expect(write.find((s) => s.sid === 'SpillKey').actions).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
  });

  it('refuses a name prefix without room for the suffix, a grant label IAM cannot use in a statement id, and an expiry under a day', () => {
    const stack = bareStack();
    const key = new EncryptionKey(stack, 'Key', { alias: 'k', description: 'd' });
    expect(() => new SecureBucket(stack, 'L', { namePrefix: 'ok', grantLabel: 'spill-data', encryptionKey: key, expirations: [] })).toThrow(
      'SecureBucket test/L: grantLabel must be a capitalized word of letters and digits (IAM statement ids), got "spill-data"',
    );
    expect(() => new SecureBucket(stack, 'B', { namePrefix: 'Bad_Prefix', grantLabel: 'Spill', encryptionKey: key, expirations: [] })).toThrow(
      'SecureBucket test/B: namePrefix must be 2-37 of a-z, 0-9 and - (room for the 26-character suffix), got "Bad_Prefix"',
    );
    expect(
      () => new SecureBucket(stack, 'C', { namePrefix: 'ok', grantLabel: 'Spill', encryptionKey: key, expirations: [{ id: 'x', prefix: 'p', days: 0 }] }),
    ).toThrow('SecureBucket test/C: expirations[x].days must be a whole number of at least 1, got 0');
  });
});
