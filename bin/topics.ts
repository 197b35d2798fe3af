/**
 * `npm run topics -- --local [--env dev] [--brokers LIST]`: makes the declared
 * topics exist with their settings, with the same code the topics function runs
 * from Terraform. Prints what it changed.
 */
import { parseArgs } from 'node:util';
import { loadEnvironmentConfig } from '../config/load';
import { describePlan, ensureTopics } from '../functions/topics/reconcile';
import { InputError } from '../modules/shared/problems';
import { declaredTopics } from '../modules/topics/declared-topics';
import { cliKafka, KAFKA_OPTIONS } from './kafka-cli';
import { projectRegistries } from './project-schemas';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      local: { type: 'boolean', default: false },
      env: { type: 'string', default: 'dev' },
      ...KAFKA_OPTIONS,
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || (!values.local && !values.brokers)) {
    console.log('usage: npm run topics -- --local | --brokers host:port,... [--env dev] [--auth iam|plaintext] [--region R]');
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const config = loadEnvironmentConfig(values.env);
  const desired = declaredTopics(config, projectRegistries());
  // A single local broker cannot hold more than one replica.
  const topics = values.local ? desired.map((t) => ({ ...t, replicationFactor: 1, configs: { ...t.configs, 'min.insync.replicas': '1' } })) : desired;
  const admin = cliKafka(values, 'msk-athena-topics').kafka.admin();
  await admin.connect();
  try {
    console.log(`topics: ${describePlan(await ensureTopics(admin, topics))}`);
  } finally {
    await admin.disconnect();
  }
}

main().catch((err: Error) => {
  console.error(err instanceof InputError ? err.message : `topics: ${err.message}`);
  process.exitCode = 1;
});
