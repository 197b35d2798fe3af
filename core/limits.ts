/**
 * Names and numbers that several layers check (config, schema files, constructs,
 * the topics function). Each is defined here once, with the words that explain it
 * in an error, so every check says the same thing.
 */

/** A name rule: the pattern, and how to say it to a user. */
export interface NameRule {
  readonly pattern: RegExp;
  readonly rule: string;
}

/** Kafka's legal topic names (Topic.validate in the Kafka client). */
export const TOPIC_NAME: NameRule = { pattern: /^[a-zA-Z0-9._-]{1,249}$/, rule: '1-249 of a-z, A-Z, 0-9, ".", "_" and "-"' };

/** AWS region names (config/regions.ts says which names AWS_REGIONS lacks are typos and which only draw a warning). */
export const REGION_NAME: NameRule = { pattern: /^[a-z]{2}(-[a-z]+)+-\d$/, rule: 'an AWS region such as eu-west-1' };

/** Athena data catalog names. */
export const CATALOG_NAME: NameRule = { pattern: /^[a-z0-9_-]{1,127}$/, rule: '1-127 of a-z, 0-9, _ and -' };

/** The connector template's LambdaFunctionName parameter. */
export const CONNECTOR_FUNCTION_NAME: NameRule = { pattern: /^[a-z0-9-_]{1,64}$/, rule: '1-64 of a-z, 0-9, - and _' };

/** Registry (Athena database) and JSON/CSV table names: lower case avoids the connector's slow case-insensitive lookup. */
export const DATABASE_OBJECT_NAME: NameRule = { pattern: /^[a-z0-9_]{1,255}$/, rule: 'lower-case letters, digits and _' };

/** AWS Lambda's longest run. */
export const LAMBDA_MAX_TIMEOUT_SECONDS = 900;

/** The memory AWS Lambda accepts for a function, in MB. */
export const LAMBDA_MIN_MEMORY_MB = 128;
export const LAMBDA_MAX_MEMORY_MB = 10240;

/** Athena's smallest per-query scan cutoff (BytesScannedCutoffPerQuery), in MB. */
export const ATHENA_MIN_BYTES_SCANNED_CUTOFF_MB = 10;

/** The largest EBS volume an MSK broker takes, in GiB. */
export const MSK_MAX_VOLUME_GIB = 16384;

/** EventBridge's targets per rule. */
export const EVENTBRIDGE_MAX_TARGETS = 5;

/** The producer's Lambda runs this much longer than it writes, to flush and return. */
export const PRODUCER_FLUSH_SECONDS = 60;

/** The longest the producer may write. */
export const PRODUCER_MAX_DURATION_SECONDS = LAMBDA_MAX_TIMEOUT_SECONDS - PRODUCER_FLUSH_SECONDS;

/** An SNS topic ARN (standard or FIFO; alarms take standard topics only). */
export const SNS_TOPIC_ARN: NameRule = {
  pattern: /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/,
  rule: 'an SNS topic ARN, arn:aws:sns:<region>:<account>:<topic>',
};

/** MSK Serverless cluster ARNs end in -s<digits> after the uuid; provisioned ones in -<digits>. */
export const SERVERLESS_CLUSTER_ARN: NameRule = { pattern: /:cluster\/[^/]+\/[0-9a-f-]+-s\d+$/, rule: 'an MSK Serverless cluster ARN' };
