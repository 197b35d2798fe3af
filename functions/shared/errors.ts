/**
 * Errors of our functions, typed so callers decide on retry by class and
 * `retriable`, never by message text (as kafkajs does).
 */
export class MskAthenaError extends Error {
  constructor(
    message: string,
    readonly retriable: boolean,
  ) {
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

/**
 * Declared topic changes refused before anything was changed: what Kafka cannot
 * do, and what would lose data or change meaning without a confirmation. One
 * line each (refusalText).
 */
export class TopicChangeRefused extends MskAthenaError {
  readonly topics: readonly string[];
  constructor(
    readonly refusals: readonly string[],
    topics: readonly string[],
  ) {
    super(`refused ${refusals.length === 1 ? 'a topic change' : `${refusals.length} topic changes`}, nothing was changed: ${refusals.join('; ')}`, false);
    this.topics = [...new Set(topics)];
  }
}

/** Kafka refused a change it was asked to make (a topic policy, a broker-side limit); one reason per topic. */
export class TopicChangeFailed extends MskAthenaError {
  constructor(
    readonly action: string,
    readonly reasons: readonly { topic: string; reason: string }[],
    retriable: boolean,
  ) {
    super(`${action} failed: ${reasons.map((r) => `topic ${r.topic}: ${r.reason}`).join('; ')}`, retriable);
  }
}
