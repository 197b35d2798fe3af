import { PolicyDocument } from '../../../modules/iam/policy-document';
import { EncryptionKey } from '../../../modules/kms/encryption-key';
import { AnalyticsWorkgroup } from '../../../modules/athena/workgroup';
import { bareStack, policyStatements, reference, resourcesOf, synthJson } from '../construct-stack';

function workgroup() {
  const stack = bareStack();
  const key = new EncryptionKey(stack, 'Key', { alias: 'k', description: 'd' });
  const wg = new AnalyticsWorkgroup(stack, 'Workgroup', { workgroupName: 'analysts', encryptionKey: key, resultsBucketPrefix: 'results' });
  return { stack, wg, key };
}

describe('AnalyticsWorkgroup', () => {
  it('enforces its settings: KMS-encrypted results in its own bucket, a scan cutoff, engine 3', () => {
    const { stack } = workgroup();
    const json = synthJson(stack);
    const [wg] = resourcesOf(json, 'aws_athena_workgroup');
    expect(wg.name).toBe('analysts');
    expect(wg.configuration).toMatchObject({ enforce_workgroup_configuration: true, bytes_scanned_cutoff_per_query: 10240 * 1024 * 1024 });
    expect(wg.configuration.result_configuration.encryption_configuration.encryption_option).toBe('SSE_KMS');
    expect(wg.configuration.result_configuration.output_location).toMatch(/^s3:\/\/\$\{aws_s3_bucket\./);
    expect(resourcesOf(json, 'aws_s3_bucket')).toHaveLength(1);
  });

  it('saves named queries in the workgroup', () => {
    const { stack, wg } = workgroup();
    wg.addNamedQuery('customer-top', { name: 'customer.top', database: 'customer', sql: 'SELECT 1', description: 'top' });
    expect(resourcesOf(synthJson(stack), 'aws_athena_named_query')).toEqual([
      expect.objectContaining({
        name: 'customer.top',
        database: 'customer',
        query: 'SELECT 1',
        description: 'top',
        workgroup: expect.stringContaining('aws_athena_workgroup'),
      }),
    ]);
  });

  it('grants running queries in this workgroup only, with the results prefix and the multipart actions', () => {
    const { stack, wg } = workgroup();
    const doc = new PolicyDocument(stack, 'Analyst');
    wg.grantRunQueries(doc);
    const statements = policyStatements(synthJson(stack), reference(stack, doc.json));
    const athena = statements.find((s) => s.actions.includes('athena:StartQueryExecution'));
    expect(athena.resources).toEqual([expect.stringContaining('aws_athena_workgroup')]);
    expect(statements.find((s) => s.sid === 'RunQueriesResultsObjects').actions).toContain('s3:AbortMultipartUpload');
  });

  it("refuses a scan cutoff under Athena's minimum", () => {
    const stack = bareStack();
    const key = new EncryptionKey(stack, 'Key', { alias: 'k', description: 'd' });
    expect(() => new AnalyticsWorkgroup(stack, 'Wg', { workgroupName: 'w', encryptionKey: key, resultsBucketPrefix: 'r', bytesScannedCutoffMb: 5 })).toThrow(
      "AnalyticsWorkgroup test/Wg: bytesScannedCutoffMb must be a whole number of at least 10 (Athena's minimum), got 5",
    );
  });
});
