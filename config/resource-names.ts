/**
 * The names of an environment's resources, in one place. Most start with
 * `<env>-msk-athena`; the connector function and the workgroup keep the names
 * they were first deployed with (renaming either replaces it, and analysts and
 * pipelines know them), so those two schemes live here as well.
 */
export interface ResourceNames {
  /** `<env>-msk-athena`: the cluster, the VPC, alarms, buckets and keys start with it. */
  readonly prefix: string;
  readonly topicsFunction: string;
  /** The topics function's read-only twin that `npm run plan` asks. */
  readonly topicsPlanFunction: string;
  readonly producerFunction: string;
  /** The default connector function name (config connector.functionName overrides it). */
  readonly connectorFunction: string;
  /** The default Athena workgroup name (config athena.workgroupName overrides it). */
  readonly workgroup: string;
  /** Alias of the key a stack's log groups are encrypted with. */
  logsKeyAlias(stackPart: string): string;
}

export function resourceNames(env: string): ResourceNames {
  const prefix = `${env}-msk-athena`;
  return {
    prefix,
    topicsFunction: `${prefix}-topics`,
    topicsPlanFunction: `${prefix}-topics-plan`,
    producerFunction: `${prefix}-producer`,
    connectorFunction: `${env}-athena-msk-connector`,
    workgroup: `${env}-msk-analytics`,
    logsKeyAlias: (part) => `${prefix}-${part}-logs`,
  };
}
