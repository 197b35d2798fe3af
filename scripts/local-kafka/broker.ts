import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { portOpen, runningPid, sleep, stopProcess } from '../background-process';
import { ensureCredentials, readCredentials, type LocalCredentials } from './credentials';
import { ensureIamValidator, ensureKafkaJars, KAFKA_VERSION, type Progress } from './jars';
import { ensureTlsFiles, tlsFiles, type LocalTlsFiles } from './tls';

export { ensureKafkaJars, KAFKA_VERSION, type LocalCredentials, type LocalTlsFiles, type Progress };

/*
 * A single-node KRaft Kafka broker on 127.0.0.1, run from Apache Kafka's jars on
 * Maven Central with the machine's Java 17: the local loop and the integration
 * tests use it instead of Docker. One folder holds its jars, data, config, log
 * and pid, so several brokers (a developer's and a test run's) can coexist.
 *
 * Beside plaintext it listens the three ways MSK does, on MSK's port offsets
 * (9092 + 2 TLS, + 4 SASL/SCRAM, + 6 IAM): mutual TLS with a local CA, SASL_SSL
 * SCRAM-SHA-512 with one user, and SASL_SSL OAUTHBEARER accepting only tokens
 * of the MSK IAM signer made with this broker's test credentials.
 */

/** The region the IAM listener checks tokens for, unless told otherwise (the local Glue stand-in's too). */
export const LOCAL_IAM_REGION = 'us-east-1';

/** How a client reaches this broker: plaintext, or one of MSK's three authenticated listeners. */
export type LocalAuth = 'plaintext' | 'tls' | 'scram' | 'iam';

/** MSK's listener ports relative to its plaintext 9092. */
export const LISTENER_OFFSETS: Readonly<Record<LocalAuth, number>> = { plaintext: 0, tls: 2, scram: 4, iam: 6 };

const PROJECT_ROOT = join(__dirname, '..', '..');

export interface LocalKafkaOptions {
  /** @default 19092 */
  readonly port?: number;
  /** @default port + 1 */
  readonly controllerPort?: number;
  /** Folder for data, config, log and pid. @default <project>/.cache/kafka/run-<port> */
  readonly workDir?: string;
  /** Java heap. @default '512m' */
  readonly heap?: string;
  /** The region whose IAM tokens the IAM listener accepts. @default LOCAL_IAM_REGION */
  readonly iamRegion?: string;
}

export interface StartOptions {
  /** @default 60000 */
  readonly timeoutMs?: number;
  /** Told each step of a first start (fetching jars, making certificates), which can take a while. */
  readonly progress?: Progress;
}

export class LocalKafkaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LocalKafkaError';
  }
}

export class LocalKafka {
  readonly port: number;
  readonly controllerPort: number;
  readonly workDir: string;
  private readonly heap: string;
  private readonly iamRegion: string;

  constructor(options: LocalKafkaOptions = {}) {
    this.port = options.port ?? 19092;
    this.controllerPort = options.controllerPort ?? this.port + 1;
    this.workDir = options.workDir ?? join(PROJECT_ROOT, '.cache', 'kafka', `run-${this.port}`);
    this.heap = options.heap ?? '512m';
    this.iamRegion = options.iamRegion ?? LOCAL_IAM_REGION;
  }

  /** Bootstrap string for plaintext clients. */
  get brokers(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** The port of each listener. */
  get listeners(): Readonly<Record<LocalAuth, number>> {
    return { plaintext: this.port, tls: this.port + 2, scram: this.port + 4, iam: this.port + 6 };
  }

  /** Bootstrap string of one listener. */
  bootstrap(auth: LocalAuth): string {
    return `127.0.0.1:${this.listeners[auth]}`;
  }

  /** The CA, and the client certificate the mutual TLS listener requires (made at the first start). */
  get tls(): LocalTlsFiles {
    return tlsFiles(join(this.workDir, 'tls'));
  }

  private get credentialsFile(): string {
    return join(this.workDir, 'credentials.json');
  }

  /** The SCRAM user and the IAM test credentials, once the broker has started in this folder. */
  credentials(): LocalCredentials | undefined {
    return readCredentials(this.credentialsFile);
  }

  get logFile(): string {
    return join(this.workDir, 'broker.log');
  }

  private get pidFile(): string {
    return join(this.workDir, 'broker.pid');
  }

  /** Pid of the running broker, if any. */
  pid(): number | undefined {
    return runningPid(this.pidFile);
  }

  private writeConfig(tls: LocalTlsFiles, credentials: LocalCredentials): string {
    const dataDir = join(this.workDir, 'data');
    const l = this.listeners;
    const at = (name: string, port: number) => `${name}://127.0.0.1:${port}`;
    const addresses = [at('PLAINTEXT', l.plaintext), at('TLS', l.tls), at('SCRAM', l.scram), at('IAM', l.iam)].join(',');
    const iam = credentials.iam;
    mkdirSync(dataDir, { recursive: true });
    const config = join(this.workDir, 'server.properties');
    writeFileSync(
      config,
      [
        'process.roles=broker,controller',
        'node.id=1',
        `controller.quorum.voters=1@127.0.0.1:${this.controllerPort}`,
        `listeners=${addresses},CONTROLLER://127.0.0.1:${this.controllerPort}`,
        `advertised.listeners=${addresses}`,
        'controller.listener.names=CONTROLLER',
        'inter.broker.listener.name=PLAINTEXT',
        'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,TLS:SSL,SCRAM:SASL_SSL,IAM:SASL_SSL,CONTROLLER:PLAINTEXT',
        // One certificate for all TLS listeners; PEM files need no keystore password.
        'ssl.keystore.type=PEM',
        `ssl.keystore.location=${tls.brokerKeystore}`,
        'ssl.truststore.type=PEM',
        `ssl.truststore.location=${tls.ca}`,
        // Mutual TLS as MSK's 9094 with client authentication: no certificate signed by the CA, no connection.
        'listener.name.tls.ssl.client.auth=required',
        'listener.name.scram.sasl.enabled.mechanisms=SCRAM-SHA-512',
        'listener.name.scram.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;',
        'listener.name.iam.sasl.enabled.mechanisms=OAUTHBEARER',
        'listener.name.iam.oauthbearer.sasl.server.callback.handler.class=dev.mskathena.local.MskIamTokenValidator',
        // The login module needs a subject for the broker's own (unused) token; the rest configures the check.
        'listener.name.iam.oauthbearer.sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required ' +
          `unsecuredLoginStringClaim_sub="broker" accessKeyId="${iam.accessKeyId}" secretAccessKey="${iam.secretAccessKey}" region="${iam.region}";`,
        `log.dirs=${dataDir}`,
        // As on MSK with our configuration: topics are made by the topics function only.
        'auto.create.topics.enable=false',
        'num.partitions=3',
        'offsets.topic.replication.factor=1',
        'transaction.state.log.replication.factor=1',
        'transaction.state.log.min.isr=1',
        'group.initial.rebalance.delay.ms=0',
        'log.retention.check.interval.ms=60000',
      ].join('\n') + '\n',
    );
    writeFileSync(
      join(this.workDir, 'log4j.properties'),
      [
        'log4j.rootLogger=INFO, stdout',
        'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
        'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
        'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
        'log4j.logger.kafka=INFO',
        'log4j.logger.org.apache.kafka=WARN',
      ].join('\n') + '\n',
    );
    return config;
  }

  private java(libs: string, mainClass: string, args: string[]): void {
    execFileSync('java', ['-cp', join(libs, '*'), `-Dlog4j.configuration=file:${join(this.workDir, 'log4j.properties')}`, mainClass, ...args], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }

  private scramEntry(c: LocalCredentials): string {
    return `SCRAM-SHA-512=[name=${c.scram.username},password=${c.scram.password}]`;
  }

  /** KRaft needs its storage formatted with a cluster id (22 chars of base64url) once; the SCRAM user is made with it. */
  private formatStorage(libs: string, config: string, credentials: LocalCredentials): void {
    // base64url may begin with "-", which the storage tool would read as an option: keep the first character a letter.
    const clusterId = `k${randomBytes(16).toString('base64url').slice(1)}`;
    this.java(libs, 'kafka.tools.StorageTool', ['format', '-t', clusterId, '-c', config, '--ignore-formatted', '--add-scram', this.scramEntry(credentials)]);
  }

  /** Starts the broker (keeping any data from before) and waits until every listener accepts connections. */
  async start(options: number | StartOptions = {}): Promise<void> {
    const { timeoutMs = 60_000, progress = () => {} } = typeof options === 'number' ? { timeoutMs: options } : options;
    if (this.pid()) return;
    for (const [auth, port] of Object.entries(this.listeners)) {
      if (await portOpen(port)) {
        throw new LocalKafkaError(
          `port ${port} (the ${auth} listener, --port + ${LISTENER_OFFSETS[auth as LocalAuth]}) is already taken by another process; stop it or choose another --port N (at least 7 away), then give every tool --local-port N`,
        );
      }
    }
    mkdirSync(this.workDir, { recursive: true });
    const libs = await ensureKafkaJars(progress);
    const freshTls = !existsSync(this.tls.ca);
    const tls = ensureTlsFiles(join(this.workDir, 'tls'));
    if (freshTls) progress(`made a CA, the broker's and a client certificate in ${join(this.workDir, 'tls')}`);
    const validator = ensureIamValidator(libs, progress);
    const formatted = existsSync(join(this.workDir, 'data', 'meta.properties'));
    const { credentials, created } = ensureCredentials(this.credentialsFile, this.iamRegion);
    const config = this.writeConfig(tls, credentials);
    if (!formatted) this.formatStorage(libs, config, credentials);
    const logOffset = existsSync(this.logFile) ? statSync(this.logFile).size : 0;
    const log = openSync(this.logFile, 'a');
    const child = spawn(
      'java',
      [
        `-Xms128m`,
        `-Xmx${this.heap}`,
        '-XX:+UseSerialGC',
        '-XX:TieredStopAtLevel=1',
        '-Djava.awt.headless=true',
        `-Dlog4j.configuration=file:${join(this.workDir, 'log4j.properties')}`,
        '-cp',
        `${join(libs, '*')}:${validator}`,
        'kafka.Kafka',
        config,
      ],
      { detached: true, stdio: ['ignore', log, log] },
    );
    closeSync(log);
    child.unref();
    writeFileSync(this.pidFile, String(child.pid));
    const deadline = Date.now() + timeoutMs;
    const ports = Object.values(this.listeners);
    for (;;) {
      if (!this.pid()) throw new LocalKafkaError(`the broker exited during start; see ${this.logFile}`);
      // The log is appended to across restarts: only this start's lines count.
      const started = readFileSync(this.logFile).subarray(logOffset).includes('Kafka Server started');
      if (started && (await Promise.all(ports.map(portOpen))).every(Boolean)) break;
      if (Date.now() > deadline) throw new LocalKafkaError(`the broker did not start within ${timeoutMs / 1000} s; see ${this.logFile}`);
      await sleep(200);
    }
    // Data from before the SCRAM listener existed has no SCRAM user yet.
    if (formatted && created)
      this.java(libs, 'kafka.admin.ConfigCommand', [
        '--bootstrap-server',
        this.brokers,
        '--alter',
        '--entity-type',
        'users',
        '--entity-name',
        credentials.scram.username,
        '--add-config',
        this.scramEntry(credentials).replace('name=' + credentials.scram.username + ',', ''),
      ]);
  }

  /** Stops the broker cleanly (SIGTERM), then forcibly if it lingers. */
  async stop(timeoutMs = 30_000): Promise<void> {
    await stopProcess(this.pidFile, timeoutMs);
  }

  /** kill -9: the broker gets no chance to flush or close anything. */
  async crash(): Promise<void> {
    const pid = this.pid();
    if (!pid) throw new LocalKafkaError('no broker is running');
    process.kill(pid, 'SIGKILL');
    while (this.pid()) await sleep(20);
  }

  /** Stops the broker and deletes its data. */
  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.workDir, { recursive: true, force: true });
  }
}
