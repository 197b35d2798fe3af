import type { ITerraformDependable } from 'cdktf';

/** One IAM statement, in the shape of aws_iam_policy_document's `statement` block. */
export interface PolicyStatement {
  /** Short id that says why the statement exists; shown in plans. Chosen by the construct that grants. */
  readonly sid: string;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly conditions?: readonly { test: string; variable: string; values: readonly string[] }[];
}

/** Something that can receive permissions: a role or a managed policy's document. */
export interface IGrantable {
  /**
   * Adds the statement; returns the resource that carries it once applied (the
   * role's inline policy, say), for whatever must not start before it.
   */
  addToPolicy(statement: PolicyStatement): ITerraformDependable;
}

/**
 * What a `grant*` method gave: its statements, and the resources that carry them,
 * so that the user of a permission can wait for it (`dependsOn: grant.dependables`)
 * instead of naming the grantee's policy by hand. An empty grant says, in
 * `reason`, why nothing was needed.
 */
export class Grant {
  /** Adds each statement to `grantee`, in order; the grant holds them as they landed (ids prefixed, see withSidPrefix). */
  static addToPrincipal(grantee: IGrantable, statements: readonly PolicyStatement[]): Grant {
    let target = grantee;
    let prefix = '';
    for (; target instanceof SidPrefixed; target = target.inner) prefix = `${target.prefix}${prefix}`;
    const landed = statements.map((s) => ({ ...s, sid: `${prefix}${s.sid}` }));
    const carriers = landed.map((s) => target.addToPolicy(s));
    return new Grant(landed, carriers);
  }

  /** A grant of nothing, and why (say, access that something other than IAM decides). */
  static none(reason: string): Grant {
    return new Grant([], [], reason);
  }

  /** Several grants as one: all statements, each carrier once, in first-seen order. */
  static combine(...grants: readonly Grant[]): Grant {
    const reasons = grants.flatMap((g) => (g.reason ? [g.reason] : []));
    return new Grant(
      grants.flatMap((g) => g.statements),
      grants.flatMap((g) => g.dependables),
      reasons.length ? reasons.join('; ') : undefined,
    );
  }

  readonly statements: readonly PolicyStatement[];
  /** The resources that carry the statements, without repeats. */
  readonly dependables: readonly ITerraformDependable[];

  private constructor(
    statements: readonly PolicyStatement[],
    carriers: readonly ITerraformDependable[],
    readonly reason?: string,
  ) {
    this.statements = statements;
    this.dependables = [...new Set(carriers)];
  }

  /** True when the grant added no statement. */
  get isEmpty(): boolean {
    return this.statements.length === 0;
  }
}

/**
 * `grantee` seen through a composite grant: every statement id gets `prefix` in
 * front, so a construct that grants on behalf of its parts (a workgroup granting
 * its results bucket) keeps the parts' ids distinct and readable in plans.
 */
export function withSidPrefix(grantee: IGrantable, prefix: string): IGrantable {
  return new SidPrefixed(grantee, prefix);
}

class SidPrefixed implements IGrantable {
  constructor(
    readonly inner: IGrantable,
    readonly prefix: string,
  ) {}

  addToPolicy(statement: PolicyStatement): ITerraformDependable {
    return this.inner.addToPolicy({ ...statement, sid: `${this.prefix}${statement.sid}` });
  }
}
