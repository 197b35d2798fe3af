/**
 * Facts about the services this project wires together. Each lives here once so
 * that modules, functions, validation and docs agree.
 */

/** Kafka listener for IAM (SASL/OAUTHBEARER over TLS) clients on MSK. */
export const KAFKA_IAM_PORT = 9098;

/** How clients authenticate to an MSK cluster this project can query. */
export type KafkaAuthentication = 'iam' | 'scram' | 'tls';

/** Per authentication: MSK's listener port and the connector's AuthType parameter. */
export const KAFKA_AUTHENTICATIONS: Readonly<Record<KafkaAuthentication, { port: number; connectorAuthType: string; listener: string }>> = {
  iam: { port: KAFKA_IAM_PORT, connectorAuthType: 'SASL_SSL_AWS_MSK_IAM', listener: 'Kafka over TLS with IAM authentication' },
  scram: { port: 9096, connectorAuthType: 'SASL_SSL_SCRAM_SHA512', listener: 'Kafka over TLS with SASL/SCRAM authentication' },
  tls: { port: 9094, connectorAuthType: 'SSL', listener: 'Kafka over mutual TLS' },
};

/** HTTPS, for the Glue, Athena and S3 APIs the connector calls. */
export const HTTPS_PORT = 443;

/**
 * The Athena MSK connector only discovers Glue registries whose description
 * contains this marker; the registry name becomes the Athena database.
 */
export const ATHENA_FEDERATION_MARKER = '{AthenaFederationMSK}';

/** Serverless Application Repository id of the Athena MSK connector. */
export const MSK_CONNECTOR_APPLICATION_ID = 'arn:aws:serverlessrepo:us-east-1:292517598671:applications/AthenaMSKConnector';

/**
 * The connector's CloudFormation template needs both; setting them explicitly also
 * avoids the provider's perpetual diff on `capabilities`.
 */
export const MSK_CONNECTOR_CAPABILITIES = ['CAPABILITY_IAM', 'CAPABILITY_RESOURCE_POLICY'];

/** The connector template's LambdaMemory default, in MB: the connector is sized for it. */
export const MSK_CONNECTOR_DEFAULT_MEMORY_MB = 3008;

/** Lambda runtime for our own functions (esbuild's target in modules/lambda/bundle.ts follows it). */
export const NODE_RUNTIME = 'nodejs24.x';

/**
 * Version constraint written into every stack. The prebuilt bindings pin the
 * provider they were generated from exactly; widening lets `terraform init -upgrade`
 * pick up fixes for the Serverless Application Repository stack resource.
 */
export const AWS_PROVIDER_CONSTRAINT = '>= 6.25.0, < 7.0.0';

/**
 * Resource types that hold data or state, with how a reviewer should read their
 * replacement or destruction. The plan summary puts these first; the address
 * pin test guards them against accidental renames.
 */
export const STATEFUL_RESOURCE_TYPES: Readonly<Record<string, string>> = {
  aws_msk_cluster: 'MSK cluster: its topics and records are lost',
  aws_msk_serverless_cluster: 'MSK Serverless cluster: its topics and records are lost',
  aws_msk_configuration: 'MSK configuration: brokers restart with the new one',
  aws_kms_key: 'KMS key: data encrypted with it becomes unreadable once deleted',
  aws_s3_bucket: 'S3 bucket: its objects are lost',
  aws_glue_registry: 'Glue registry: the Athena database disappears until recreated',
  aws_glue_schema: 'Glue schema: the Athena table disappears until recreated',
  aws_athena_workgroup: 'Athena workgroup: saved queries and query history go with it',
  aws_athena_data_catalog: 'Athena data catalog: queries on it fail until recreated',
  aws_serverlessapplicationrepository_cloudformation_stack: 'connector stack: queries fail until it is redeployed',
  aws_vpc: 'VPC: everything inside it must be rebuilt',
  aws_subnet: 'subnet: brokers and functions in it are moved or rebuilt',
  aws_cloudwatch_log_group: 'log group: its logs are lost',
};

/**
 * AWS commercial, GovCloud and China regions as of late 2026. A name a couple of
 * edits from one of these (us-est-1) is refused as a typo, which would otherwise
 * fail only at deploy time; any other missing name only draws a warning, since
 * AWS opens new regions (config/regions.ts).
 */
export const AWS_REGIONS: readonly string[] = [
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ca-central-1',
  'ca-west-1',
  'cn-north-1',
  'cn-northwest-1',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-gov-east-1',
  'us-gov-west-1',
  'us-west-1',
  'us-west-2',
];

/**
 * The zones a new VPC uses when none are named: the region's first `count` by
 * letter (<region>a, <region>b, ...). A name maps to a different zone id in each
 * account, and MSK does not serve every zone id, so these may need naming
 * instead (network.zoneNames).
 */
export function defaultZoneNames(region: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${region}${String.fromCharCode('a'.charCodeAt(0) + i)}`);
}

/** config/prod.json ships with this bucket name; it must be replaced before a deploy. */
export const PLACEHOLDER_STATE_BUCKET_PREFIX = 'change-me-';

/**
 * The log group Lambda writes a function's logs to unless told otherwise. The
 * stacks create it (encrypted, with retention) and the tools read it by this name.
 */
export function lambdaLogGroupName(functionName: string): string {
  return `/aws/lambda/${functionName}`;
}

/**
 * The connector's Lambda architecture. Its template (athena-msk.yaml) sets no
 * Architectures on the container-image function, so Lambda runs it on its
 * default, x86_64, whatever the project's own functions use; its price follows.
 */
export const MSK_CONNECTOR_ARCHITECTURE = 'x86_64';

/**
 * CloudWatch names of what the alarms and the dashboard watch. MSK's dimension names
 * have spaces; Athena publishes per-query metrics with QueryState, QueryType and WorkGroup
 * together (there is no count of failed queries, only samples in state FAILED).
 */
export const METRICS = {
  kafka: { namespace: 'AWS/Kafka', cluster: 'Cluster Name', broker: 'Broker ID', topic: 'Topic' },
  lambda: { namespace: 'AWS/Lambda', function: 'FunctionName' },
  athena: { namespace: 'AWS/Athena', workgroup: 'WorkGroup', state: 'QueryState', type: 'QueryType' },
} as const;

/**
 * Availability Zone ids where Amazon MSK places no brokers, by region. Zone
 * names (us-east-1a) map to different zone ids per account, so a subnet is judged
 * by its zone id. MSK refuses such a subnet only when the cluster is created
 * ("One or more subnets belong to unsupported Availability Zones", MSK Developer
 * Guide, "Create a cluster"); use1-az3 is the documented case (MSK, MSK
 * Serverless and MSK Connect list it as unsupported). Read 2026-11.
 */
export const MSK_UNSERVED_ZONE_IDS: Readonly<Record<string, readonly string[]>> = {
  'us-east-1': ['use1-az3'],
};

/** Lambda keeps this much of an account's concurrency unreserved: a reservation that would leave less fails. */
export const LAMBDA_MIN_UNRESERVED_CONCURRENCY = 100;

/** The AWS APIs the connector calls through interface endpoints, by endpoint service suffix (com.amazonaws.<region>.<suffix>). */
export const CONNECTOR_INTERFACE_SERVICES = { glue: 'Glue', athena: 'Athena', secretsmanager: 'Secrets Manager' } as const;
