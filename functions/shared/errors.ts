/**
 * Errors of our functions, typed so callers decide on retry by class and
 * `retriable`, never by message text (as kafkajs does).
 */
export class MskAthenaError extends Error {
  constructor(message: string, readonly retriable: boolean) {
    super(message);
    this.name = new.target.name;
  }
}

/** A setting is missing or malformed; retrying cannot help. */
export class ConfigurationError extends MskAthenaError {
  constructor(readonly problems: readonly string[]) {
    super(`invalid settings: ${problems.join('; ')}`, false);
  }
}

/** A declared topic change Kafka cannot make (fewer partitions, another replication factor). */
export class TopicChangeRefused extends MskAthenaError {
  constructor(readonly topic: string, reason: string) {
    super(`topic ${topic}: ${reason}`, false);
  }
}

/** Kafka refused a change it was asked to make (a topic policy, a broker-side limit); one reason per topic. */
export class TopicChangeFailed extends MskAthenaError {
  constructor(readonly action: string, readonly reasons: readonly { topic: string; reason: string }[], retriable: boolean) {
    super(`${action} failed: ${reasons.map((r) => `topic ${r.topic}: ${r.reason}`).join('; ')}`, retriable);
  }
}
