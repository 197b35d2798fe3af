/**
 * `npm run topics -- --local [--env dev] [--brokers LIST]`: makes the declared
 * topics exist with their settings, with the same code the topics function runs
 * from Terraform. Prints what it changed.
 */
import { loadEnvironmentConfig } from '../config/load';
import { describePlan, ensureTopics } from '../functions/topics/reconcile';
import { declaredTopics } from '../config/declared-topics';
import { cliMain, UsageError } from './cli';
import { cliKafka, describeKafkaError, isLocal, KAFKA_OPTIONS, KAFKA_USAGE } from './kafka-cli';
import { projectRegistries } from './project-schemas';

const USAGE = `usage: npm run topics -- --local [--env dev]
       npm run topics -- --brokers LIST [--env dev] [options]
  --local            the local broker (npm run kafka:up), one replica per topic; --auth picks its listener
  --env NAME         environment whose topic settings to apply (default dev)
${KAFKA_USAGE}
  -h, --help         this text`;

cliMain({ name: 'topics', usage: USAGE, options: { env: { type: 'string' }, ...KAFKA_OPTIONS } } as const, async ({ values }) => {
  if (!isLocal(values) && !values.brokers) throw new UsageError('say which cluster: --local or --brokers LIST');
  const config = loadEnvironmentConfig(values.env ?? 'dev');
  const desired = declaredTopics(config, projectRegistries());
  // A single local broker cannot hold more than one replica.
  const topics = isLocal(values) ? desired.map((t) => ({ ...t, replicationFactor: 1, configs: { ...t.configs, 'min.insync.replicas': '1' } })) : desired;
  const admin = (await cliKafka(values, 'msk-athena-topics')).kafka.admin();
  await admin.connect();
  try {
    console.log(`topics: ${describePlan(await ensureTopics(admin, topics))}`);
  } finally {
    await admin.disconnect();
  }
}, describeKafkaError);
