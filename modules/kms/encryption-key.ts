import { Construct } from 'constructs';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import type { IGrantable } from '../iam/grants';

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
}

/** A customer managed KMS key with yearly rotation, for data at rest. */
export class EncryptionKey extends Construct {
  readonly arn: string;
  readonly keyId: string;
  readonly resource: KmsKey;

  constructor(scope: Construct, id: string, props: EncryptionKeyProps) {
    super(scope, id);
    const window = props.deletionWindowDays ?? 30;
    if (!Number.isInteger(window) || window < 7 || window > 30) {
      throw new Error(`EncryptionKey ${this.node.path}: deletionWindowDays must be a whole number from 7 to 30, got ${window}`);
    }
    this.resource = new KmsKey(this, 'Resource', {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: window,
    });
    new KmsAlias(this, 'Alias', { name: `alias/${props.alias}`, targetKeyId: this.resource.keyId });
    this.arn = this.resource.arn;
    this.keyId = this.resource.keyId;
  }

  /** Lets `grantee` encrypt and decrypt data under this key (S3 SSE-KMS, for example). */
  grantEncryptDecrypt(grantee: IGrantable, sid: string): void {
    grantee.addToPolicy({ sid, actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [this.arn] });
  }
}
