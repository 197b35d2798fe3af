/**
 * `npm run topics -- --local [--env dev] [--brokers LIST]`: makes the declared
 * topics exist with their settings, with the same code the topics function runs
 * from Terraform. Prints what it changed.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadEnvironmentConfig } from '../config/load';
import { MskAthenaError } from '../functions/shared/errors';
import { createKafka } from '../functions/shared/kafka-client';
import { kafkaSettingsFromEnv } from '../functions/shared/settings';
import { QUIET } from './quiet';
import { describePlan, ensureTopics } from '../functions/topics/reconcile';
import { readSchemaFolder } from '../modules/registry/schema-folder';
import { InputError } from '../modules/shared/problems';
import { declaredTopics } from '../modules/topics/declared-topics';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      local: { type: 'boolean', default: false },
      env: { type: 'string', default: 'dev' },
      brokers: { type: 'string' },
      auth: { type: 'string' },
      region: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || (!values.local && !values.brokers)) {
    console.log('usage: npm run topics -- --local | --brokers host:port,... [--env dev] [--auth iam|plaintext] [--region R]');
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const root = join(__dirname, '..');
  const config = loadEnvironmentConfig(values.env);
  const desired = declaredTopics(config, readSchemaFolder(join(root, 'schemas'), root));
  // A single local broker cannot hold more than one replica.
  const topics = values.local ? desired.map((t) => ({ ...t, replicationFactor: 1, configs: { ...t.configs, 'min.insync.replicas': '1' } })) : desired;
  const settings = kafkaSettingsFromEnv({
    KAFKA_BROKERS: values.brokers ?? '127.0.0.1:19092',
    KAFKA_AUTH: values.auth ?? (values.brokers ? 'iam' : 'plaintext'),
    AWS_REGION: values.region ?? process.env.AWS_REGION,
    KAFKA_CLIENT_ID: 'msk-athena-topics',
  });
  const admin = createKafka(settings, QUIET).admin();
  await admin.connect();
  try {
    console.log(`topics: ${describePlan(await ensureTopics(admin, topics))}`);
  } finally {
    await admin.disconnect();
  }
}

main().catch((err: Error) => {
  console.error(err instanceof InputError ? err.message : err instanceof MskAthenaError ? `topics: ${err.message}` : `topics: ${err.message}`);
  process.exitCode = 1;
});
