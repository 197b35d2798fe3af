import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { SecurityGroup as SecurityGroupResource } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';

export interface SecurityGroupProps {
  readonly vpcId: string;
  readonly name: string;
  /** Why the group exists; AWS shows it and checkov requires it. */
  readonly description: string;
}

/** A security group others' clients can be admitted to. */
export interface ISecurityGroup {
  readonly securityGroupId: string;
  /** Names the group in the ids and descriptions of the rules that admit clients. */
  readonly name: string;
  allowFrom(client: SecurityGroup, port: number, why: string): void;
}

/** A security group made elsewhere. */
export interface SecurityGroupAttributes {
  readonly securityGroupId: string;
  /** What the rules that admit clients call the group, e.g. `shared-brokers`. */
  readonly name: string;
}

function admit(server: { securityGroupId: string; name: string }, client: SecurityGroup, port: number, why: string): void {
  const id = `${server.name}-${port}`;
  const ingress = new VpcSecurityGroupIngressRule(client, `To${id}-In`, {
    securityGroupId: server.securityGroupId,
    referencedSecurityGroupId: client.securityGroupId,
    ipProtocol: 'tcp',
    fromPort: port,
    toPort: port,
    description: `${why} (from ${client.name})`,
  });
  const egress = new VpcSecurityGroupEgressRule(client, `To${id}-Out`, {
    securityGroupId: client.securityGroupId,
    referencedSecurityGroupId: server.securityGroupId,
    ipProtocol: 'tcp',
    fromPort: port,
    toPort: port,
    description: `${why} (to ${server.name})`,
  });
  client.rules.push(ingress, egress);
}

/**
 * A security group with no rules of its own: every rule comes from a
 * relationship (`server.allowFrom(client, port, why)`), so each one names both
 * ends and the reason, and nothing is open to a CIDR by accident.
 */
export class SecurityGroup extends Construct implements ISecurityGroup {
  /**
   * A group made elsewhere (another team's brokers, say), to admit clients of
   * ours: the rules are ours, the group is not.
   */
  static fromSecurityGroupAttributes(scope: Construct, id: string, attrs: SecurityGroupAttributes): ISecurityGroup {
    return new ImportedSecurityGroup(scope, id, attrs);
  }

  readonly securityGroupId: string;
  readonly name: string;
  /** Rules this group's relationships created; depend on them before using the group. */
  readonly rules: ITerraformDependable[] = [];

  constructor(scope: Construct, id: string, props: SecurityGroupProps) {
    super(scope, id);
    const group = new SecurityGroupResource(this, 'Resource', {
      // A prefix, not a fixed name: with create_before_destroy, a replacement (a new
      // description, say) creates the new group while the old one still holds a
      // fixed name, which AWS refuses as a duplicate.
      namePrefix: `${props.name}-`,
      description: props.description,
      vpcId: props.vpcId,
      tags: { Name: props.name },
      // No inline rules: they would fight the rule resources below. Terraform also
      // removes the allow-all egress rule AWS adds to every new group.
      revokeRulesOnDelete: true,
      lifecycle: { createBeforeDestroy: true },
    });
    this.securityGroupId = group.id;
    this.name = props.name;
  }

  /**
   * Lets `client` open TCP connections to this group on `port`: an ingress rule
   * here and the matching egress rule on the client. Both rules are created in
   * the client's scope, so the stack that adds a client depends on the server's
   * stack and never the other way round (no cycles, and the server's plan does
   * not change when a client is added).
   */
  allowFrom(client: SecurityGroup, port: number, why: string): void {
    admit(this, client, port, why);
  }

  /**
   * Egress to an address range inside the VPC, for servers whose group we may not
   * name (an existing cluster whose owner adds the matching ingress rule).
   */
  allowToCidr(cidr: string, port: number, why: string): void {
    this.rules.push(
      new VpcSecurityGroupEgressRule(this, `ToCidr-${port}`, {
        securityGroupId: this.securityGroupId,
        cidrIpv4: cidr,
        ipProtocol: 'tcp',
        fromPort: port,
        toPort: port,
        description: why,
      }),
    );
  }

  /** Egress to an AWS-managed prefix list, e.g. S3 through its gateway endpoint (which has no group to name). */
  allowToPrefixList(prefixListId: string, port: number, why: string): void {
    const rule = new VpcSecurityGroupEgressRule(this, `ToPrefixList-${port}`, {
      securityGroupId: this.securityGroupId,
      prefixListId,
      ipProtocol: 'tcp',
      fromPort: port,
      toPort: port,
      description: why,
    });
    this.rules.push(rule);
  }
}

class ImportedSecurityGroup extends Construct implements ISecurityGroup {
  readonly securityGroupId: string;
  readonly name: string;

  constructor(scope: Construct, id: string, attrs: SecurityGroupAttributes) {
    super(scope, id);
    this.securityGroupId = attrs.securityGroupId;
    this.name = attrs.name;
  }

  allowFrom(client: SecurityGroup, port: number, why: string): void {
    admit(this, client, port, why);
  }
}
