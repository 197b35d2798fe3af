import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Grant, type IGrantable } from '../iam/grants';
import { AwsContext } from '../shared/aws-context';
import { requireWholeNumber } from '../shared/validate';

export interface EncryptionKeyProps {
  /** Alias without the `alias/` prefix, e.g. `dev-msk-athena-data`. */
  readonly alias: string;
  readonly description: string;
  /**
   * Days KMS waits before deleting a scheduled key; the window in which a
   * mistaken destroy can still be undone.
   * @default 30 (the maximum)
   */
  readonly deletionWindowDays?: number;
  /** Make Terraform refuse to destroy or replace the key. @default true */
  readonly protect?: boolean;
  /** Let CloudWatch Logs encrypt this account's log groups with the key. @default false */
  readonly allowCloudWatchLogs?: boolean;
  /**
   * Let CloudWatch alarms publish to SNS topics encrypted with the key (SNS asks KMS
   * for a data key as the publisher, here cloudwatch.amazonaws.com). @default false
   */
  readonly allowCloudWatchAlarms?: boolean;
}

/**
 * What the account itself may do with the key, written out instead of `kms:*`:
 * these statements let IAM policies in the account grant use of the key (as
 * AWS's default key policy does), and keep PutKeyPolicy so the key can never be
 * locked out.
 */
const ACCOUNT_ACTIONS = [
  'kms:CancelKeyDeletion',
  'kms:CreateAlias',
  'kms:CreateGrant',
  'kms:Decrypt',
  'kms:DeleteAlias',
  'kms:DescribeKey',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:EnableKey',
  'kms:EnableKeyRotation',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListAliases',
  'kms:ListGrants',
  'kms:ListKeyPolicies',
  'kms:ListResourceTags',
  'kms:PutKeyPolicy',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:RetireGrant',
  'kms:RevokeGrant',
  'kms:RotateKeyOnDemand',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateAlias',
  'kms:UpdateKeyDescription',
];

/** A customer managed KMS key with yearly rotation and an explicit key policy, for data at rest. */
export class EncryptionKey extends Construct {
  readonly keyArn: string;
  readonly keyId: string;
  readonly resource: KmsKey;

  constructor(scope: Construct, id: string, props: EncryptionKeyProps) {
    super(scope, id);
    const window = requireWholeNumber(this, 'deletionWindowDays', props.deletionWindowDays ?? 30, { min: 7, max: 30 });
    const aws = AwsContext.of(this);
    // In a key policy, Resource "*" means this key and nothing else.
    const policy = new DataAwsIamPolicyDocument(this, 'KeyPolicy', {
      statement: [
        {
          sid: 'AccountAdministersAndDelegates',
          actions: ACCOUNT_ACTIONS,
          resources: ['*'],
          principals: [{ type: 'AWS', identifiers: [`arn:${aws.partition}:iam::${aws.accountId}:root`] }],
        },
        ...(props.allowCloudWatchLogs
          ? [
              {
                sid: 'CloudWatchLogsEncryptsLogGroups',
                actions: [
                  'kms:Encrypt',
                  'kms:Decrypt',
                  'kms:ReEncryptFrom',
                  'kms:ReEncryptTo',
                  'kms:GenerateDataKey',
                  'kms:GenerateDataKeyWithoutPlaintext',
                  'kms:DescribeKey',
                ],
                resources: ['*'],
                principals: [{ type: 'Service', identifiers: [`logs.${aws.region}.amazonaws.com`] }],
                condition: [
                  {
                    test: 'ArnLike',
                    variable: 'kms:EncryptionContext:aws:logs:arn',
                    values: [`arn:${aws.partition}:logs:${aws.region}:${aws.accountId}:log-group:*`],
                  },
                ],
              },
            ]
          : []),
        ...(props.allowCloudWatchAlarms
          ? [
              {
                sid: 'CloudWatchAlarmsPublishToEncryptedTopics',
                actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
                resources: ['*'],
                principals: [{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com'] }],
              },
            ]
          : []),
      ],
    });
    this.resource = new KmsKey(this, 'Resource', {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: window,
      policy: policy.json,
      lifecycle: { preventDestroy: props.protect ?? true },
    });
    new KmsAlias(this, 'Alias', { name: `alias/${props.alias}`, targetKeyId: this.resource.keyId });
    this.keyArn = this.resource.arn;
    this.keyId = this.resource.keyId;
  }

  /** Lets `grantee` read data encrypted under this key (statement `Key`). */
  grantDecrypt(grantee: IGrantable): Grant {
    return Grant.addToPrincipal(grantee, [{ sid: 'Key', actions: ['kms:Decrypt'], resources: [this.keyArn] }]);
  }

  /** Lets `grantee` encrypt and decrypt data under this key (S3 SSE-KMS, for example; statement `Key`). */
  grantEncryptDecrypt(grantee: IGrantable): Grant {
    return Grant.addToPrincipal(grantee, [{ sid: 'Key', actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [this.keyArn] }]);
  }
}
