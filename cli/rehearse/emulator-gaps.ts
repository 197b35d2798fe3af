/*
 * Where moto (the AWS emulator the rehearsal applies to) falls short of AWS,
 * in one place, each with the evidence. A resource of a gap type that fails to
 * create is excluded with everything that needs it, and listed with moto's own
 * error; any other failure is a defect of the stacks.
 */

/** Resource types moto cannot create, and why. */
export const EMULATOR_GAPS: Readonly<Record<string, string>> = {
  aws_msk_configuration: 'moto implements no MSK CreateConfiguration (kafka responses handle clusters only)',
  aws_serverlessapplicationrepository_cloudformation_stack: 'moto implements no Serverless Application Repository API',
  aws_lambda_invocation: 'moto runs Lambda code only inside Docker, which the rehearsal does not need or use',
};

/**
 * Resource types moto creates but cannot delete. The rehearsal drops them from
 * the state before destroying (they live only in the emulator) and lists them.
 */
export const EMULATOR_DESTROY_GAPS: Readonly<Record<string, string>> = {
  aws_athena_named_query: 'moto answers DeleteNamedQuery with HTTP 500 (checked with boto3 against the pinned moto_server)',
};

/**
 * Differences a second plan shows only because moto answers in another form than
 * AWS: resource type and attribute, with the evidence. Every other difference is
 * a perpetual diff users would see on every pull request.
 */
export const EMULATOR_QUIRKS: readonly { type: string; attribute: string; evidence: string }[] = [
  ...['aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule'].map((type) => ({
    type,
    attribute: 'description',
    evidence:
      "moto's SecurityGroupRule.description reads only the CIDR range's Description: a rule naming a security group or prefix list comes back " +
      'without one (authorize with a described UserIdGroupPair, then DescribeSecurityGroupRules: Description is absent); AWS returns it',
  })),
  {
    type: 'aws_glue_registry',
    attribute: 'tags_all',
    evidence:
      "moto's Glue create_registry keeps the tags on the registry object, but GetTags reads moto's tagger, which create_registry never fills, " +
      'so a registry reads back untagged; create_schema fills the tagger and schemas show no such difference',
  },
];

/**
 * Values the stacks ship that an older provider than theirs refuses in
 * `terraform validate`. The rehearsal's local mirror holds hashicorp/aws 5.100.0
 * while the stacks ask for 6.25 or newer (see AWS_PROVIDER_CONSTRAINT): below
 * `acceptedFrom`, the rehearsal's own copy of the stacks gets `rehearsedAs`
 * instead, and its report lists each rewrite. What ships is never changed.
 */
export const PROVIDER_GAPS: readonly {
  type: string;
  attribute: string;
  value: string;
  rehearsedAs: string;
  acceptedFrom: string;
  evidence: string;
}[] = [
  {
    type: 'aws_lambda_function',
    attribute: 'runtime',
    value: 'nodejs24.x',
    rehearsedAs: 'nodejs22.x',
    acceptedFrom: '6.19.0',
    evidence:
      'hashicorp/aws checks runtime against the AWS SDK list it was built with: nodejs24.x from 6.19.0 ' +
      '(terraform-provider-aws issue 44986, PR 45024); 5.100.0 refuses it ("expected runtime to be one of ...")',
  },
];
