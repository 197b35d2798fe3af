import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import { resourceNames } from '../config/resource-names';
import type { EnvironmentConfig } from '../config/schema';
import type { AnalyticsWorkgroup } from '../modules/athena/workgroup';
import type { AthenaMskConnector } from '../modules/connector/athena-msk-connector';
import type { IKafkaCluster } from '../modules/msk/kafka-cluster';
import { AlertTopic, type IAlertTopic } from '../modules/monitoring/alert-topic';
import { BrokerAlarms } from '../modules/monitoring/broker-alarms';
import { FunctionAlarms } from '../modules/monitoring/function-alarms';
import { OperationsDashboard, type DashboardCluster } from '../modules/monitoring/operations-dashboard';
import { QueryAlarms } from '../modules/monitoring/query-alarms';
import { EnvironmentStack } from './environment-stack';

export interface MonitoringStackProps {
  readonly cluster: IKafkaCluster;
  readonly connector: AthenaMskConnector;
  readonly workgroup: AnalyticsWorkgroup;
  /** The functions of the streaming stack that exist in this environment, by label (topics, producer). */
  readonly functions: readonly { readonly label: string; readonly functionName: string }[];
}

/**
 * Watching the environment: one alert topic (or the team's), the alarms on the
 * brokers, the functions and the queries, and one dashboard. A stack of its own,
 * deployed last: a threshold change plans here, never beside the cluster or the
 * buckets, and the stacks that hold data know nothing of it.
 */
export class MonitoringStack extends EnvironmentStack {
  readonly topic: IAlertTopic;
  readonly dashboard: OperationsDashboard;
  readonly brokers?: BrokerAlarms;

  constructor(scope: Construct, config: EnvironmentConfig, props: MonitoringStackProps) {
    super(scope, 'monitoring', config);
    const prefix = resourceNames(config.name).prefix;
    const { alerts } = config;
    const { thresholds } = alerts;

    this.topic = alerts.topicArn
      ? AlertTopic.fromTopicArn(this, 'Alerts', alerts.topicArn)
      : new AlertTopic(this, 'Alerts', { topicName: `${prefix}-alerts`, protect: config.protectData });
    for (const email of alerts.emails) this.topic.addEmailSubscription(email);

    const { brokerCount } = props.cluster;
    if (brokerCount !== undefined)
      this.brokers = new BrokerAlarms(this, 'Brokers', {
        clusterName: props.cluster.clusterName,
        brokerCount,
        topic: this.topic,
        namePrefix: prefix,
        cpuPercent: thresholds.brokerCpuPercent,
        diskUsedPercent: thresholds.brokerDiskUsedPercent,
      });

    const connector = new FunctionAlarms(this, 'Connector', {
      functionName: props.connector.functionName,
      label: 'connector',
      topic: this.topic,
      namePrefix: prefix,
      throttles: true,
      durationPercentOfTimeout: thresholds.connectorDurationPercentOfTimeout,
      timeoutSeconds: props.connector.timeoutSeconds,
    });
    const functions = props.functions.map((f) => new FunctionAlarms(this, `Function-${f.label}`, { ...f, topic: this.topic, namePrefix: prefix }));
    const queries = new QueryAlarms(this, 'Queries', {
      workgroupName: props.workgroup.workgroupName,
      topic: this.topic,
      namePrefix: prefix,
      failedQueriesPer5Minutes: thresholds.failedQueriesPer5Minutes,
    });

    const alarms = [...(this.brokers?.alarms ?? []), ...connector.alarms, ...functions.flatMap((f) => f.alarms), queries.failedQueries];
    const cluster: DashboardCluster =
      brokerCount === undefined
        ? { kind: 'topics', clusterName: props.cluster.clusterName }
        : { kind: 'brokers', clusterName: props.cluster.clusterName, brokerCount };
    this.dashboard = new OperationsDashboard(this, 'Dashboard', {
      dashboardName: prefix,
      cluster,
      connector: { functionName: props.connector.functionName, timeoutSeconds: props.connector.timeoutSeconds },
      functions: props.functions,
      workgroupName: props.workgroup.workgroupName,
      alarmArns: alarms.map((a) => a.arn),
    });

    new TerraformOutput(this, 'alert_topic_arn', {
      value: this.topic.topicArn,
      description: 'SNS topic every alarm of the environment notifies: subscribe to it',
    });
    new TerraformOutput(this, 'dashboard_name', { value: this.dashboard.dashboardName, description: 'CloudWatch dashboard of the environment' });
  }
}
