import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import type { IGrantable, PolicyStatement } from './grants';
import { PolicyDocument } from './policy-document';

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
 * inline policy.
 */
export class ServiceRole extends Construct implements IGrantable {
  readonly arn: string;
  readonly name: string;
  /** The inline policy; depend on it when a resource must not start before its permissions exist. */
  readonly policy: IamRolePolicy;
  private readonly permissions: PolicyDocument;

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
    this.permissions = new PolicyDocument(this, 'Permissions');
    this.policy = new IamRolePolicy(this, 'Policy', { name: props.roleName, role: role.id, policy: this.permissions.json });
  }

  addToPolicy(statement: PolicyStatement): void {
    this.permissions.addToPolicy(statement);
  }
}
