import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configWarnings, environmentNames, loadEnvironmentConfig, resolveEnvironmentConfig } from '../../config/load';
import { BUILT_IN_ENVIRONMENTS, presetFor } from '../../config/presets';
import { zoneCount } from '../../config/schema';
import { brokerLayout } from '../../core/kafka/broker-layout';
import { formatProblem, InputError } from '../../core/problems';

function configDirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'msk-athena-config-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError)
      return err.message
        .split('\n')
        .slice(1)
        .map((l) => l.trim());
    throw err;
  }
  throw new Error('expected an InputError');
}

describe('environment config', () => {
  it('gives dev a complete default with no file', () => {
    const dev = loadEnvironmentConfig('dev', { configDir: configDirWith({}) });
    expect(dev).toMatchObject({
      name: 'dev',
      region: 'us-east-1',
      network: { availabilityZones: 2, natGateway: false },
      msk: { mode: 'provisioned' },
      connector: { catalogName: 'msk_dev', databasePrefix: 'dev_', semanticVersion: '2026.33.1', functionName: 'dev-athena-msk-connector' },
    });
    expect(dev.state).toBeUndefined();
    // The broker settings are the cluster's defaults, which the preset does not restate.
    expect(dev.msk).not.toHaveProperty('brokerCount');
    expect(brokerLayout(zoneCount(dev), dev.msk).settings).toEqual({ brokerCount: 2, defaultReplicationFactor: 2, minInsyncReplicas: 1 });
  });

  it('gives prod production-grade defaults', () => {
    const prod = resolveEnvironmentConfig('prod', {});
    expect(prod.network.availabilityZones).toBe(3);
    // One broker per zone and min.insync.replicas one below replication are the cluster's defaults; replication 3 is not.
    expect(prod.msk).toMatchObject({ defaultReplicationFactor: 3 });
    expect(prod.msk).not.toHaveProperty('brokerCount');
    expect(prod.msk).not.toHaveProperty('minInsyncReplicas');
    expect(brokerLayout(zoneCount(prod), prod.msk).settings).toEqual({ brokerCount: 3, defaultReplicationFactor: 3, minInsyncReplicas: 2 });
  });

  it("states in a preset only the broker settings that differ from the cluster's defaults", () => {
    const keys = ['brokerCount', 'defaultReplicationFactor', 'minInsyncReplicas'] as const;
    const restated = BUILT_IN_ENVIRONMENTS.flatMap((env) => {
      const config = resolveEnvironmentConfig(env, {});
      const preset = presetFor(env).msk;
      const byDefault = (key: (typeof keys)[number]) => brokerLayout(zoneCount(config), { ...config.msk, [key]: undefined }).settings[key];
      return keys.filter((key) => preset[key] !== undefined && preset[key] === byDefault(key)).map((key) => `${env}: msk.${key}`);
    });
    expect(restated).toEqual([]);
  });

  it('overlays a file over the preset, key by key', () => {
    const dir = configDirWith({ 'dev.json': JSON.stringify({ region: 'eu-west-1', msk: { brokerCount: 4 } }) });
    const dev = loadEnvironmentConfig('dev', { configDir: dir, rootDir: dir });
    expect(dev.region).toBe('eu-west-1');
    expect(dev.msk.brokerCount).toBe(4);
    // Left to the construct's default (ProvisionedCluster), which the preset does not restate.
    expect(dev.msk.instanceType).toBeUndefined();
    expect(dev.msk.defaultReplicationFactor).toBeUndefined();
    expect(brokerLayout(zoneCount(dev), dev.msk).settings).toEqual({ brokerCount: 4, defaultReplicationFactor: 2, minInsyncReplicas: 1 });
  });

  it('names the file and key of an unknown key, with the known key it is close to at any depth', () => {
    const dir = configDirWith({
      'dev.json': JSON.stringify({
        Region: 'us-east-1',
        msk: { brokerCout: 2, brokers: 3 },
        topics: { overrides: { orders: { partitons: 6 } } },
        state: { bucket: 'my-state', keyprefix: 'x' },
      }),
    });
    expect(problemsOf(() => loadEnvironmentConfig('dev', { configDir: dir, rootDir: dir }))).toEqual([
      'dev.json: msk.brokerCout: unknown key; did you mean `brokerCount`?',
      'dev.json: msk.brokers: unknown key; remove it or correct its spelling (see the configuration reference in docs/configuration.md)',
      'dev.json: topics.overrides.orders.partitons: unknown key; did you mean `partitions`?',
      'dev.json: state.keyprefix: unknown key; did you mean `keyPrefix`?',
      'dev.json: Region: unknown key; did you mean `region`?',
    ]);
  });

  it('suggests no key the file may not set', () => {
    expect(problemsOf(() => resolveEnvironmentConfig('dev', { nmae: 'x' }))).toEqual([
      'config(dev): nmae: unknown key; remove it or correct its spelling (see the configuration reference in docs/configuration.md)',
    ]);
  });

  it('refuses a region a typo away from one AWS has, naming it', () => {
    expect(problemsOf(() => resolveEnvironmentConfig('dev', { region: 'us-est-1', state: { bucket: 'my-state', region: 'eu-west-l' } }))).toEqual([
      'config(dev): region: "us-est-1" is not an AWS region; did you mean us-east-1? (if us-est-1 is a region AWS opened since this project\'s list was written, add it to AWS_REGIONS in core/aws-facts.ts)',
      'config(dev): state.region: "eu-west-l" is not an AWS region; did you mean eu-west-1?',
    ]);
    expect(problemsOf(() => resolveEnvironmentConfig('dev', { region: 'US-EAST-1' }))).toEqual([
      'config(dev): region: "US-EAST-1" is not an AWS region; did you mean us-east-1?',
    ]);
    expect(problemsOf(() => resolveEnvironmentConfig('dev', { region: 'Frankfurt' }))).toEqual([
      'config(dev): region: expected an AWS region; write one such as eu-west-1',
    ]);
  });

  it('names the key of a wrong value and what would be right', () => {
    expect(problemsOf(() => resolveEnvironmentConfig('dev', { msk: { brokerCount: 3 } }))).toEqual([
      'config(dev): msk.brokerCount: 3 brokers cannot be spread evenly over 2 Availability Zones; use a multiple of 2, such as 2 or 4',
    ]);
    expect(problemsOf(() => resolveEnvironmentConfig('dev', { connector: { functionName: 'Bad Name' } }))).toEqual([
      'config(dev): connector.functionName: expected 1-64 of a-z, 0-9, - and _; the connector template refuses other names',
    ]);
  });

  it('reports every problem at once', () => {
    const lines = problemsOf(() => resolveEnvironmentConfig('dev', { region: 'mars', athena: { bytesScannedCutoffMb: 1 }, logRetentionDays: 2 }));
    expect(lines.map((l) => l.split(':')[1].trim())).toEqual(['region', 'athena.bytesScannedCutoffMb', 'logRetentionDays']);
  });

  it('refuses a file that is not JSON, naming the file', () => {
    const dir = configDirWith({ 'dev.json': '{ region: ' });
    expect(problemsOf(() => loadEnvironmentConfig('dev', { configDir: dir, rootDir: dir }))[0]).toBe(
      'dev.json: is not valid JSON at line 1, column 3; fix the syntax',
    );
  });

  it('lists dev plus each config file', () => {
    const dir = configDirWith({ 'prod.json': '{}', 'staging.json': '{}', 'notes.txt': '' });
    expect(environmentNames({ configDir: dir })).toEqual(['dev', 'prod', 'staging']);
  });
});

describe('config warnings', () => {
  it('warns of a new number in a known area, naming the regions there: AWS may have opened it since', () => {
    const config = resolveEnvironmentConfig('dev', { region: 'eu-central-3' });
    expect(configWarnings(config, 'config/dev.json').map(formatProblem)).toEqual([
      'config/dev.json: region: "eu-central-3" is not an AWS region this project knows (AWS may have opened it after the list was written); check the spelling; regions in that area: eu-central-1, eu-central-2; if it is a new region, add it to AWS_REGIONS in core/aws-facts.ts',
    ]);
  });

  it('warns of a region far from every known one, and does not refuse it', () => {
    const config = resolveEnvironmentConfig('dev', { region: 'xx-newplace-1' });
    expect(configWarnings(config, 'config/dev.json').map(formatProblem)).toEqual([
      'config/dev.json: region: "xx-newplace-1" is not an AWS region this project knows (AWS may have opened it after the list was written); check the spelling; if it is a new region, add it to AWS_REGIONS in core/aws-facts.ts',
    ]);
  });

  it('warns of the placeholder state bucket, and of nothing in the presets', () => {
    expect(configWarnings(resolveEnvironmentConfig('dev', {}), 'x')).toEqual([]);
    expect(
      configWarnings(resolveEnvironmentConfig('prod', { state: { bucket: 'change-me-msk-athena-terraform-state' } }), 'config/prod.json').map((w) => w.field),
    ).toEqual(['state.bucket']);
  });
});

describe('alerts config', () => {
  it('defaults to a topic of our own, no subscriptions, and no thresholds of its own (the alarm constructs own them)', () => {
    const dev = resolveEnvironmentConfig('dev', {});
    expect(dev.alerts).toEqual({ emails: [], thresholds: {} });
    expect(resolveEnvironmentConfig('prod', {}).alerts).toEqual(dev.alerts);
  });

  it("takes one threshold and leaves the others to the alarms' defaults", () => {
    const c = resolveEnvironmentConfig('dev', { alerts: { emails: ['ops@example.com'], thresholds: { brokerCpuPercent: 50 } } });
    expect(c.alerts.emails).toEqual(['ops@example.com']);
    expect(c.alerts.thresholds).toEqual({ brokerCpuPercent: 50 });
  });

  it('names the field of a bad address, a repeated one, a bad topic ARN and a percentage out of range', () => {
    const lines = problemsOf(() =>
      resolveEnvironmentConfig('dev', {
        alerts: {
          emails: ['ops', 'a@example.com', 'A@example.com'],
          topicArn: 'arn:aws:sqs:us-east-1:111122223333:q',
          thresholds: { brokerDiskUsedPercent: 120 },
        },
      }),
    );
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/alerts\.emails(\[0\])?.*expected an email address.*ops@example\.com/),
        expect.stringMatching(/alerts\.emails.*repeats an address/),
        expect.stringMatching(/alerts\.topicArn.*expected an SNS topic ARN/),
        expect.stringMatching(/alerts\.thresholds\.brokerDiskUsedPercent/),
      ]),
    );
  });

  it('refuses a FIFO topic and a topic of another region, which alarms cannot notify', () => {
    expect(problemsOf(() => resolveEnvironmentConfig('dev', { alerts: { topicArn: 'arn:aws:sns:us-east-1:111122223333:ops.fifo' } }))).toEqual([
      expect.stringMatching(/alerts\.topicArn.*FIFO topic/),
    ]);
    expect(problemsOf(() => resolveEnvironmentConfig('dev', { alerts: { topicArn: 'arn:aws:sns:eu-west-1:111122223333:ops' } }))).toEqual([
      expect.stringMatching(/alerts\.topicArn.*is in eu-west-1, the alarms in us-east-1.*give a topic of us-east-1/),
    ]);
  });

  it('takes adoptedClusterBrokers only for an adopted provisioned cluster', () => {
    expect(problemsOf(() => resolveEnvironmentConfig('dev', { alerts: { adoptedClusterBrokers: 3 } }))).toEqual([
      expect.stringMatching(/alerts\.adoptedClusterBrokers.*has no use without msk\.existing/),
    ]);
    const serverless = {
      network: { existing: { vpcId: 'vpc-0a1b2c3d', subnetIds: ['subnet-0a1b2c3d', 'subnet-0e5f6a7b'], routeTableIds: ['rtb-0c1d2e3f'] } },
      msk: { existing: { clusterArn: 'arn:aws:kafka:us-east-1:111122223333:cluster/sl/9f8e7d6c-1111-2222-3333-444455556666-s1', authentication: 'iam' } },
    };
    expect(problemsOf(() => resolveEnvironmentConfig('dev', { ...serverless, alerts: { adoptedClusterBrokers: 3 } }))).toEqual([
      expect.stringMatching(/alerts\.adoptedClusterBrokers.*MSK Serverless, which publishes no broker metrics/),
    ]);
    const provisioned = {
      ...serverless,
      msk: { existing: { ...serverless.msk.existing, clusterArn: serverless.msk.existing.clusterArn.replace('-s1', '-2') } },
    };
    expect(resolveEnvironmentConfig('dev', { ...provisioned, alerts: { adoptedClusterBrokers: 3 } }).alerts.adoptedClusterBrokers).toBe(3);
  });
});
