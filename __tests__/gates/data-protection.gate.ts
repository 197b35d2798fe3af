import { dataOf, policyStatements, resourcesOf, synthEnvironment } from '../helpers/synth';
import { everyResource, found, type NamedStack } from '../helpers/all-stacks';

const ref = (address: string) => `\${${address}.id}`;

export function dataProtectionGate(stacks: readonly NamedStack[]): void {
  describe('data protection gate', () => {
    const buckets = everyResource(stacks, 'aws_s3_bucket');
    const of = (type: string, bucket: { stack: string; address: string }) =>
      everyResource(stacks, type).filter((r) => r.stack === bucket.stack && r.bucket === ref(bucket.address));

    it('blocks public access, encrypts with KMS, denies plain HTTP and expires data in every bucket', () => {
      expect(buckets.length).toBe(2 * stacks.filter((s) => s.name.endsWith('/analytics')).length);
      for (const b of buckets) {
        expect(of('aws_s3_bucket_public_access_block', b)).toEqual([
          expect.objectContaining({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true }),
        ]);
        const [sse] = of('aws_s3_bucket_server_side_encryption_configuration', b);
        expect(sse.rule[0].apply_server_side_encryption_by_default).toEqual({
          sse_algorithm: 'aws:kms',
          kms_master_key_id: expect.stringMatching(/^\$\{aws_kms_key\..+\.arn\}$/),
        });
        const [policy] = of('aws_s3_bucket_policy', b);
        const stack = stacks.find((s) => s.name === b.stack) as NamedStack;
        const doc = dataOf(stack.json, 'aws_iam_policy_document').find((d) => `\${${d.address}.json}` === policy.policy);
        expect(doc.statement).toContainEqual(
          expect.objectContaining({ effect: 'Deny', condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }] }),
        );
        const [lifecycle] = of('aws_s3_bucket_lifecycle_configuration', b);
        expect(lifecycle.rule.some((r: { expiration?: unknown[] }) => r.expiration)).toBe(true);
        expect(of('aws_s3_bucket_ownership_controls', b)[0].rule.object_ownership).toBe('BucketOwnerEnforced');
      }
    });

    it('rotates every KMS key and keeps the longest deletion window', () => {
      const keys = everyResource(stacks, 'aws_kms_key');
      expect(keys.length).toBeGreaterThanOrEqual(4 * 1 + 3 * 1);
      for (const k of keys) expect(k).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
    });

    it('encrypts every log group with a key of its own stack whose policy admits CloudWatch Logs, and gives each a retention', () => {
      for (const g of found(everyResource(stacks, 'aws_cloudwatch_log_group'), 'log groups')) {
        const stack = stacks.find((s) => s.name === g.stack) as NamedStack;
        const keyAddress = /^\$\{(aws_kms_key\.[^.]+)\.arn\}$/.exec(g.kms_key_id ?? '')?.[1];
        const key = resourcesOf(stack.json, 'aws_kms_key').find((k) => k.address === keyAddress);
        const logsMayUse = key
          ? policyStatements(stack.json, key.policy).some(
              (st: { principals?: { identifiers: string[] }[]; actions: string[] }) =>
                (st.principals ?? []).some((p) => p.identifiers.some((id) => /^logs\..+\.amazonaws\.com$/.test(id))) &&
                ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey'].every((a) => st.actions.includes(a)),
            )
          : false;
        const group = `${g.stack} ${g.address}`;
        expect({ group, key: keyAddress, ownKey: Boolean(key), logsMayUse, retention: g.retention_in_days > 0 }).toEqual({
          group,
          key: expect.stringMatching(/^aws_kms_key\./),
          ownKey: true,
          logsMayUse: true,
          retention: true,
        });
      }
    });

    it('sends the logs of every Lambda function to a log group of its own stack', () => {
      for (const f of found(everyResource(stacks, 'aws_lambda_function'), 'Lambda functions')) {
        const stack = stacks.find((s) => s.name === f.stack) as NamedStack;
        const groups = resourcesOf(stack.json, 'aws_cloudwatch_log_group').map((g) => `\${${g.address}.name}`);
        expect({ fn: `${f.stack} ${f.function_name}`, logGroup: groups.includes(f.logging_config?.log_group) }).toEqual({
          fn: `${f.stack} ${f.function_name}`,
          logGroup: true,
        });
      }
    });

    it('encrypts MSK in transit and at rest with our key', () => {
      for (const c of found(everyResource(stacks, 'aws_msk_cluster'), 'MSK clusters')) {
        expect(c.encryption_info).toMatchObject({
          encryption_at_rest_kms_key_arn: expect.stringMatching(/aws_kms_key/),
          encryption_in_transit: { client_broker: 'TLS', in_cluster: true },
        });
      }
    });

    it('protects the cluster, the keys and the buckets from destroy and replace', () => {
      const protectedTypes = ['aws_msk_cluster', 'aws_msk_serverless_cluster', 'aws_kms_key', 'aws_s3_bucket'];
      const all = protectedTypes.flatMap((t) => everyResource(stacks, t));
      expect(all.length).toBeGreaterThan(10);
      for (const r of all) expect({ r: r.address, lifecycle: r.lifecycle?.prevent_destroy }).toEqual({ r: r.address, lifecycle: true });
      for (const b of found(buckets, 'buckets')) expect(b.force_destroy).toBe(false);
    });

    it('lifts the protection only when protectData is false, and then lets buckets go with their objects', () => {
      const { network, streaming, analytics } = synthEnvironment({ protectData: false });
      const guarded = [network, streaming, analytics].flatMap((stack) =>
        ['aws_msk_cluster', 'aws_kms_key', 'aws_s3_bucket'].flatMap((t) => resourcesOf(stack, t)),
      );
      // The cluster, the data and logs keys of every stack, and both buckets.
      expect(guarded.map((r) => r.address.split('.')[0]).sort()).toEqual([
        'aws_kms_key',
        'aws_kms_key',
        'aws_kms_key',
        'aws_kms_key',
        'aws_kms_key',
        'aws_msk_cluster',
        'aws_s3_bucket',
        'aws_s3_bucket',
      ]);
      for (const r of guarded) {
        expect({ r: r.address, preventDestroy: r.lifecycle?.prevent_destroy }).toEqual({ r: r.address, preventDestroy: false });
        if (r.address.startsWith('aws_s3_bucket.')) expect({ r: r.address, forceDestroy: r.force_destroy }).toEqual({ r: r.address, forceDestroy: true });
      }
      expect((Object.values(analytics.resource.aws_athena_workgroup)[0] as { force_destroy: boolean }).force_destroy).toBe(true);
      const kept = synthEnvironment().analytics;
      expect((Object.values(kept.resource.aws_athena_workgroup)[0] as { force_destroy: boolean }).force_destroy).toBe(false);
    });
  });
}
