import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import type { IGrantable, PolicyStatement } from './grants';
import { AwsContext } from '../shared/aws-context';
import { PolicyDocument } from './policy-document';

export interface ServiceRoleProps {
  /** The one service allowed to assume the role, e.g. `lambda.amazonaws.com`. */
  readonly service: string;
  /** Role name; also names its inline policy. */
  readonly roleName: string;
  readonly description: string;
  /**
   * The ARN pattern of the resources on whose behalf the service assumes the
   * role. When set, the trust policy requires aws:SourceAccount (this account)
   * and aws:SourceArn (this pattern), so no other account's resource can make
   * the service act with this role (the confused deputy). Set it for every
   * service that sends these keys. @default no condition
   */
  readonly sourceArnLike?: string;
}

/**
 * An IAM role assumable by one AWS service, whose permissions are the statements
 * other constructs grant it (`bucket.grantReadWrite(role)`), gathered in one
 * inline policy.
 */
export class ServiceRole extends Construct implements IGrantable {
  readonly roleArn: string;
  readonly roleName: string;
  /** The inline policy; depend on it when a resource must not start before its permissions exist. */
  readonly policy: IamRolePolicy;
  private readonly permissions: PolicyDocument;

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    if (!/^[a-z0-9-]+\.amazonaws\.com$/.test(props.service)) {
      throw new Error(`ServiceRole ${this.node.path}: service must be a service principal such as lambda.amazonaws.com, got "${props.service}"`);
    }
    const deputy = props.sourceArnLike
      ? [
          { test: 'StringEquals', variable: 'aws:SourceAccount', values: [AwsContext.of(this).accountId] },
          { test: 'ArnLike', variable: 'aws:SourceArn', values: [props.sourceArnLike] },
        ]
      : undefined;
    const trust = new DataAwsIamPolicyDocument(this, 'Trust', {
      statement: [{ sid: 'AssumedByService', actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: [props.service] }], condition: deputy }],
    });
    const role = new IamRole(this, 'Resource', {
      name: props.roleName,
      description: props.description,
      assumeRolePolicy: trust.json,
    });
    this.roleArn = role.arn;
    this.roleName = role.name;
    this.permissions = new PolicyDocument(this, 'Permissions');
    this.policy = new IamRolePolicy(this, 'Policy', { name: props.roleName, role: role.id, policy: this.permissions.json });
  }

  /** Returns the inline policy, which carries every statement of the role. */
  addToPolicy(statement: PolicyStatement): IamRolePolicy {
    this.permissions.addToPolicy(statement);
    return this.policy;
  }
}
