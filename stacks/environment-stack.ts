import { LocalBackend, S3Backend, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { resourceNames } from '../config/resource-names';
import type { EnvironmentConfig } from '../config/schema';
import { EncryptionKey } from '../modules/kms/encryption-key';
import { AWS_PROVIDER_CONSTRAINT } from '../core/aws-facts';

/**
 * What every stack of an environment shares: the name `<env>-<part>`, the AWS
 * provider with the environment's region and tags, and its state backend.
 */
export abstract class EnvironmentStack extends TerraformStack {
  readonly config: EnvironmentConfig;
  private logsKeyInstance?: EncryptionKey;
  private readonly part: string;

  protected constructor(scope: Construct, part: string, config: EnvironmentConfig) {
    const stackName = `${config.name}-${part}`;
    super(scope, stackName);
    this.config = config;
    this.part = part;

    new AwsProvider(this, 'aws', { region: config.region, defaultTags: [{ tags: config.tags }] });
    this.addOverride('terraform.required_providers.aws', { source: 'hashicorp/aws', version: AWS_PROVIDER_CONSTRAINT });

    if (config.state) {
      const backend = new S3Backend(this, {
        bucket: config.state.bucket,
        key: `${config.state.keyPrefix}/${stackName}.tfstate`,
        region: config.state.region ?? config.region,
        encrypt: true,
      });
      // S3-native locking (Terraform 1.10+); cdktf 0.21's typed config predates it.
      backend.addOverride('use_lockfile', true);
    } else {
      // Relative to cdktf.out/stacks/<stack>/, so it resolves to <project>/state/ on any
      // machine: outside cdktf.out (deleted freely) and free of absolute paths.
      new LocalBackend(this, { path: `../../../state/${stackName}.tfstate` });
    }
  }

  /**
   * cdktf marks every cross-stack output sensitive, which hides a changed subnet
   * or VPC id from the plans reviewers read. Nothing this project passes between
   * stacks is a secret (ids, ARNs, broker addresses), so they are shown.
   */
  override toTerraform(): Record<string, unknown> & { output?: Record<string, { sensitive?: boolean }> } {
    const json = super.toTerraform();
    for (const [name, output] of Object.entries<{ sensitive?: boolean }>(json.output ?? {})) {
      if (name.startsWith('cross-stack-output-')) delete output.sensitive;
    }
    return json;
  }

  /** The key this stack's log groups are encrypted with, made on first use. */
  protected get logsKey(): EncryptionKey {
    this.logsKeyInstance ??= new EncryptionKey(this, 'LogsKey', {
      alias: resourceNames(this.config.name).logsKeyAlias(this.part),
      description: `Encrypts the CloudWatch log groups of ${this.config.name}-${this.part}`,
      allowCloudWatchLogs: true,
      protect: this.config.protectData,
    });
    return this.logsKeyInstance;
  }
}
