import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { EncryptionKey } from '../kms/encryption-key';
import { AwsContext } from '../shared/aws-context';

/** Where alarms send their notifications: a topic made here, or a team's own. */
export interface IAlertTopic {
  readonly topicArn: string;
  /** Subscribes an email address to the topic; the address confirms from the first message. */
  addEmailSubscription(email: string): void;
}

export interface AlertTopicProps {
  readonly topicName: string;
  /** Email addresses to subscribe; each confirms from the first message. @default none */
  readonly emails?: readonly string[];
  /** Make Terraform refuse to destroy or replace the topic's key. @default true */
  readonly protect?: boolean;
}

/** What a made topic and a team's topic share: email subscriptions, one per address. */
abstract class AlertTopicBase extends Construct implements IAlertTopic {
  abstract readonly topicArn: string;
  private readonly subscribed = new Set<string>();

  addEmailSubscription(email: string): void {
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new Error(`AlertTopic ${this.node.path}: emails must be email addresses, got "${email}"`);
    const key = email.toLowerCase();
    if (this.subscribed.has(key)) throw new Error(`AlertTopic ${this.node.path}: emails lists ${email} twice`);
    this.subscribed.add(key);
    // The address is the id: adding or removing one leaves the other subscriptions alone.
    new SnsTopicSubscription(this, `Email-${key}`, { topicArn: this.topicArn, protocol: 'email', endpoint: email });
  }
}

/**
 * One SNS topic per environment that every alarm notifies, encrypted with a key of
 * its own whose policy lets CloudWatch alarms publish, and a topic policy that admits
 * only this account's alarms and the account itself, over TLS.
 */
export class AlertTopic extends AlertTopicBase {
  /**
   * A team's existing topic: nothing is made, but email subscriptions may be added.
   * Its owner must let CloudWatch publish (and, if it is encrypted, let
   * cloudwatch.amazonaws.com use the key), as the topic made here does.
   */
  static fromTopicArn(scope: Construct, id: string, topicArn: string): IAlertTopic {
    return new ImportedAlertTopic(scope, id, topicArn);
  }

  readonly topicArn: string;
  readonly key: EncryptionKey;
  readonly resource: SnsTopic;

  constructor(scope: Construct, id: string, props: AlertTopicProps) {
    super(scope, id);
    if (!/^[A-Za-z0-9_-]{1,256}$/.test(props.topicName)) {
      throw new Error(`AlertTopic ${this.node.path}: topicName must be 1-256 of A-Z, a-z, 0-9, - and _, got "${props.topicName}"`);
    }
    this.key = new EncryptionKey(this, 'Key', {
      alias: props.topicName,
      description: `Encrypts the alarm notifications of SNS topic ${props.topicName}`,
      allowCloudWatchAlarms: true,
      protect: props.protect,
    });
    this.resource = new SnsTopic(this, 'Resource', { name: props.topicName, kmsMasterKeyId: this.key.keyArn });
    this.topicArn = this.resource.arn;

    const aws = AwsContext.of(this);
    const policy = new DataAwsIamPolicyDocument(this, 'Policy', {
      statement: [
        {
          sid: 'AccountManagesTopic',
          actions: ['sns:GetTopicAttributes', 'sns:SetTopicAttributes', 'sns:ListSubscriptionsByTopic', 'sns:Subscribe', 'sns:Publish'],
          resources: [this.topicArn],
          principals: [{ type: 'AWS', identifiers: [`arn:${aws.partition}:iam::${aws.accountId}:root`] }],
        },
        {
          sid: 'CloudWatchAlarmsOfThisAccountPublish',
          actions: ['sns:Publish'],
          resources: [this.topicArn],
          principals: [{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com'] }],
          condition: [
            { test: 'ArnLike', variable: 'aws:SourceArn', values: [`arn:${aws.partition}:cloudwatch:${aws.region}:${aws.accountId}:alarm:*`] },
            { test: 'StringEquals', variable: 'aws:SourceAccount', values: [aws.accountId] },
          ],
        },
        {
          sid: 'DenyPlainHttp',
          effect: 'Deny',
          actions: ['sns:Publish'],
          resources: [this.topicArn],
          principals: [{ type: 'AWS', identifiers: ['*'] }],
          condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
        },
      ],
    });
    new SnsTopicPolicy(this, 'TopicPolicy', { arn: this.topicArn, policy: policy.json });
    for (const email of props.emails ?? []) this.addEmailSubscription(email);
  }
}

class ImportedAlertTopic extends AlertTopicBase {
  constructor(
    scope: Construct,
    id: string,
    readonly topicArn: string,
  ) {
    super(scope, id);
  }
}
