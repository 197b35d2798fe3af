import { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { isRegistryEncoded, TABLES_FILE, type ProducerTable } from '../../core/tables/producer-tables';
import { Grant } from '../iam/grants';
import type { EncryptionKey } from '../kms/encryption-key';
import { NodeFunction } from '../lambda/node-function';
import type { IKafkaCluster } from '../msk/kafka-cluster';
import type { INetwork } from '../network/network';
import { AwsContext } from '../shared/aws-context';
import { requireWholeNumber } from '../shared/validate';
import { EVENTBRIDGE_MAX_TARGETS, LAMBDA_MAX_TIMEOUT_SECONDS, PRODUCER_FLUSH_SECONDS, PRODUCER_MAX_DURATION_SECONDS } from '../../core/limits';

export interface SampleProducerProps {
  readonly functionName: string;
  /** The producer's handler source (functions/producer/handler.ts in this project), bundled at synth. */
  readonly entry: string;
  readonly cluster: IKafkaCluster;
  readonly network: INetwork;
  /** Tables to write; shipped in the zip, so schema changes redeploy the producer. */
  readonly tables: readonly ProducerTable[];
  /** EventBridge expression. @default 'rate(1 minute)' */
  readonly schedule?: string;
  /** Parallel invocations per tick (EventBridge targets), 1-5. */
  readonly targets: number;
  readonly recordsPerSecond: number;
  /** Seconds each invocation produces; the function gets 60 s more. */
  readonly durationSeconds: number;
  /** Reserve one concurrent run per target (see NodeFunctionProps.reservedConcurrency). @default false */
  readonly reserveConcurrency?: boolean;
  /** Start the schedule only after these (e.g. the topics exist). @default nothing */
  readonly after?: ITerraformDependable[];
  /** @default DEFAULT_LOG_RETENTION_DAYS */
  readonly logRetentionDays?: number;
  /** Key for the function's log group. */
  readonly logsKey: EncryptionKey;
}

/**
 * Sample traffic: the producer function on an EventBridge schedule with N
 * targets, each an invocation writing schema-true records to every table's topic.
 * There is no "off" state: where no sample traffic is wanted, make no producer,
 * so no role holds write grants on real topics.
 */
export class SampleProducer extends Construct {
  readonly function: NodeFunction;
  readonly rule: CloudwatchEventRule;

  constructor(scope: Construct, id: string, props: SampleProducerProps) {
    super(scope, id);
    const targets = requireWholeNumber(this, 'targets', props.targets, { min: 1, max: EVENTBRIDGE_MAX_TARGETS, why: "EventBridge's limit per rule" });
    requireWholeNumber(this, 'durationSeconds', props.durationSeconds, {
      min: 1,
      max: PRODUCER_MAX_DURATION_SECONDS,
      why: `the function stops at ${LAMBDA_MAX_TIMEOUT_SECONDS} s`,
    });
    this.function = new NodeFunction(this, 'Function', {
      functionName: props.functionName,
      description: 'Writes sample records for every table (EventBridge schedule)',
      entry: props.entry,
      extraFiles: { [TABLES_FILE]: JSON.stringify(props.tables) },
      network: props.network,
      environment: {
        KAFKA_BROKERS: props.cluster.bootstrapBrokersIam,
        KAFKA_AUTH: 'iam',
        PRODUCER_RECORDS_PER_SECOND: String(props.recordsPerSecond),
        PRODUCER_DURATION_SECONDS: String(props.durationSeconds),
      },
      timeoutSeconds: props.durationSeconds + PRODUCER_FLUSH_SECONDS,
      memoryMb: 512,
      reservedConcurrency: props.reserveConcurrency ? targets : undefined,
      logRetentionDays: props.logRetentionDays,
      logsKey: props.logsKey,
    });
    // All of these land in the function's role policy, which the function already waits for.
    props.cluster.addClient(this.function);
    props.cluster.grantWriteTopics(
      this.function.role,
      props.tables.map((t) => t.topic),
    );
    this.grantSchemaLookups(props.tables.filter(isRegistryEncoded), props.network);

    this.rule = new CloudwatchEventRule(this, 'Schedule', {
      name: `${props.functionName}-schedule`,
      description: `Runs ${props.functionName} ${targets} time(s) per tick`,
      scheduleExpression: props.schedule ?? 'rate(1 minute)',
      state: 'ENABLED',
      dependsOn: [this.function.resource, ...this.function.securityGroup.rules, ...(props.after ?? [])],
    });
    new LambdaPermission(this, 'InvokedBySchedule', {
      statementId: 'AllowEventBridgeSchedule',
      action: 'lambda:InvokeFunction',
      functionName: this.function.functionName,
      principal: 'events.amazonaws.com',
      sourceArn: this.rule.arn,
    });
    for (let i = 1; i <= targets; i++) {
      new CloudwatchEventTarget(this, `Target${i}`, {
        rule: this.rule.name,
        targetId: `producer-${i}`,
        arn: this.function.functionArn,
        input: JSON.stringify({ target: i }),
      });
    }
  }

  /**
   * Avro and Protobuf records carry the schema version id, which the function
   * looks up by definition: exactly these schemas and their registries. ARNs are
   * built from the names, because the schemas live in the analytics stack,
   * which is deployed after this one.
   */
  private grantSchemaLookups(tables: readonly ProducerTable[], network: INetwork): Grant {
    if (tables.length === 0) return Grant.none('no Avro or Protobuf table: no schema version to look up');
    const { partition, region, accountId } = AwsContext.of(this);
    const arn = (path: string) => `arn:${partition}:glue:${region}:${accountId}:${path}`;
    network.allowAwsApis(this.function.securityGroup);
    return Grant.addToPrincipal(this.function.role, [
      {
        sid: 'GlueSchemaVersionIds',
        actions: ['glue:GetSchemaByDefinition'],
        resources: [...new Set(tables.flatMap((t) => [arn(`registry/${t.registry}`), arn(`schema/${t.registry}/${t.table}`)]))].sort(),
      },
    ]);
  }
}
