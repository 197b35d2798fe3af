import { resourceNames } from './resource-names';
import type { EnvironmentConfig } from './schema';

/** The Lambda functions an environment may deploy, by the name users give them on the command line. */
export const PROJECT_FUNCTIONS = ['connector', 'producer', 'topics', 'topics-plan'] as const;
export type ProjectFunction = (typeof PROJECT_FUNCTIONS)[number];

/**
 * The function names of an environment, in one place: the stacks name the
 * functions with them and the tools (npm run logs) find them with them.
 */
export function functionNames(config: EnvironmentConfig): Readonly<Record<ProjectFunction, string>> {
  return {
    connector: config.connector.functionName,
    topics: resourceNames(config.name).topicsFunction,
    'topics-plan': resourceNames(config.name).topicsPlanFunction,
    producer: resourceNames(config.name).producerFunction,
  };
}

/** Why the environment deploys no such function (and which setting decides it), or undefined when it does. */
export function functionAbsence(config: EnvironmentConfig, fn: ProjectFunction): { setting: string; reason: string } | undefined {
  if (fn === 'producer' && !config.producer.enabled) {
    return { setting: 'producer.enabled', reason: 'is false, so this environment deploys no producer' };
  }
  if ((fn === 'topics' || fn === 'topics-plan') && !config.topics.manage) {
    return { setting: 'topics.manage', reason: 'is false, so this environment deploys no topics function (the topics are managed elsewhere)' };
  }
  return undefined;
}
