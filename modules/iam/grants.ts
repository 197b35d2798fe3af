/** One IAM statement, in the shape of aws_iam_policy_document's `statement` block. */
export interface PolicyStatement {
  /** Short id that says why the statement exists; shown in plans. */
  readonly sid: string;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly conditions?: readonly { test: string; variable: string; values: readonly string[] }[];
}

/** Something that can receive permissions: a role, in this project. */
export interface IGrantable {
  addToPolicy(statement: PolicyStatement): void;
}
