/**
 * Facts about the services this project wires together. Each lives here once so
 * that modules, functions, validation and docs agree.
 */

/** Kafka listener for IAM (SASL/OAUTHBEARER over TLS) clients on MSK. */
export const KAFKA_IAM_PORT = 9098;

/** HTTPS, for the Glue, Athena and S3 APIs the connector calls. */
export const HTTPS_PORT = 443;

/**
 * The Athena MSK connector only discovers Glue registries whose description
 * contains this marker; the registry name becomes the Athena database.
 */
export const ATHENA_FEDERATION_MARKER = '{AthenaFederationMSK}';

/** Serverless Application Repository id of the Athena MSK connector. */
export const MSK_CONNECTOR_APPLICATION_ID =
  'arn:aws:serverlessrepo:us-east-1:292517598671:applications/AthenaMSKConnector';

/**
 * The connector's CloudFormation template needs both; setting them explicitly also
 * avoids the provider's perpetual diff on `capabilities`.
 */
export const MSK_CONNECTOR_CAPABILITIES = ['CAPABILITY_IAM', 'CAPABILITY_RESOURCE_POLICY'];

/** The connector's LambdaFunctionName parameter pattern. */
export const CONNECTOR_FUNCTION_NAME_PATTERN = /^[a-z0-9-_]{1,64}$/;

/** Lambda runtime for our own functions. */
export const NODE_RUNTIME = 'nodejs22.x';

/**
 * Version constraint written into every stack. The prebuilt bindings pin the
 * provider they were generated from exactly; widening lets `terraform init -upgrade`
 * pick up fixes for the Serverless Application Repository stack resource.
 */
export const AWS_PROVIDER_CONSTRAINT = '>= 6.25.0, < 7.0.0';
