import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROVIDER_GAPS } from '../../../cli/rehearse/emulator-gaps';
import { rehearseWithOlderProvider } from '../../../cli/rehearse/stack-files';
import { NODE_RUNTIME } from '../../../core/aws-facts';

/*
 * The rehearsal's mirror holds hashicorp/aws 5.100.0, which refuses the functions'
 * runtime (nodejs24.x) that the provider the stacks ask for accepts: only the
 * rehearsal's copy of a stack is rewritten, each rewrite is reported, and a
 * provider that accepts the value gets the stack as synthesized.
 */
describe('rehearseWithOlderProvider', () => {
  const stack = () => {
    const dir = mkdtempSync(join(tmpdir(), 'msk-athena-rehearsal-stack-'));
    const json = {
      resource: {
        aws_lambda_function: { topics_Resource_A: { runtime: NODE_RUNTIME, handler: 'index.handler' }, other_B: { runtime: 'python3.12' } },
        aws_s3_bucket: { spill_C: { bucket_prefix: 'spill-' } },
      },
    };
    writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(json, null, 2));
    return { dir, json };
  };
  const read = (dir: string) => JSON.parse(readFileSync(join(dir, 'cdk.tf.json'), 'utf8'));

  it('ships nodejs24.x, a value the rehearsal provider refuses (a gap, so the rewrite below is exercised)', () => {
    expect(NODE_RUNTIME).toBe('nodejs24.x');
    expect(PROVIDER_GAPS).toContainEqual(
      expect.objectContaining({ type: 'aws_lambda_function', attribute: 'runtime', value: 'nodejs24.x', acceptedFrom: '6.19.0' }),
    );
  });

  it('rewrites the runtime for hashicorp/aws 5.100.0, and only it, and says so', () => {
    const { dir, json } = stack();
    expect(rehearseWithOlderProvider(dir, '5.100.0')).toEqual([
      'aws_lambda_function.topics_Resource_A: runtime nodejs24.x rehearsed as nodejs22.x (hashicorp/aws 5.100.0 refuses it; 6.19.0 and newer accept it)',
    ]);
    const after = read(dir);
    expect(after.resource.aws_lambda_function.topics_Resource_A).toEqual({ runtime: 'nodejs22.x', handler: 'index.handler' });
    expect({ ...after.resource, aws_lambda_function: undefined }).toEqual({ ...json.resource, aws_lambda_function: undefined });
    expect(after.resource.aws_lambda_function.other_B).toEqual({ runtime: 'python3.12' });
  });

  it.each(['6.19.0', '6.25.0'])('leaves the stack as synthesized for hashicorp/aws %s', (version) => {
    const { dir, json } = stack();
    expect(rehearseWithOlderProvider(dir, version)).toEqual([]);
    expect(read(dir)).toEqual(json);
  });
});
