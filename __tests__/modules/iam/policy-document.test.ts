import { PolicyDocument } from '../../../modules/iam/policy-document';
import { bareStack, reference, policyStatements, synthJson } from '../construct-stack';

describe('PolicyDocument', () => {
  it('renders every grant, including those made after construction, as Allow statements in order', () => {
    const stack = bareStack();
    const doc = new PolicyDocument(stack, 'P');
    doc.addToPolicy({ sid: 'Read', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] });
    doc.addToPolicy({
      sid: 'Decrypt',
      actions: ['kms:Decrypt'],
      resources: ['arn:aws:kms:eu-west-1:1:key/k'],
      conditions: [{ test: 'StringEquals', variable: 'kms:ViaService', values: ['s3.eu-west-1.amazonaws.com'] }],
    });
    expect(policyStatements(synthJson(stack), reference(stack, doc.json))).toEqual([
      { sid: 'Read', effect: 'Allow', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] },
      {
        sid: 'Decrypt',
        effect: 'Allow',
        actions: ['kms:Decrypt'],
        resources: ['arn:aws:kms:eu-west-1:1:key/k'],
        condition: [{ test: 'StringEquals', variable: 'kms:ViaService', values: ['s3.eu-west-1.amazonaws.com'] }],
      },
    ]);
  });

  it('refuses wildcard actions and repeated statement ids', () => {
    const doc = new PolicyDocument(bareStack(), 'P');
    expect(() => doc.addToPolicy({ sid: 'All', actions: ['s3:*'], resources: ['*'] })).toThrow('test/P: statement All has a wildcard action; name each action');
    doc.addToPolicy({ sid: 'Read', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] });
    expect(() => doc.addToPolicy({ sid: 'Read', actions: ['s3:ListBucket'], resources: ['arn:aws:s3:::b'] })).toThrow(
      'test/P: statement id Read is granted twice',
    );
  });
});
