import { Grant, withSidPrefix } from '../../../modules/iam/grants';
import { PolicyDocument } from '../../../modules/iam/policy-document';
import { ServiceRole } from '../../../modules/iam/service-role';
import { bareStack, policyStatements, reference, synthJson } from '../construct-stack';

const read = { sid: 'Read', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] };
const list = { sid: 'List', actions: ['s3:ListBucket'], resources: ['arn:aws:s3:::b'] };

describe('Grant', () => {
  it('returns the statements it added and the role policy that carries them, once however many statements', () => {
    const stack = bareStack();
    const role = new ServiceRole(stack, 'Role', { service: 'lambda.amazonaws.com', roleName: 'r', description: 'd' });
    const grant = Grant.combine(Grant.addToPrincipal(role, [read]), Grant.addToPrincipal(role, [list]));
    expect(grant.statements.map((s) => s.sid)).toEqual(['Read', 'List']);
    expect(grant.dependables).toEqual([role.policy]);
    expect(grant.isEmpty).toBe(false);
  });

  it('prefixes statement ids through nested views, outermost last, both in the policy and in the grant', () => {
    const stack = bareStack();
    const doc = new PolicyDocument(stack, 'Doc');
    const grant = Grant.addToPrincipal(withSidPrefix(withSidPrefix(doc, 'RunQueries'), 'Results'), [list]);
    expect(grant.statements.map((s) => s.sid)).toEqual(['RunQueriesResultsList']);
    expect(policyStatements(synthJson(stack), reference(stack, doc.json)).map((s) => s.sid)).toEqual(['RunQueriesResultsList']);
  });

  it('says why when nothing is granted, and keeps the reasons when combined', () => {
    const none = Grant.none('Kafka ACLs decide');
    expect(none).toMatchObject({ isEmpty: true, statements: [], dependables: [], reason: 'Kafka ACLs decide' });
    expect(Grant.combine(none, Grant.none('no Avro table')).reason).toBe('Kafka ACLs decide; no Avro table');
  });
});
