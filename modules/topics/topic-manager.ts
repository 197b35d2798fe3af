import { Construct } from 'constructs';
import { LambdaInvocation } from '@cdktf/provider-aws/lib/lambda-invocation';
import { Grant } from '../iam/grants';
import type { TopicSpec } from '../../core/kafka/topic-spec';
import type { EncryptionKey } from '../kms/encryption-key';
import { NodeFunction } from '../lambda/node-function';
import type { IKafkaCluster } from '../msk/kafka-cluster';
import type { INetwork } from '../network/network';

export interface TopicManagerProps {
  readonly functionName: string;
  /** Name of the read-only function that plans (answers dry runs only). @default `${functionName}-plan` */
  readonly planFunctionName?: string;
  /** The topics function's handler source (functions/topics/handler.ts in this project), bundled at synth. */
  readonly entry: string;
  readonly cluster: IKafkaCluster;
  readonly network: INetwork;
  /** The topics to make exist, with their settings (see declaredTopics). */
  readonly topics: readonly TopicSpec[];
  /** Reserve one concurrent run (see NodeFunctionProps.reservedConcurrency). @default false */
  readonly reserveConcurrency?: boolean;
  /** @default DEFAULT_LOG_RETENTION_DAYS */
  readonly logRetentionDays?: number;
  /** Key for the function's log group. */
  readonly logsKey: EncryptionKey;
}

/**
 * Topics as code: a function that creates and alters the declared topics, and an
 * invocation Terraform re-runs whenever the declaration or the code changes, so
 * `cdktf deploy` makes them. Beside it a planner, the same code with rights only
 * to describe those topics, that answers dry runs: a pull request's plan asks it
 * what the apply would change in Kafka, and the plan's role may invoke it
 * without being able to change a topic.
 */
export class TopicManager extends Construct {
  readonly function: NodeFunction;
  /** Same code, describe-only rights, TOPICS_MODE=plan: it refuses any request that is not a dry run. */
  readonly planner: NodeFunction;
  readonly invocation: LambdaInvocation;

  constructor(scope: Construct, id: string, props: TopicManagerProps) {
    super(scope, id);
    if (props.topics.length === 0) throw new Error(`TopicManager ${this.node.path}: topics must name at least one topic, got none`);
    this.function = new NodeFunction(this, 'Function', {
      functionName: props.functionName,
      description: 'Creates and alters the declared Kafka topics (invoked by Terraform)',
      entry: props.entry,
      network: props.network,
      environment: { KAFKA_BROKERS: props.cluster.bootstrapBrokersIam, KAFKA_AUTH: 'iam' },
      timeoutSeconds: 120,
      reservedConcurrency: props.reserveConcurrency ? 1 : undefined,
      logRetentionDays: props.logRetentionDays,
      logsKey: props.logsKey,
    });
    const access = Grant.combine(
      props.cluster.addClient(this.function),
      props.cluster.grantManageTopics(
        this.function.role,
        props.topics.map((t) => t.topic),
      ),
    );

    this.planner = new NodeFunction(this, 'Planner', {
      functionName: props.planFunctionName ?? `${props.functionName}-plan`,
      description: 'Says what the topics function would change in the declared Kafka topics (npm run plan); changes nothing',
      entry: props.entry,
      network: props.network,
      environment: { KAFKA_BROKERS: props.cluster.bootstrapBrokersIam, KAFKA_AUTH: 'iam', TOPICS_MODE: 'plan' },
      timeoutSeconds: 60,
      logRetentionDays: props.logRetentionDays,
      logsKey: props.logsKey,
    });
    Grant.combine(
      props.cluster.addClient(this.planner),
      props.cluster.grantDescribeTopics(
        this.planner.role,
        props.topics.map((t) => t.topic),
      ),
    );

    this.invocation = new LambdaInvocation(this, 'Apply', {
      functionName: this.function.functionName,
      input: JSON.stringify({ topics: props.topics }),
      // Re-run on new code as well as on a new declaration (which changes `input`).
      triggers: { code: this.function.codeHash },
      dependsOn: [this.function.resource, ...access.dependables, ...this.function.securityGroup.rules],
    });
  }
}
