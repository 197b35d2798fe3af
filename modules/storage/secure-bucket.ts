import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
// The provider names its one server-side encryption resource with an A suffix (a name clash in its bindings).
import * as sse from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { Grant, withSidPrefix, type IGrantable } from '../iam/grants';
import type { EncryptionKey } from '../kms/encryption-key';
import { requireWholeNumber } from '../shared/validate';

export interface SecureBucketProps {
  /** Start of the generated bucket name (S3 names are global, so Terraform adds a unique suffix). */
  readonly namePrefix: string;
  /**
   * What the bucket holds, as one capitalized word (`Spill`, `Results`): its grants'
   * statement ids start with it (`SpillList`, `SpillObjects`, `SpillKey`).
   */
  readonly grantLabel: string;
  /** Key for SSE-KMS; grants on the bucket include the matching key permissions. */
  readonly encryptionKey: EncryptionKey;
  /** Objects under `prefix` expire after `days`; incomplete multipart uploads are always aborted after 1 day. */
  readonly expirations: readonly { readonly id: string; readonly prefix: string; readonly days: number }[];
  /**
   * Make Terraform refuse to destroy or replace the bucket. When false, the
   * bucket may also be destroyed with objects in it (force_destroy), which is
   * what tearing down an environment needs.
   * @default true
   */
  readonly protect?: boolean;
}

/**
 * An S3 bucket for data we own: public access blocked, objects owned by the
 * bucket owner, SSE-KMS with a bucket key, HTTPS-only, and expiry rules so
 * scratch data never piles up.
 */
export class SecureBucket extends Construct {
  readonly bucketName: string;
  readonly bucketArn: string;
  readonly resource: S3Bucket;
  private readonly key: EncryptionKey;
  private readonly grantLabel: string;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    if (!/^[a-z0-9][a-z0-9-]{1,36}$/.test(props.namePrefix)) {
      throw new Error(
        `SecureBucket ${this.node.path}: namePrefix must be 2-37 of a-z, 0-9 and - (room for the 26-character suffix), got "${props.namePrefix}"`,
      );
    }
    if (!/^[A-Z][A-Za-z0-9]*$/.test(props.grantLabel)) {
      throw new Error(
        `SecureBucket ${this.node.path}: grantLabel must be a capitalized word of letters and digits (IAM statement ids), got "${props.grantLabel}"`,
      );
    }
    this.grantLabel = props.grantLabel;
    for (const e of props.expirations) {
      requireWholeNumber(this, `expirations[${e.id}].days`, e.days, { min: 1 });
    }
    this.key = props.encryptionKey;
    const protect = props.protect ?? true;
    this.resource = new S3Bucket(this, 'Resource', {
      bucketPrefix: `${props.namePrefix}-`,
      forceDestroy: !protect,
      lifecycle: { preventDestroy: protect },
    });
    this.bucketName = this.resource.bucket;
    this.bucketArn = this.resource.arn;

    new S3BucketPublicAccessBlock(this, 'PublicAccessBlock', {
      bucket: this.resource.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'Ownership', {
      bucket: this.resource.id,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    new sse.S3BucketServerSideEncryptionConfigurationA(this, 'Encryption', {
      bucket: this.resource.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: props.encryptionKey.keyArn }, bucketKeyEnabled: true }],
    });
    new S3BucketLifecycleConfiguration(this, 'Lifecycle', {
      bucket: this.resource.id,
      rule: [
        ...props.expirations.map((e) => ({
          id: e.id,
          status: 'Enabled',
          filter: [{ prefix: `${e.prefix}/` }],
          expiration: [{ days: e.days }],
        })),
        { id: 'abort-incomplete-uploads', status: 'Enabled', filter: [{ prefix: '' }], abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }] },
      ],
    });
    const tlsOnly = new DataAwsIamPolicyDocument(this, 'TlsOnly', {
      statement: [
        {
          sid: 'DenyInsecureTransport',
          effect: 'Deny',
          actions: ['s3:*'],
          principals: [{ type: '*', identifiers: ['*'] }],
          resources: [this.bucketArn, `${this.bucketArn}/*`],
          condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
        },
      ],
    });
    new S3BucketPolicy(this, 'Policy', { bucket: this.resource.id, policy: tlsOnly.json });
  }

  /** Lets `grantee` list the bucket and read objects under `prefix` (and decrypt them). */
  grantRead(grantee: IGrantable, prefix: string): Grant {
    const labelled = withSidPrefix(grantee, this.grantLabel);
    return Grant.combine(
      Grant.addToPrincipal(labelled, [
        { sid: 'List', actions: ['s3:ListBucket'], resources: [this.bucketArn] },
        { sid: 'Objects', actions: ['s3:GetObject'], resources: [`${this.bucketArn}/${prefix}/*`] },
      ]),
      this.key.grantDecrypt(labelled),
    );
  }

  /**
   * Lets `grantee` list the bucket and read and write objects under `prefix` (and
   * use the bucket's key). `multipart` adds what a writer of large objects in
   * parts needs (Athena writing query results, for one).
   */
  grantReadWrite(grantee: IGrantable, prefix: string, { multipart = false } = {}): Grant {
    const labelled = withSidPrefix(grantee, this.grantLabel);
    return Grant.combine(
      Grant.addToPrincipal(labelled, [
        {
          sid: 'List',
          actions: multipart ? ['s3:ListBucket', 's3:GetBucketLocation', 's3:ListBucketMultipartUploads'] : ['s3:ListBucket'],
          resources: [this.bucketArn],
        },
        {
          sid: 'Objects',
          actions: multipart ? ['s3:GetObject', 's3:PutObject', 's3:ListMultipartUploadParts', 's3:AbortMultipartUpload'] : ['s3:GetObject', 's3:PutObject'],
          resources: [`${this.bucketArn}/${prefix}/*`],
        },
      ]),
      this.key.grantEncryptDecrypt(labelled),
    );
  }
}
