import { z } from 'zod';
import { brokerLayout, brokerLayoutProblem } from '../../core/kafka/broker-layout';
import { formatProblem, zodProblems } from '../../core/problems';
import { expecting, guarded, issue, matches, rule } from '../../core/zod-rules';

/** zodProblems of `value` parsed by `schema`, with the schema for did-you-mean. */
function problems(schema: z.ZodType, value: unknown) {
  const parsed = schema.safeParse(value);
  if (parsed.success) throw new Error('parsed');
  return zodProblems('f.json', parsed.error, { schema });
}

describe('zod rules: the problem in the message, the fix in params', () => {
  it('carries a fix through .refine, matches, ctx.addIssue and a record key', () => {
    const schema = z
      .strictObject({
        id: matches(/^a-\d+$/, 'expected an id', 'write it as a-1'),
        n: z.number().refine(
          (n) => n < 3,
          rule((n) => `${String(n)} is too many`, 'use at most 2'),
        ),
        tags: z.record(matches(/^[a-z]+$/, 'not a tag name', 'use a-z'), z.string()),
      })
      .superRefine((v, ctx) => {
        if (v.id === 'a-0') ctx.addIssue({ ...issue('is the reserved id', 'pick another'), path: ['id'] });
      });
    expect(problems(schema, { id: 'b', n: 5, tags: { X: 'y' } })).toEqual([
      { file: 'f.json', field: 'id', problem: 'expected an id', fix: 'write it as a-1' },
      { file: 'f.json', field: 'n', problem: '5 is too many', fix: 'use at most 2' },
      { file: 'f.json', field: 'tags.X', problem: 'not a tag name', fix: 'use a-z' },
    ]);
    expect(problems(schema, { id: 'a-0', n: 1, tags: {} })).toEqual([{ file: 'f.json', field: 'id', problem: 'is the reserved id', fix: 'pick another' }]);
  });

  it('gives a type error its fix with expecting, which stops the checks after it', () => {
    const count = expecting<number>(Number.isSafeInteger, 'expected a whole number', 'write one such as 3').refine((n) => n > 0, rule('is not positive'));
    const schema = z.strictObject({ count });
    expect(problems(schema, { count: 'x' }).map(formatProblem)).toEqual(['f.json: count: expected a whole number; write one such as 3']);
    expect(problems(schema, { count: 0 })).toEqual([{ file: 'f.json', field: 'count', problem: 'is not positive' }]);
    expect(schema.parse({ count: 2 })).toEqual({ count: 2 });
  });

  it('guards an object without hiding its keys from did-you-mean', () => {
    const doc = guarded((v) => typeof v === 'object' && v !== null, 'expected an object', 'write {"name": "..."}', z.strictObject({ name: z.string() }));
    expect(problems(doc, 3).map(formatProblem)).toEqual(['f.json: expected an object; write {"name": "..."}']);
    expect(problems(doc, { name: 'a', nme: 'b' }).map(formatProblem)).toEqual(['f.json: nme: unknown key; did you mean `name`?']);
    expect(doc.parse({ name: 'a' })).toEqual({ name: 'a' });
  });

  it("leaves zod's own messages without a fix", () => {
    expect(problems(z.strictObject({ s: z.string() }), { s: 1 })).toEqual([{ file: 'f.json', field: 's', problem: 'expected string, received number' }]);
  });
});

describe('broker layout', () => {
  it('says what is wrong and what would be right apart', () => {
    expect(brokerLayoutProblem(6, 3)).toBeUndefined();
    expect(brokerLayoutProblem(5, 2)).toEqual({
      problem: '5 brokers cannot be spread evenly over 2 Availability Zones',
      fix: 'use a multiple of 2, such as 4 or 6',
    });
    expect(brokerLayoutProblem(1, 3)?.fix).toBe('use a multiple of 3, such as 3');
  });

  it('defaults one broker per zone, replication 2 (at most the brokers) and min.insync.replicas one below it', () => {
    expect(brokerLayout(2).settings).toEqual({ brokerCount: 2, defaultReplicationFactor: 2, minInsyncReplicas: 1 });
    expect(brokerLayout(3).settings).toEqual({ brokerCount: 3, defaultReplicationFactor: 2, minInsyncReplicas: 1 });
    expect(brokerLayout(3, { defaultReplicationFactor: 3 }).settings).toEqual({ brokerCount: 3, defaultReplicationFactor: 3, minInsyncReplicas: 2 });
    expect(brokerLayout(2, { brokerCount: 4, defaultReplicationFactor: 1 }).settings).toEqual({
      brokerCount: 4,
      defaultReplicationFactor: 1,
      minInsyncReplicas: 1,
    });
    expect(brokerLayout(3, { brokerCount: 6 }).problems).toEqual([]);
  });

  it('names the setting of each broken rule, with what is wrong and what would be right', () => {
    expect(brokerLayout(2, { brokerCount: 3, defaultReplicationFactor: 4, minInsyncReplicas: 4 }).problems).toEqual([
      { field: 'brokerCount', problem: '3 brokers cannot be spread evenly over 2 Availability Zones', fix: 'use a multiple of 2, such as 2 or 4' },
      { field: 'defaultReplicationFactor', problem: '4 replicas cannot fit on 3 brokers', fix: 'use at most 3' },
      { field: 'minInsyncReplicas', problem: '4 leaves no replica to lose at replication 4', fix: 'use at most 3' },
    ]);
    // A single replica has none to lose: any min.insync.replicas is Kafka's to refuse.
    expect(brokerLayout(2, { defaultReplicationFactor: 1, minInsyncReplicas: 1 }).problems).toEqual([]);
  });
});
