import { z } from 'zod';
import {
  ATHENA_MIN_BYTES_SCANNED_CUTOFF_MB,
  CATALOG_NAME,
  CONNECTOR_FUNCTION_NAME,
  EVENTBRIDGE_MAX_TARGETS,
  LAMBDA_MAX_MEMORY_MB,
  LAMBDA_MAX_TIMEOUT_SECONDS,
  LAMBDA_MIN_MEMORY_MB,
  MSK_MAX_VOLUME_GIB,
  PRODUCER_MAX_DURATION_SECONDS,
  REGION_NAME,
  SERVERLESS_CLUSTER_ARN,
  SNS_TOPIC_ARN,
  TOPIC_NAME,
} from '../core/limits';
import { brokerLayout } from '../core/kafka/broker-layout';
import { CLEANUP_POLICIES } from '../core/kafka/topic-overrides';
import { expecting, issue, matches, rule } from '../core/zod-rules';
import { unknownRegion } from './regions';

/*
 * One typed, validated configuration per environment. A field has its default in
 * the environment's preset (config/presets.ts) or, where it is optional here, in
 * the construct it configures (its props say the default and why); a file
 * config/<env>.json overrides any of them. Each rule says what is wrong and what
 * would be right apart (core/zod-rules.ts).
 */

const positiveInt = (what: string) =>
  expecting<number>(Number.isSafeInteger, `expected a whole number of ${what}`, 'write a number such as 3').refine(
    (n) => n > 0,
    rule(`expected a whole number of ${what}`, 'write a number such as 3'),
  );

/** A region name; a near miss of a region AWS has is refused (see unknownRegion), a far one only warned of. */
const awsRegion = z.string().superRefine((region, ctx) => {
  const unknown = unknownRegion(region);
  if (unknown?.severity === 'error') ctx.addIssue(issue(unknown.problem, unknown.fix));
  else if (!REGION_NAME.pattern.test(region)) ctx.addIssue(issue('expected an AWS region', 'write one such as eu-west-1'));
});

const retentionDays = expecting<number>(
  (d) => [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653].includes(d as number),
  'not a CloudWatch Logs retention',
  'use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, ...',
);

const existingNetwork = z.strictObject({
  vpcId: matches(/^vpc-[0-9a-f]+$/, 'expected a VPC id', 'write it as vpc-0123abcd'),
  subnetIds: z
    .array(matches(/^subnet-[0-9a-f]+$/, 'expected a subnet id', 'write it as subnet-0123abcd'))
    .refine((ids) => ids.length >= 2, rule('needs private subnets in at least 2 Availability Zones', 'list 2 or 3 subnet ids'))
    .refine((ids) => ids.length <= 3, { ...rule('MSK uses at most 3 subnets', 'list 2 or 3 subnet ids'), abort: true }),
  /** Route tables of those subnets, for the S3 gateway endpoint; empty when createEndpoints is false. */
  routeTableIds: z.array(matches(/^rtb-[0-9a-f]+$/, 'expected a route table id', 'write it as rtb-0123abcd')).default([]),
  /** Set false when the VPC already has S3, Glue and Athena endpoints (or a NAT). */
  createEndpoints: z.boolean().default(true),
});

/**
 * An MSK cluster the team already runs: the environment creates none and only
 * adds the query path to it.
 */
const existingCluster = z.strictObject({
  clusterArn: matches(
    /^arn:aws[a-z-]*:kafka:[a-z0-9-]+:\d{12}:cluster\/[A-Za-z0-9-]+\/[0-9a-f-]+(-s?\d+)?$/,
    'expected an MSK cluster ARN',
    'copy it from the MSK console or aws kafka list-clusters-v2: arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>',
  ),
  authentication: expecting<'iam' | 'scram' | 'tls'>(
    (a) => ['iam', 'scram', 'tls'].includes(a as string),
    'expected "iam", "scram" or "tls"',
    'the way the cluster lets the connector in',
  ),
  /** SCRAM: the AmazonMSK_ secret with username and password. TLS: the secret with keystore_password, truststore_password, ssl_key_password. */
  secretArn: matches(
    /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$/,
    'expected a Secrets Manager secret ARN',
    'copy it from the secret (it ends in a 6-character suffix)',
  ).optional(),
  /** TLS: where kafka.client.keystore.jks and kafka.client.truststore.jks are. The connector reads one folder level only. */
  certificatesS3Reference: matches(
    /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/[^/]+\/?$/,
    'expected s3://<bucket>/<folder>/',
    'the connector reads the keystore and truststore from one folder directly under the bucket',
  ).optional(),
  /** The brokers' security group: the environment adds the rule that admits the connector. */
  brokerSecurityGroupId: matches(/^sg-[0-9a-f]+$/, 'expected a security group id', 'write it as sg-0123abcd').optional(),
  /** Bootstrap string for the authentication. @default read from the cluster */
  bootstrapBrokers: z
    .string()
    .regex(/^[A-Za-z0-9.-]+:\d+(,[A-Za-z0-9.-]+:\d+)*$/, 'expected host:port[,host:port]')
    .optional(),
});

/** -1 (no limit) or a positive whole number. */
const limitOrUnlimited = (what: string) =>
  expecting<number>(
    (n) => Number.isSafeInteger(n) && ((n as number) > 0 || n === -1),
    `expected a whole number of ${what}, or -1 for no limit`,
    'write a number such as 86400000',
  );

/** Settings of one topic, in config words (core/kafka/topic-overrides.ts maps them to Kafka's). */
const topicSettings = {
  partitions: positiveInt('partitions').optional(),
  replicationFactor: positiveInt('replicas').optional(),
  minInsyncReplicas: positiveInt('replicas').optional(),
  retentionHours: positiveInt('hours').optional(),
  retentionMs: limitOrUnlimited('milliseconds').optional(),
  retentionBytes: limitOrUnlimited('bytes per partition').optional(),
  cleanupPolicy: z.enum(CLEANUP_POLICIES, { error: `expected one of ${CLEANUP_POLICIES.map((p) => `"${p}"`).join(', ')}` }).optional(),
};

/** Changes that cannot be undone, each confirmed by repeating the value the override sets. */
const CONFIRMABLE = ['partitions', 'minInsyncReplicas', 'retentionHours', 'retentionMs', 'retentionBytes', 'cleanupPolicy'] as const;

/**
 * A topic's own settings. Naming a setting makes the topics function keep the
 * topic at it; one not named is left as the topic has it. A change that loses
 * records or changes their meaning also needs `confirm` with the same value,
 * so it is never made by accident and shows in the pull request's config diff.
 */
const topicOverride = z
  .strictObject({
    ...topicSettings,
    /**
     * false for a team's topic, whose records are real: the sample producer and `npm run produce`
     * (generated records, to a cluster) write none to it. Onboarding a topic that holds records writes it.
     * @default true
     */
    sampleRecords: z.boolean().optional(),
    confirm: z
      .strictObject(Object.fromEntries(CONFIRMABLE.map((k) => [k, topicSettings[k]])) as Pick<typeof topicSettings, (typeof CONFIRMABLE)[number]>)
      .optional(),
  })
  .superRefine((o, ctx) => {
    if (o.retentionHours !== undefined && o.retentionMs !== undefined) {
      ctx.addIssue({ ...issue('sets retention twice, as retentionHours and retentionMs', 'keep one of them'), path: ['retentionMs'] });
    }
    for (const [key, value] of Object.entries(o.confirm ?? {})) {
      const declared = o[key as keyof typeof topicSettings];
      const twin = { retentionHours: 'retentionMs', retentionMs: 'retentionHours' }[key] as 'retentionHours' | 'retentionMs' | undefined;
      if (declared === undefined && twin && o[twin] !== undefined) {
        // The override gives retention in the other unit: the confirmation must name the value the same way.
        ctx.addIssue({
          ...issue(
            `confirms retention as ${key} but the override sets it as ${twin}`,
            `confirm it as the override sets it: "confirm": { "${twin}": ${JSON.stringify(o[twin])} }`,
          ),
          path: ['confirm', key],
        });
      } else if (declared === undefined) {
        ctx.addIssue({
          ...issue(`confirms a change of ${key} the override does not make`, `set "${key}": ${JSON.stringify(value)} beside it, or remove the confirmation`),
          path: ['confirm', key],
        });
      } else if (declared !== value) {
        ctx.addIssue({
          ...issue(
            `confirms ${JSON.stringify(value)} but ${key} is ${JSON.stringify(declared)}: a confirmation holds for the one value it names`,
            `write ${JSON.stringify(declared)} to confirm the change to it, or remove the confirmation`,
          ),
          path: ['confirm', key],
        });
      }
    }
  });

/**
 * Where alarms go and when they fire. Each threshold left out takes the default of
 * the alarm construct it sets (BrokerAlarms, FunctionAlarms, QueryAlarms), where its
 * source is written; docs/operations.md, "Alarms and dashboard", lists them.
 */
const alerts = z.strictObject({
  /** Each address gets an email subscription to the environment's topic (confirmed from the first message). */
  emails: z
    .array(
      expecting<string>((e) => typeof e === 'string', 'expected an email address', 'write one such as ops@example.com').refine(
        (e) => z.regexes.email.test(e),
        rule('expected an email address', 'write one such as ops@example.com'),
      ),
    )
    .refine((list) => new Set(list.map((e) => e.toLowerCase())).size === list.length, rule('repeats an address', 'list each address once')),
  /** A team's existing SNS topic: alarms notify it and no topic is made. */
  topicArn: z
    .string()
    .refine((arn) => SNS_TOPIC_ARN.pattern.test(arn), rule(`expected ${SNS_TOPIC_ARN.rule}`, 'copy it from the SNS console or aws sns list-topics'))
    .refine((arn) => !arn.endsWith('.fifo'), rule('is a FIFO topic, which CloudWatch alarms cannot notify', 'give a standard topic'))
    .optional(),
  /**
   * An adopted cluster is not ours: no broker alarms unless its broker count is given
   * here (alarms then watch broker ids 1..N). Connector and query alarms are always made.
   */
  adoptedClusterBrokers: positiveInt('brokers').optional(),
  thresholds: z
    .strictObject({
      brokerCpuPercent: z.number().min(1).max(100).optional(),
      brokerDiskUsedPercent: z.number().min(1).max(100).optional(),
      connectorDurationPercentOfTimeout: z.number().min(1).max(100).optional(),
      failedQueriesPer5Minutes: z.number().int().min(0).optional(),
    })
    .default({}),
});

export const environmentConfigSchema = z
  .strictObject({
    name: matches(/^[a-z][a-z0-9-]{1,15}$/, 'expected 2-16 of a-z, 0-9 and -, starting with a letter', 'rename the environment, e.g. dev'),
    region: awsRegion,
    tags: z.record(z.string(), z.string()),
    network: z.strictObject({
      /** @default Network's */
      vpcCidr: matches(/^\d{1,3}(\.\d{1,3}){3}\/(1[6-9]|2[0-2])$/, 'expected an IPv4 CIDR from /16 to /22', 'write one such as 10.40.0.0/16').optional(),
      availabilityZones: expecting<2 | 3>((n) => n === 2 || n === 3, 'expected 2 or 3', 'MSK spreads brokers over 2 or 3 Availability Zones'),
      natGateway: z.boolean(),
      /** Zone names for the subnets. @default Network's: the region's first zones by letter (<region>a, <region>b, ...) */
      zoneNames: z.array(matches(/^[a-z]{2}(-[a-z]+)+-\d[a-z]$/, 'expected an Availability Zone name', 'write one such as eu-west-1a')).optional(),
      existing: existingNetwork.optional(),
    }),
    msk: z.strictObject({
      mode: z.enum(['provisioned', 'serverless'], { error: 'expected "provisioned" or "serverless"' }),
      // Optional ones default in ProvisionedCluster's props; the broker settings in brokerLayout (core/kafka/broker-layout.ts).
      kafkaVersion: matches(/^\d+\.\d+\.(\d+|x)(\.tiered|\.kraft)?$/, 'expected an MSK Kafka version', 'write one such as 3.8.x').optional(),
      brokerCount: positiveInt('brokers').optional(),
      instanceType: matches(/^kafka\.[a-z0-9]+\.[a-z0-9]+$/, 'expected an MSK broker type', 'write one such as kafka.m7g.large').optional(),
      volumeSizeGiB: z.number().int().min(1).max(MSK_MAX_VOLUME_GIB).optional(),
      maxVolumeSizeGiB: z.number().int().min(1).max(MSK_MAX_VOLUME_GIB).optional(),
      enhancedMonitoring: z.enum(['DEFAULT', 'PER_BROKER', 'PER_TOPIC_PER_BROKER', 'PER_TOPIC_PER_PARTITION']).optional(),
      defaultReplicationFactor: positiveInt('replicas').optional(),
      minInsyncReplicas: positiveInt('replicas').optional(),
      existing: existingCluster.optional(),
    }),
    topics: z.strictObject({
      /** Create and alter the declared topics (the topics function). @default true; false for an existing cluster */
      manage: z.boolean(),
      defaultPartitions: positiveInt('partitions'),
      /** Every Athena query reads the whole retained topic: retention is a cost knob. */
      defaultRetentionHours: positiveInt('hours'),
      overrides: z.record(matches(TOPIC_NAME.pattern, 'not a Kafka topic name', `use ${TOPIC_NAME.rule}`), topicOverride),
    }),
    connector: z.strictObject({
      semanticVersion: matches(
        /^\d+\.\d+\.\d+$/,
        'expected a published connector version',
        'write one such as 2026.33.1 (aws serverlessrepo list-application-versions)',
      ),
      functionName: matches(CONNECTOR_FUNCTION_NAME.pattern, `expected ${CONNECTOR_FUNCTION_NAME.rule}`, 'the connector template refuses other names'),
      // Optional ones default in AthenaMskConnector's props.
      memoryMb: z.number().int().min(LAMBDA_MIN_MEMORY_MB).max(LAMBDA_MAX_MEMORY_MB).optional(),
      timeoutSeconds: z
        .number()
        .int()
        .min(30)
        .refine(
          (s) => s <= LAMBDA_MAX_TIMEOUT_SECONDS,
          rule(`Lambda stops at ${LAMBDA_MAX_TIMEOUT_SECONDS} seconds`, `use at most ${LAMBDA_MAX_TIMEOUT_SECONDS}`),
        )
        .optional(),
      spillPrefix: matches(
        /^[a-zA-Z0-9_-]+(\/[a-zA-Z0-9_-]+)*$/,
        'expected a key prefix without leading or trailing /',
        'write one such as athena-spill',
      ).optional(),
      /** Athena data catalog name: unique per account and region. */
      catalogName: matches(CATALOG_NAME.pattern, `expected ${CATALOG_NAME.rule}`, 'write one such as msk'),
      /**
       * Put before every schemas/ folder name to make the Glue registry (= Athena
       * database) name, which is unique per account and region.
       */
      databasePrefix: matches(/^[a-z0-9_]{0,64}$/, 'expected up to 64 of a-z, 0-9 and _', 'write one such as dev_, or "" for none'),
    }),
    athena: z.strictObject({
      workgroupName: z.string().regex(/^[a-zA-Z0-9._-]{1,128}$/, 'expected 1-128 of a-z, A-Z, 0-9, ., _ and -'),
      // Optional ones default in AnalyticsWorkgroup's props.
      bytesScannedCutoffMb: z
        .number()
        .int()
        .refine(
          (mb) => mb >= ATHENA_MIN_BYTES_SCANNED_CUTOFF_MB,
          rule(`Athena refuses cutoffs under ${ATHENA_MIN_BYTES_SCANNED_CUTOFF_MB} MB`, `use ${ATHENA_MIN_BYTES_SCANNED_CUTOFF_MB} or more`),
        )
        .optional(),
      resultsExpirationDays: positiveInt('days').optional(),
    }),
    producer: z.strictObject({
      enabled: z.boolean(),
      /** @default SampleProducer's */
      schedule: matches(/^(rate|cron)\(.+\)$/, 'expected an EventBridge schedule', 'write rate(1 minute) or cron(...)').optional(),
      /** Parallel producer invocations per tick: one EventBridge target each. */
      targets: z
        .number()
        .int()
        .min(1)
        .refine(
          (n) => n <= EVENTBRIDGE_MAX_TARGETS,
          rule(`EventBridge allows ${EVENTBRIDGE_MAX_TARGETS} targets per rule`, `use at most ${EVENTBRIDGE_MAX_TARGETS}`),
        ),
      recordsPerSecond: positiveInt('records per second'),
      durationSeconds: z
        .number()
        .int()
        .min(1)
        .refine(
          (s) => s <= PRODUCER_MAX_DURATION_SECONDS,
          rule(`the producer runs inside a ${LAMBDA_MAX_TIMEOUT_SECONDS} s Lambda`, `use at most ${PRODUCER_MAX_DURATION_SECONDS}`),
        ),
    }),
    /**
     * Refuse to destroy or replace the cluster, its key and the data buckets
     * (Terraform prevent_destroy). Tear-down is a deliberate two-step: set false,
     * deploy, then destroy.
     */
    protectData: z.boolean(),
    /**
     * Reserve Lambda concurrency for the topics function (1) and the producer (one
     * per target). Off by default: a reservation fails in accounts at the
     * new-account concurrency quota of 10.
     */
    reserveConcurrency: z.boolean(),
    /** Days CloudWatch keeps the environment's logs. @default the constructs' (DEFAULT_LOG_RETENTION_DAYS) */
    logRetentionDays: retentionDays.optional(),
    alerts,
    state: z
      .strictObject({
        bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'expected an S3 bucket name'),
        region: awsRegion.optional(),
        keyPrefix: z.string().default('msk-athena'),
      })
      .optional(),
  })
  .superRefine((c, ctx) => {
    if (c.msk.mode === 'provisioned' && !c.msk.existing) {
      for (const p of brokerLayout(zoneCount(c), c.msk).problems) ctx.addIssue({ ...issue(p.problem, p.fix), path: ['msk', p.field] });
      if (c.msk.maxVolumeSizeGiB !== undefined && c.msk.volumeSizeGiB !== undefined && c.msk.maxVolumeSizeGiB < c.msk.volumeSizeGiB) {
        ctx.addIssue({
          ...issue(`${c.msk.maxVolumeSizeGiB} is below volumeSizeGiB ${c.msk.volumeSizeGiB}`, `use at least ${c.msk.volumeSizeGiB}`),
          path: ['msk', 'maxVolumeSizeGiB'],
        });
      }
    }
    const zones = c.network.zoneNames;
    if (zones && !c.network.existing) {
      if (zones.length !== c.network.availabilityZones) {
        ctx.addIssue({
          ...issue(`lists ${zones.length} zones for availabilityZones ${c.network.availabilityZones}`, `list exactly ${c.network.availabilityZones}`),
          path: ['network', 'zoneNames'],
        });
      }
      zones.forEach((z, i) => {
        if (!z.startsWith(c.region)) {
          ctx.addIssue({
            ...issue(`"${z}" is not in region ${c.region}`, `use a zone of ${c.region}, such as ${c.region}a`),
            path: ['network', 'zoneNames', i],
          });
        }
      });
      if (new Set(zones).size !== zones.length) ctx.addIssue({ ...issue('repeats a zone', 'list distinct zones'), path: ['network', 'zoneNames'] });
    }
    const cluster = c.msk.existing;
    if (cluster) {
      const at = (...p: (string | number)[]) => ['msk', 'existing', ...p];
      if (!c.network.existing) {
        ctx.addIssue({ ...issue("needs the cluster's VPC", "set network.existing to the cluster's vpcId, subnetIds and routeTableIds"), path: at() });
      }
      if (cluster.authentication !== 'iam' && !cluster.secretArn) {
        ctx.addIssue({
          ...(cluster.authentication === 'scram'
            ? issue('is required for scram', 'give the AmazonMSK_ secret holding username and password')
            : issue('is required for tls', 'give the secret holding keystore_password, truststore_password and ssl_key_password (the connector reads them)')),
          path: at('secretArn'),
        });
      }
      if (cluster.authentication === 'iam' && cluster.secretArn) ctx.addIssue({ ...issue('has no use with iam', 'remove it'), path: at('secretArn') });
      if (cluster.authentication === 'tls' && !cluster.certificatesS3Reference) {
        ctx.addIssue({
          ...issue('is required for tls', 'give s3://<bucket>/<folder>/ holding kafka.client.keystore.jks and kafka.client.truststore.jks'),
          path: at('certificatesS3Reference'),
        });
      }
      if (cluster.authentication !== 'tls' && cluster.certificatesS3Reference) {
        ctx.addIssue({
          ...issue(`has no use with ${cluster.authentication}`, 'remove it'),
          path: at('certificatesS3Reference'),
        });
      }
      if (cluster.authentication === 'scram' && cluster.secretArn && !/:secret:AmazonMSK_/.test(cluster.secretArn)) {
        ctx.addIssue({
          ...issue(
            'is not an AmazonMSK_ secret; MSK only accepts SCRAM secrets whose name starts with AmazonMSK_',
            'give the secret associated with the cluster',
          ),
          path: at('secretArn'),
        });
      }
      const region = cluster.clusterArn.split(':')[3];
      if (region && region !== c.region) {
        ctx.addIssue({
          ...issue(`is in ${region}, the environment in ${c.region}`, `set region to ${region}`),
          path: at('clusterArn'),
        });
      }
      // The functions sign in with IAM only (kafkajs + aws-msk-iam-sasl-signer-js).
      if (cluster.authentication !== 'iam') {
        if (c.topics.manage) {
          ctx.addIssue({
            ...issue(
              `the topics function authenticates with IAM only, the cluster with ${cluster.authentication}`,
              'set false and manage the topics where the cluster is managed',
            ),
            path: ['topics', 'manage'],
          });
        }
        if (c.producer.enabled) {
          ctx.addIssue({
            ...issue(`the producer authenticates with IAM only, the cluster with ${cluster.authentication}`, 'set false'),
            path: ['producer', 'enabled'],
          });
        }
      }
    }
    const topicRegion = c.alerts.topicArn?.split(':')[3];
    if (topicRegion && topicRegion !== c.region) {
      ctx.addIssue({
        ...issue(`is in ${topicRegion}, the alarms in ${c.region}`, `give a topic of ${c.region} (alarms notify topics of their own region)`),
        path: ['alerts', 'topicArn'],
      });
    }
    if (c.alerts.adoptedClusterBrokers !== undefined) {
      const at = ['alerts', 'adoptedClusterBrokers'];
      if (!c.msk.existing) {
        ctx.addIssue({
          ...issue("has no use without msk.existing: the environment's own cluster is always watched", 'remove it'),
          path: at,
        });
      } else if (SERVERLESS_CLUSTER_ARN.pattern.test(c.msk.existing.clusterArn)) {
        ctx.addIssue({ ...issue('the adopted cluster is MSK Serverless, which publishes no broker metrics', 'remove it'), path: at });
      }
    }
    if (c.network.existing?.createEndpoints && c.network.existing.routeTableIds.length === 0) {
      ctx.addIssue({
        ...issue("the S3 gateway endpoint needs the subnets' route tables", 'list them, or set createEndpoints to false if the VPC has its own'),
        path: ['network', 'existing', 'routeTableIds'],
      });
    }
  });

export type EnvironmentConfig = z.output<typeof environmentConfigSchema>;

/** The Availability Zones an environment's brokers and functions use: its own subnets', or the existing VPC's. */
export function zoneCount(config: { readonly network: Pick<EnvironmentConfig['network'], 'availabilityZones' | 'existing'> }): number {
  return config.network.existing ? config.network.existing.subnetIds.length : config.network.availabilityZones;
}
export type EnvironmentConfigInput = z.input<typeof environmentConfigSchema>;
