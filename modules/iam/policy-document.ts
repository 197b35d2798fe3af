import { Lazy, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { IGrantable, PolicyStatement } from './grants';

/**
 * An identity policy built from grants (`bucket.grantReadWrite(x)`), rendered
 * when the stack is synthesized so that grants made after construction count.
 * Refuses wildcard actions and repeated statement ids.
 */
export class PolicyDocument extends Construct implements IGrantable {
  readonly json: string;
  private readonly statements: PolicyStatement[] = [];
  private readonly resource: DataAwsIamPolicyDocument;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const doc = (this.resource = new DataAwsIamPolicyDocument(this, 'Resource', {
      statement: Lazy.anyValue({
        produce: () =>
          this.statements.map((s) => ({
            sid: s.sid,
            effect: 'Allow',
            actions: [...s.actions],
            resources: [...s.resources],
            condition: s.conditions?.map((c) => ({ test: c.test, variable: c.variable, values: [...c.values] })),
          })),
      }) as never,
    }));
    this.json = doc.json;
  }

  /** Returns the document itself: whatever attaches it (a role or managed policy) carries the statement. */
  addToPolicy(statement: PolicyStatement): ITerraformDependable {
    if (statement.actions.some((a) => a.includes('*'))) {
      throw new Error(`${this.node.path}: statement ${statement.sid} has a wildcard action; name each action`);
    }
    if (this.statements.some((s) => s.sid === statement.sid)) {
      throw new Error(`${this.node.path}: statement id ${statement.sid} is granted twice`);
    }
    this.statements.push(statement);
    return this.resource;
  }
}
