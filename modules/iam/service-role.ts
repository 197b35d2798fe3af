import { Lazy } from 'cdktf';
import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import type { IGrantable, PolicyStatement } from './grants';

export interface ServiceRoleProps {
  /** The one service allowed to assume the role, e.g. `lambda.amazonaws.com`. */
  readonly service: string;
  /** Role name; also names its inline policy. */
  readonly roleName: string;
  readonly description: string;
}

/**
 * An IAM role assumable by one AWS service, whose permissions are the statements
 * other constructs grant it (`bucket.grantReadWrite(role)`), gathered in one
 * inline policy when the stack is synthesized.
 */
export class ServiceRole extends Construct implements IGrantable {
  readonly arn: string;
  readonly name: string;
  /** The inline policy; depend on it when a resource must not start before its permissions exist. */
  readonly policy: IamRolePolicy;
  private readonly statements: PolicyStatement[] = [];

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    if (!/^[a-z0-9-]+\.amazonaws\.com$/.test(props.service)) {
      throw new Error(`ServiceRole ${this.node.path}: service must be a service principal such as lambda.amazonaws.com, got "${props.service}"`);
    }
    const trust = new DataAwsIamPolicyDocument(this, 'Trust', {
      statement: [{ sid: 'AssumedByService', actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: [props.service] }] }],
    });
    const role = new IamRole(this, 'Resource', {
      name: props.roleName,
      description: props.description,
      assumeRolePolicy: trust.json,
    });
    this.arn = role.arn;
    this.name = role.name;

    const permissions = new DataAwsIamPolicyDocument(this, 'Permissions', {
      // Produced late so grants made after construction are included.
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
    });
    this.policy = new IamRolePolicy(this, 'Policy', { name: props.roleName, role: role.id, policy: permissions.json });
  }

  addToPolicy(statement: PolicyStatement): void {
    if (statement.actions.some((a) => a.includes('*'))) {
      throw new Error(`ServiceRole ${this.node.path}: statement ${statement.sid} has a wildcard action; name each action`);
    }
    if (this.statements.some((s) => s.sid === statement.sid)) {
      throw new Error(`ServiceRole ${this.node.path}: statement id ${statement.sid} is granted twice`);
    }
    this.statements.push(statement);
  }
}
