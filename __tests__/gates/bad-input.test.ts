import { cpSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthesize } from '../../app';
import { InputError } from '../../core/problems';
import { FIXTURE } from '../helpers/synth';

/**
 * Bad input through the whole app, as `npm run synth` runs it: each case must
 * fail with exactly the expected lines and leave no output folder behind.
 */
function run(
  setup: (root: string) => void,
  { requireRemote = false, environments }: { requireRemote?: boolean; environments?: string[] } = {},
): { lines: string[]; wrote: boolean } {
  const root = mkdtempSync(join(tmpdir(), 'msk-athena-bad-'));
  cpSync(join(FIXTURE, 'schemas'), join(root, 'schemas'), { recursive: true });
  cpSync(join(FIXTURE, 'queries'), join(root, 'queries'), { recursive: true });
  mkdirSync(join(root, 'config'));
  setup(root);
  const outdir = join(root, 'cdktf.out');
  try {
    synthesize({ rootDir: root, outdir, requireRemoteState: requireRemote, environments });
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return {
      lines: err.message
        .split('\n')
        .slice(1)
        .map((l) => l.trim()),
      wrote: existsSync(outdir),
    };
  }
  throw new Error('synthesis succeeded');
}

const schema = (path: string, doc: unknown) => (root: string) => {
  mkdirSync(join(root, 'schemas', path, '..'), { recursive: true });
  writeFileSync(join(root, 'schemas', path), typeof doc === 'string' ? doc : JSON.stringify(doc));
};
const config = (env: string, body: unknown) => (root: string) =>
  writeFileSync(join(root, 'config', `${env}.json`), typeof body === 'string' ? body : JSON.stringify(body));
const orders = (fields: unknown[], message: object = {}) => ({ topicName: 'orders', message: { dataFormat: 'json', fields, ...message } });
const query = (path: string, text: string) => (root: string) => {
  mkdirSync(join(root, 'queries', path, '..'), { recursive: true });
  writeFileSync(join(root, 'queries', path), text);
};
const F = 'schemas/customer/orders.json';
const C = 'config/dev.json';

const CASES: [string, (root: string) => void, string[]][] = [
  ['schema: not JSON', schema('customer/orders.json', '{'), [`${F}: is not valid JSON at line 1, column 2; fix the syntax`]],
  ['schema: a JSON array', schema('customer/orders.json', '[]'), [`${F}: expected a JSON object; write {"topicName": "...", "message": {...}}`]],
  [
    'schema: topic name with a slash',
    schema('customer/orders.json', { ...orders([{ name: 'a', mapping: 'a', type: 'INT' }]), topicName: 'a/b' }),
    [`${F}: topicName: is not a Kafka topic name; use 1-249 of a-z, A-Z, 0-9, ".", "_" and "-"`],
  ],
  [
    'schema: dataFormat Json',
    schema('customer/orders.json', orders([{ name: 'a', mapping: 'a', type: 'INT' }], { dataFormat: 'Json' })),
    [`${F}: message.dataFormat: "Json" is not a data format the connector reads; write exactly "json" or "csv" (lower case)`],
  ],
  ['schema: no fields', schema('customer/orders.json', orders([])), [`${F}: message.fields: is empty; describe at least one field`]],
  [
    'schema: ARRAY type',
    schema('customer/orders.json', orders([{ name: 'items', mapping: 'items', type: 'array<string>' }])),
    [
      `${F}: message.fields[0] (items).type: "array<string>" is not a type the connector reads (nested values come back empty); write nested values as JSON strings and type the field VARCHAR`,
    ],
  ],
  [
    'schema: ROW type',
    schema('customer/orders.json', orders([{ name: 'r', mapping: 'r', type: 'ROW(a INT)' }])),
    [
      `${F}: message.fields[0] (r).type: "ROW(a INT)" is not a type the connector reads (nested values come back empty); write nested values as JSON strings and type the field VARCHAR`,
    ],
  ],
  [
    'schema: REAL type',
    schema('customer/orders.json', orders([{ name: 'r', mapping: 'r', type: 'real' }])),
    [`${F}: message.fields[0] (r).type: "real" is not converted by the connector's json/csv parser (read as text, not a number); use DOUBLE`],
  ],
  [
    'schema: TIMESTAMP without formatHint',
    schema('customer/orders.json', orders([{ name: 't', mapping: 't', type: 'TIMESTAMP' }])),
    [
      `${F}: message.fields[0] (t).formatHint: is required for TIMESTAMP; give a Java SimpleDateFormat pattern such as "yyyy-MM-dd HH:mm:ss.SSS" (epoch numbers: type the field BIGINT)`,
    ],
  ],
  [
    'schema: formatHint with Q',
    schema('customer/orders.json', orders([{ name: 't', mapping: 't', type: 'DATE', formatHint: 'yyyy-Q' }])),
    [
      `${F}: message.fields[0] (t).formatHint: "yyyy-Q" has the unknown pattern letter 'Q' at position 6; write a Java SimpleDateFormat pattern (letters such as yyyy MM dd HH mm ss SSS, literals in single quotes)`,
    ],
  ],
  [
    'schema: formatHint without letters',
    schema('customer/orders.json', orders([{ name: 't', mapping: 't', type: 'DATE', formatHint: "'today'" }])),
    [
      `${F}: message.fields[0] (t).formatHint: "'today'" has no date or time letters; write a Java SimpleDateFormat pattern (letters such as yyyy MM dd HH mm ss SSS, literals in single quotes)`,
    ],
  ],
  [
    'schema: duplicate names',
    schema(
      'customer/orders.json',
      orders([
        { name: 'Id', mapping: 'a', type: 'INT' },
        { name: 'id', mapping: 'b', type: 'INT' },
      ]),
    ),
    [`${F}: message.fields[1] (id).name: "id" repeats fields[0].name (Athena ignores case); give each column a distinct name`],
  ],
  [
    'schema: csv mapping by name',
    schema('customer/orders.json', orders([{ name: 'a', mapping: 'a', type: 'INT' }], { dataFormat: 'csv' })),
    [`${F}: message.fields[0] (a).mapping: "a" is not a column index; csv mappings are 0-based column numbers such as "0"`],
  ],
  [
    'schema: boolean mapping',
    schema('customer/orders.json', orders([{ name: 'a', mapping: true, type: 'INT' }])),
    [`${F}: message.fields[0] (a).mapping: expected a string mapping, got true`],
  ],
  [
    'schema: unknown field key',
    schema('customer/orders.json', orders([{ name: 'a', mapping: 'a', type: 'INT', comment: 'x' }])),
    [
      `${F}: message.fields[0] (a).comment: unknown key; remove it; the connector reads topicName, message.dataFormat, message.fields and name, mapping, type, formatHint per field (and the sample producer reads sample)`,
    ],
  ],
  [
    'schema: dotted JSON mapping',
    schema('customer/orders.json', orders([{ name: 'brand', mapping: 'card.brand', type: 'VARCHAR' }])),
    [
      `${F}: message.fields[0] (brand).mapping: "card.brand" is a nested path, and the connector looks the whole mapping up as one top-level key (the column would always be NULL); map the top-level key "card" as VARCHAR (the producer writing it as a JSON string) and read json_extract_scalar(card, '$.brand') in SQL, or write the value under a top-level key of its own in the producer`,
    ],
  ],
  [
    'schema: misspelt faker method in a sample hint',
    schema('customer/orders.json', orders([{ name: 'email', mapping: 'email', type: 'VARCHAR', sample: { faker: 'internet.emial' } }])),
    [`${F}: message.fields[0] (email).sample.faker: "internet.emial" is not a faker method; use internet.email`],
  ],
  [
    'schema: sample range on a text field',
    schema('customer/orders.json', orders([{ name: 'sku', mapping: 'sku', type: 'VARCHAR', sample: { min: 1, max: 9 } }])),
    [
      `${F}: message.fields[0] (sku).sample: a min/max range makes numbers, and the column is VARCHAR; use values, pattern or faker for text, or type the field as a number`,
    ],
  ],
  [
    'schema: upper-case table file',
    schema('customer/Refunds.json', orders([{ name: 'a', mapping: 'a', type: 'INT' }])),
    ['schemas/customer/Refunds.json: table name "Refunds" is not lower-case letters, digits and _; rename the file, e.g. refunds.json'],
  ],
  [
    'schema: registry with a dot',
    schema('sales.eu/orders.json', orders([{ name: 'a', mapping: 'a', type: 'INT' }])),
    ['schemas/sales.eu: registry name "sales.eu" is not lower-case letters, digits and _; rename the folder, e.g. sales_eu'],
  ],
  [
    'schema: file outside registries',
    schema('stray.json', orders([{ name: 'a', mapping: 'a', type: 'INT' }])),
    ['schemas/stray.json: is not inside a registry folder; move it to schemas/<registry>/stray.json'],
  ],
  ['config: not JSON', config('dev', 'region: x'), [`${C}: is not valid JSON: unexpected "r"; fix the syntax`]],
  ['config: not an object', config('dev', '[]'), [`${C}: is not a JSON object; write {"region": "...", ...}`]],
  ['config: a name key', config('dev', { name: 'other' }), [`${C}: name: is taken from the file name; remove it; this file configures "dev"`]],
  ['config: unknown top-level key', config('dev', { regoin: 'eu-west-1' }), [`${C}: regoin: unknown key; did you mean \`region\`?`]],
  ['config: bad region', config('dev', { region: 'Frankfurt' }), [`${C}: region: expected an AWS region; write one such as eu-west-1`]],
  [
    'config: 4 zones',
    config('dev', { network: { availabilityZones: 4 } }),
    [`${C}: network.availabilityZones: expected 2 or 3; MSK spreads brokers over 2 or 3 Availability Zones`],
  ],
  [
    'config: CIDR too small',
    config('dev', { network: { vpcCidr: '10.0.0.0/28' } }),
    [`${C}: network.vpcCidr: expected an IPv4 CIDR from /16 to /22; write one such as 10.40.0.0/16`],
  ],
  [
    'config: odd broker count',
    config('dev', { msk: { brokerCount: 5 } }),
    [`${C}: msk.brokerCount: 5 brokers cannot be spread evenly over 2 Availability Zones; use a multiple of 2, such as 4 or 6`],
  ],
  [
    'config: broker count as text',
    config('dev', { msk: { brokerCount: '2' } }),
    [`${C}: msk.brokerCount: expected a whole number of brokers; write a number such as 3`],
  ],
  [
    'config: replication above brokers',
    config('dev', { msk: { defaultReplicationFactor: 3 } }),
    [
      `${C}: msk.defaultReplicationFactor: 3 replicas cannot fit on 2 brokers; use at most 2`,
      `${C}: msk.minInsyncReplicas: 1 leaves no replica to lose at replication 3; use at most 2`,
    ].slice(0, 1),
  ],
  [
    'config: min ISR equal to replication',
    config('dev', { msk: { minInsyncReplicas: 2 } }),
    [`${C}: msk.minInsyncReplicas: 2 leaves no replica to lose at replication 2; use at most 1`],
  ],
  ['config: unknown MSK mode', config('dev', { msk: { mode: 'express' } }), [`${C}: msk.mode: expected "provisioned" or "serverless"`]],
  [
    'config: bad connector version',
    config('dev', { connector: { semanticVersion: 'latest' } }),
    [`${C}: connector.semanticVersion: expected a published connector version; write one such as 2026.33.1 (aws serverlessrepo list-application-versions)`],
  ],
  [
    'config: connector timeout above 900',
    config('dev', { connector: { timeoutSeconds: 901 } }),
    [`${C}: connector.timeoutSeconds: Lambda stops at 900 seconds; use at most 900`],
  ],
  [
    'config: upper-case catalog',
    config('dev', { connector: { catalogName: 'MSK' } }),
    [`${C}: connector.catalogName: expected 1-127 of a-z, 0-9, _ and -; write one such as msk`],
  ],
  [
    'config: tiny scan cutoff',
    config('dev', { athena: { bytesScannedCutoffMb: 5 } }),
    [`${C}: athena.bytesScannedCutoffMb: Athena refuses cutoffs under 10 MB; use 10 or more`],
  ],
  ['config: 6 producer targets', config('dev', { producer: { targets: 6 } }), [`${C}: producer.targets: EventBridge allows 5 targets per rule; use at most 5`]],
  [
    'config: bad schedule',
    config('dev', { producer: { schedule: 'every minute' } }),
    [`${C}: producer.schedule: expected an EventBridge schedule; write rate(1 minute) or cron(...)`],
  ],
  [
    'config: retention of 10 days',
    config('dev', { logRetentionDays: 10 }),
    [`${C}: logRetentionDays: not a CloudWatch Logs retention; use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, ...`],
  ],
  [
    'config: override of an unknown topic',
    config('dev', { topics: { overrides: { ordres: { partitions: 6 } } } }),
    [`${C}: topics.overrides.ordres: no table in schemas/ reads this topic; use one of orders, sensor-readings`],
  ],
  [
    'config: existing VPC without route tables',
    config('dev', { network: { existing: { vpcId: 'vpc-0a', subnetIds: ['subnet-01', 'subnet-02'] } } }),
    [
      `${C}: network.existing.routeTableIds: the S3 gateway endpoint needs the subnets' route tables; list them, or set createEndpoints to false if the VPC has its own`,
    ],
  ],
  [
    'query: unknown placeholder',
    query('customer/daily.sql', '-- per day\nSELECT * FROM "{{catalog}}"."{{db}}"."orders"'),
    ['queries/customer/daily.sql: unknown placeholder {{db}}; use {{catalog}} or {{database}}'],
  ],
  [
    'query: no SQL',
    query('customer/empty.sql', '-- to do\n\n'),
    ['queries/customer/empty.sql: holds no SQL; write a query after the -- description line, or delete the file'],
  ],
  [
    'query: named like the sample query of a table',
    query('customer/orders-sample.sql', '-- mine\nSELECT 1'),
    [
      'queries/customer/orders-sample.sql: would replace the sample query of table customer.orders (both are saved as "customer-orders-sample"); rename the file',
    ],
  ],
  [
    'query: folder that is no database name',
    query('Customer-Reports/daily.sql', '-- per day\nSELECT 1'),
    [
      'queries/Customer-Reports: "Customer-Reports" is not a database name, and the folder names the queries\' database; name the folder after its schemas/ folder: lower-case letters, digits and _',
    ],
  ],
  ['config: bad state bucket', config('dev', { state: { bucket: 'My_Bucket' } }), [`${C}: state.bucket: expected an S3 bucket name`]],
];

describe('bad input fails synthesis with one exact line per problem and writes nothing', () => {
  it('covers at least 30 cases', () => expect(CASES.length).toBeGreaterThanOrEqual(30));

  it.each(CASES)('%s', (_name, setup, expected) => {
    const { lines, wrote } = run(setup);
    expect(lines).toEqual(expected);
    expect(wrote).toBe(false);
  });

  it('refuses an environment name that is neither built in nor configured (a typo)', () => {
    const { lines, wrote } = run(() => undefined, { environments: ['dev', 'prdo'] });
    expect(lines).toEqual([
      'config/prdo.json: environment "prdo" is neither built in (dev, prod) nor configured; check MSK_ATHENA_ENVIRONMENTS for a typo, or create config/prdo.json ({} takes the dev defaults)',
    ]);
    expect(wrote).toBe(false);
  });

  it('refuses, where state must be shared, an environment without a state bucket or with the placeholder', () => {
    const { lines, wrote } = run(config('prod', { state: { bucket: 'change-me-msk-athena-terraform-state' } }), { requireRemote: true });
    expect(lines).toEqual([
      'config(dev) built-in defaults: state: is missing, so state would be kept on the machine running Terraform, and this run needs shared state (MSK_ATHENA_REMOTE_STATE=required); add "state": {"bucket": "<your state bucket>"} to config/dev.json (docs/deploying.md, "A bucket for Terraform state")',
      'config/prod.json: state.bucket: "change-me-msk-athena-terraform-state" is the placeholder; set it to your Terraform state bucket (docs/deploying.md, "A bucket for Terraform state")',
    ]);
    expect(wrote).toBe(false);
  });

  it('synthesizes environments with real state buckets where state must be shared', () => {
    const root = mkdtempSync(join(tmpdir(), 'msk-athena-remote-'));
    cpSync(join(FIXTURE, 'schemas'), join(root, 'schemas'), { recursive: true });
    mkdirSync(join(root, 'config'));
    config('dev', { state: { bucket: 'acme-tfstate' } })(root);
    const result = synthesize({ rootDir: root, outdir: join(root, 'cdktf.out'), requireRemoteState: true });
    expect(result.stacks).toEqual(['dev-network', 'dev-streaming', 'dev-analytics', 'dev-monitoring']);
  });

  it('reports the problems of a schema file and a config file together', () => {
    const { lines, wrote } = run((root) => {
      schema('customer/orders.json', orders([{ name: 'a', mapping: 'a', type: 'MAP' }]))(root);
      config('dev', { msk: { brokerCount: 3 } })(root);
    });
    expect(lines.map((l) => l.split(': ').slice(0, 2).join(': '))).toEqual([`${C}: msk.brokerCount`, `${F}: message.fields[0] (a).type`]);
    expect(wrote).toBe(false);
  });
});
