import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigurationError, MskAthenaError } from '../shared/errors';
import { createKafka } from '../shared/kafka-client';
import { SchemaVersions } from '../shared/schema-versions';
import { kafkaSettingsFromEnv } from '../shared/settings';
import { produce, summaryLine, type ProduceSummary } from './produce';
import { PRODUCER_MAX_DURATION_SECONDS } from '../../core/limits';
import { TABLES_FILE, type ProducerTable } from '../../core/tables/producer-tables';

const pacing = z.object({
  PRODUCER_RECORDS_PER_SECOND: z.coerce.number().int().min(0),
  PRODUCER_DURATION_SECONDS: z.coerce.number().int().min(1).max(PRODUCER_MAX_DURATION_SECONDS),
});

/** Scheduled by EventBridge (one invocation per target); writes sample traffic for every table. */
export async function handler(event: { target?: number } = {}): Promise<ProduceSummary> {
  const env = pacing.safeParse(process.env);
  if (!env.success) throw new ConfigurationError(env.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  const tables = JSON.parse(readFileSync(join(__dirname, TABLES_FILE), 'utf8')) as ProducerTable[];
  const summary = await produce(createKafka(kafkaSettingsFromEnv()), tables, {
    recordsPerSecond: env.data.PRODUCER_RECORDS_PER_SECOND,
    durationSeconds: env.data.PRODUCER_DURATION_SECONDS,
    schemaVersions: new SchemaVersions(),
  });
  console.log(`${summaryLine(summary)} (target ${event.target ?? 0})`);
  if (summary.errors > 0) throw new MskAthenaError(`${summary.errors} records were not written; see the log above`, true);
  return summary;
}
