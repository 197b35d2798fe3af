import { logLevel } from 'kafkajs';

/**
 * Command-line tools report outcomes themselves; kafkajs's own log lines
 * (transient coordinator and metadata retries) would only bury them.
 */
export const QUIET = { logLevel: logLevel.NOTHING } as const;
