import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { portOpen, runningPid, sleep, stopProcess } from '../background-process';

/*
 * A single-node KRaft Kafka broker on 127.0.0.1, run from Apache Kafka's jars on
 * Maven Central with the machine's Java 17: the local loop and the integration
 * tests use it instead of Docker. One folder holds its jars, data, config, log
 * and pid, so several brokers (a developer's and a test run's) can coexist.
 */

const PROJECT_ROOT = join(__dirname, '..', '..');
export const KAFKA_VERSION = '3.9.1';

export interface LocalKafkaOptions {
  /** @default 19092 */
  readonly port?: number;
  /** @default port + 1 */
  readonly controllerPort?: number;
  /** Folder for data, config, log and pid. @default <project>/.cache/kafka/run-<port> */
  readonly workDir?: string;
  /** Java heap. @default '512m' */
  readonly heap?: string;
}

export class LocalKafkaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LocalKafkaError';
  }
}

/** Copies the broker's runtime classpath from Maven Central once, into a cache shared by all brokers. */
export function ensureKafkaJars(): string {
  const libs = join(PROJECT_ROOT, '.cache', 'kafka', KAFKA_VERSION, 'libs');
  if (existsSync(join(libs, `kafka_2.13-${KAFKA_VERSION}.jar`))) return libs;
  mkdirSync(libs, { recursive: true });
  try {
    execFileSync(
      'mvn',
      ['-q', '-B', '-Dstyle.color=never', '-f', join(__dirname, 'pom.xml'), 'dependency:copy-dependencies', `-DoutputDirectory=${libs}`, '-DincludeScope=runtime', `-Dkafka.version=${KAFKA_VERSION}`],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
  } catch {
    throw new LocalKafkaError(`could not fetch Kafka ${KAFKA_VERSION} jars with Maven; check that mvn runs and Maven Central is reachable`);
  }
  return libs;
}


export class LocalKafka {
  readonly port: number;
  readonly controllerPort: number;
  readonly workDir: string;
  private readonly heap: string;

  constructor(options: LocalKafkaOptions = {}) {
    this.port = options.port ?? 19092;
    this.controllerPort = options.controllerPort ?? this.port + 1;
    this.workDir = options.workDir ?? join(PROJECT_ROOT, '.cache', 'kafka', `run-${this.port}`);
    this.heap = options.heap ?? '512m';
  }

  /** Bootstrap string for clients. */
  get brokers(): string {
    return `127.0.0.1:${this.port}`;
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

  private writeConfig(): string {
    const dataDir = join(this.workDir, 'data');
    mkdirSync(dataDir, { recursive: true });
    const config = join(this.workDir, 'server.properties');
    writeFileSync(
      config,
      [
        'process.roles=broker,controller',
        'node.id=1',
        `controller.quorum.voters=1@127.0.0.1:${this.controllerPort}`,
        `listeners=PLAINTEXT://127.0.0.1:${this.port},CONTROLLER://127.0.0.1:${this.controllerPort}`,
        `advertised.listeners=PLAINTEXT://127.0.0.1:${this.port}`,
        'controller.listener.names=CONTROLLER',
        'inter.broker.listener.name=PLAINTEXT',
        'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
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
      ['log4j.rootLogger=INFO, stdout', 'log4j.appender.stdout=org.apache.log4j.ConsoleAppender', 'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout', 'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n', 'log4j.logger.kafka=INFO', 'log4j.logger.org.apache.kafka=WARN'].join('\n') + '\n',
    );
    const formatted = existsSync(join(dataDir, 'meta.properties'));
    if (!formatted) {
      // KRaft needs its storage formatted with a cluster id (22 chars of base64url) once.
      const clusterId = randomBytes(16).toString('base64url');
      execFileSync('java', ['-cp', join(ensureKafkaJars(), '*'), `-Dlog4j.configuration=file:${join(this.workDir, 'log4j.properties')}`, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', config, '--ignore-formatted'], {
        stdio: ['ignore', 'ignore', 'inherit'],
      });
    }
    return config;
  }

  /** Starts the broker (keeping any data from before) and waits until it accepts connections. */
  async start(timeoutMs = 60_000): Promise<void> {
    if (this.pid()) return;
    if (await portOpen(this.port)) {
      throw new LocalKafkaError(`port ${this.port} is already taken by another process; stop it or choose another port`);
    }
    mkdirSync(this.workDir, { recursive: true });
    const libs = ensureKafkaJars();
    const config = this.writeConfig();
    const log = openSync(this.logFile, 'a');
    const child = spawn(
      'java',
      [`-Xms128m`, `-Xmx${this.heap}`, '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Djava.awt.headless=true', `-Dlog4j.configuration=file:${join(this.workDir, 'log4j.properties')}`, '-cp', join(libs, '*'), 'kafka.Kafka', config],
      { detached: true, stdio: ['ignore', log, log] },
    );
    closeSync(log);
    child.unref();
    writeFileSync(this.pidFile, String(child.pid));
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.pid()) throw new LocalKafkaError(`the broker exited during start; see ${this.logFile}`);
      if (await portOpen(this.port) && readFileSync(this.logFile, 'utf8').includes('Kafka Server started')) return;
      await sleep(200);
    }
    throw new LocalKafkaError(`the broker did not start within ${timeoutMs / 1000} s; see ${this.logFile}`);
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
