import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { ServiceRole } from '../iam/service-role';
import type { EncryptionKey } from '../kms/encryption-key';
import { AwsContext } from '../shared/aws-context';
import { DEFAULT_LOG_RETENTION_DAYS } from '../shared/log-retention';

export interface FlowLogsProps {
  readonly name: string;
  readonly vpcId: string;
  readonly key: EncryptionKey;
  /** @default DEFAULT_LOG_RETENTION_DAYS */
  readonly retentionDays?: number;
}

/**
 * VPC flow logs of rejected traffic, in an encrypted log group: what a security
 * group stopped is what one needs when a connection fails. Accepted traffic is
 * left out because the connector moves whole topics and that would cost more
 * than the cluster.
 */
export class FlowLogs extends Construct {
  constructor(scope: Construct, id: string, props: FlowLogsProps) {
    super(scope, id);
    const logs = new CloudwatchLogGroup(this, 'Logs', {
      name: `/aws/vpc/${props.name}/flow-logs`,
      retentionInDays: props.retentionDays ?? DEFAULT_LOG_RETENTION_DAYS,
      kmsKeyId: props.key.keyArn,
    });
    const aws = AwsContext.of(this);
    const role = new ServiceRole(this, 'Role', {
      service: 'vpc-flow-logs.amazonaws.com',
      roleName: `${props.name}-flow-logs`,
      description: `Delivers flow logs of ${props.name} to CloudWatch Logs`,
      sourceArnLike: `arn:${aws.partition}:ec2:${aws.region}:${aws.accountId}:vpc-flow-log/*`,
    });
    role.addToPolicy({
      sid: 'WriteFlowLogs',
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
      resources: [logs.arn, `${logs.arn}:*`],
    });
    // The service checks its destination with DescribeLogGroups, which IAM does not scope.
    role.addToPolicy({ sid: 'FindLogGroup', actions: ['logs:DescribeLogGroups'], resources: ['*'] });
    new FlowLog(this, 'Resource', {
      vpcId: props.vpcId,
      trafficType: 'REJECT',
      logDestinationType: 'cloud-watch-logs',
      logDestination: logs.arn,
      iamRoleArn: role.roleArn,
      maxAggregationInterval: 600,
      dependsOn: [role.policy],
    });
  }
}
