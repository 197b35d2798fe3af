import { Construct } from 'constructs';
import { AthenaNamedQuery } from '@cdktf/provider-aws/lib/athena-named-query';
import { AthenaWorkgroup } from '@cdktf/provider-aws/lib/athena-workgroup';
import { Grant, withSidPrefix, type IGrantable } from '../iam/grants';
import type { EncryptionKey } from '../kms/encryption-key';
import { SecureBucket } from '../storage/secure-bucket';
import { requireWholeNumber } from '../shared/validate';
import { ATHENA_MIN_BYTES_SCANNED_CUTOFF_MB } from '../../core/limits';

export interface AnalyticsWorkgroupProps {
  readonly workgroupName: string;
  readonly encryptionKey: EncryptionKey;
  /** Start of the results bucket's generated name. */
  readonly resultsBucketPrefix: string;
  /**
   * Athena cancels a query that scans more than this. The connector has no
   * pushdown, so every query reads whole topics: this is the cost guard.
   * @default 10240 (10 GiB)
   */
  readonly bytesScannedCutoffMb?: number;
  /** @default 30 */
  readonly resultsExpirationDays?: number;
  /** See SecureBucket.protect. @default true */
  readonly protect?: boolean;
}

const RESULTS_PREFIX = 'results';

/**
 * An Athena workgroup on engine version 3 whose settings clients cannot
 * override: results go, encrypted, to our bucket and expire; each query has a
 * scan limit.
 */
export class AnalyticsWorkgroup extends Construct {
  readonly workgroupName: string;
  readonly workgroupArn: string;
  readonly resultsBucket: SecureBucket;

  constructor(scope: Construct, id: string, props: AnalyticsWorkgroupProps) {
    super(scope, id);
    const cutoffMb = requireWholeNumber(this, 'bytesScannedCutoffMb', props.bytesScannedCutoffMb ?? 10240, {
      min: ATHENA_MIN_BYTES_SCANNED_CUTOFF_MB,
      why: "Athena's minimum",
    });
    this.resultsBucket = new SecureBucket(this, 'ResultsBucket', {
      namePrefix: props.resultsBucketPrefix,
      grantLabel: 'Results',
      encryptionKey: props.encryptionKey,
      expirations: [{ id: 'expire-results', prefix: RESULTS_PREFIX, days: props.resultsExpirationDays ?? 30 }],
      protect: props.protect,
    });
    const workgroup = new AthenaWorkgroup(this, 'Resource', {
      name: props.workgroupName,
      description: 'SQL on Kafka topics through the Athena MSK connector',
      state: 'ENABLED',
      // Query history keeps a workgroup "not empty"; tearing down must be able to remove it.
      forceDestroy: !(props.protect ?? true),
      configuration: {
        enforceWorkgroupConfiguration: true,
        publishCloudwatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: cutoffMb * 1024 * 1024,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: `s3://${this.resultsBucket.bucketName}/${RESULTS_PREFIX}/`,
          encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKeyArn: props.encryptionKey.keyArn },
        },
      },
    });
    this.workgroupName = workgroup.name;
    this.workgroupArn = workgroup.arn;
  }

  /** Lets the connector ask whether a query is still running, so LIMIT and cancellation stop it early. */
  grantQueryStatus(grantee: IGrantable): Grant {
    return Grant.addToPrincipal(grantee, [{ sid: 'AthenaQueryStatus', actions: ['athena:GetQueryExecution'], resources: [this.workgroupArn] }]);
  }

  /**
   * What a person or pipeline needs to run queries here: start, follow, stop and
   * read queries, use the saved ones, and write and read results (Athena writes
   * them with the caller's rights).
   */
  grantRunQueries(grantee: IGrantable): Grant {
    const run = Grant.addToPrincipal(grantee, [
      {
        sid: 'RunQueries',
        actions: [
          'athena:GetWorkGroup',
          'athena:StartQueryExecution',
          'athena:GetQueryExecution',
          'athena:GetQueryResults',
          'athena:StopQueryExecution',
          'athena:ListQueryExecutions',
          'athena:ListNamedQueries',
          'athena:GetNamedQuery',
          'athena:BatchGetNamedQuery',
        ],
        resources: [this.workgroupArn],
      },
    ]);
    // The results location needs the multipart actions too (Athena's "Access to
    // Amazon S3" for query results: GetBucketLocation, ListBucketMultipartUploads,
    // ListMultipartUploadParts, AbortMultipartUpload).
    return Grant.combine(run, this.resultsBucket.grantReadWrite(withSidPrefix(grantee, 'RunQueries'), RESULTS_PREFIX, { multipart: true }));
  }

  /** Saves a query in the workgroup, where analysts find it in the console. */
  addNamedQuery(id: string, query: { name: string; database: string; sql: string; description: string }): AthenaNamedQuery {
    return new AthenaNamedQuery(this, `Query-${id}`, {
      name: query.name,
      database: query.database,
      workgroup: this.workgroupName,
      query: query.sql,
      description: query.description,
    });
  }
}
