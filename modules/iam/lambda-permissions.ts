import { Grant, type IGrantable } from './grants';

/**
 * What a Lambda function in a VPC needs to attach its network interfaces: the
 * actions of AWSLambdaVPCAccessExecutionRole, written out so every statement of
 * our roles is visible in the plan.
 */
export function grantVpcNetworkInterfaces(grantee: IGrantable): Grant {
  return Grant.addToPrincipal(grantee, [
    {
      sid: 'VpcNetworkInterfaces',
      actions: [
        'ec2:CreateNetworkInterface',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeSubnets',
        'ec2:DeleteNetworkInterface',
        'ec2:AssignPrivateIpAddresses',
        'ec2:UnassignPrivateIpAddresses',
      ],
      // Lambda creates these interfaces before their ids exist and the Describe
      // calls have no resource-level permissions, so IAM accepts only "*" here.
      resources: ['*'],
    },
  ]);
}
