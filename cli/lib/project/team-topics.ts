import { configLabel, environmentNames, loadEnvironmentConfig } from '../../../config/load';
import { teamTopics } from '../../../config/declared-topics';

/**
 * The topics any environment's configuration marks as a team's (topics.overrides.<topic>.sampleRecords
 * false), each with where it says so. A tool pointed at a cluster by address cannot tell which environment
 * that cluster is, so a mark in any of them counts.
 */
export function teamTopicsByEnvironment(): Map<string, string> {
  const marked = new Map<string, string>();
  for (const env of environmentNames()) {
    for (const topic of teamTopics(loadEnvironmentConfig(env))) {
      const where = `${configLabel(env)} topics.overrides.${topic}.sampleRecords is false`;
      marked.set(topic, marked.has(topic) ? `${marked.get(topic)}; ${where}` : where);
    }
  }
  return marked;
}
