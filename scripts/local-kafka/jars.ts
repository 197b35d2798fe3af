import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/*
 * What the local broker runs: Apache Kafka's jars from Maven Central (copied
 * once with Maven into a cache all brokers share) and the IAM token check,
 * compiled against them. Nothing else is installed for it: no Python, no
 * Docker image.
 */

export const KAFKA_VERSION = '3.9.1';
const PROJECT_ROOT = join(__dirname, '..', '..');
const VERSION_DIR = join(PROJECT_ROOT, '.cache', 'kafka', KAFKA_VERSION);

/** One line of progress for a person waiting on a first start. */
export type Progress = (line: string) => void;

const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

function megabytes(dir: string): string {
  const bytes = readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
  return `${(bytes / 1e6).toFixed(0)} MB`;
}

/**
 * Copies the broker's runtime classpath from Maven Central once. Maven writes
 * into a staging folder that is renamed when complete, so an interrupted first
 * start is never mistaken for a finished one.
 */
export async function ensureKafkaJars(progress: Progress = () => {}): Promise<string> {
  const libs = join(VERSION_DIR, 'libs');
  if (existsSync(join(libs, `kafka_2.13-${KAFKA_VERSION}.jar`))) return libs;
  const staging = `${libs}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const started = Date.now();
  progress(`fetching Apache Kafka ${KAFKA_VERSION} and its runtime jars from Maven Central with mvn into ${relative(PROJECT_ROOT, libs)} (first start only)`);
  const args = [
    '-B',
    '-Dstyle.color=never',
    '-f',
    join(__dirname, 'pom.xml'),
    'dependency:copy-dependencies',
    `-DoutputDirectory=${staging}`,
    '-DincludeScope=runtime',
    `-Dkafka.version=${KAFKA_VERSION}`,
  ];
  const output: string[] = [];
  let copied = 0;
  let lastReport = Date.now();
  const code = await new Promise<number | string>((resolve) => {
    const child = spawn('mvn', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const consume = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        output.push(line);
        if (output.length > 40) output.shift();
        // Maven's own lines are one per file downloaded: a count every few seconds says it is moving.
        if (/^(\[INFO\] )?(Downloaded from|Copying) /.test(line)) copied++;
        if (Date.now() - lastReport > 5_000) {
          lastReport = Date.now();
          progress(`  ... ${copied} files downloaded or copied so far, ${seconds(started)}`);
        }
      }
    };
    child.stdout.on('data', consume);
    child.stderr.on('data', consume);
    child.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    child.once('close', (exitCode) => resolve(exitCode ?? 1));
  });
  if (code !== 0) {
    const detail = output
      .filter((l) => /ERROR|Could not|resolve/i.test(l))
      .slice(0, 3)
      .join(' | ');
    throw new Error(
      code === 'ENOENT'
        ? 'mvn is not on PATH: the local broker fetches Apache Kafka from Maven Central with Maven once (apt install maven, brew install maven)'
        : `could not fetch Kafka ${KAFKA_VERSION} jars with Maven (exit ${code}); check that Maven Central is reachable${detail ? `: ${detail}` : ''}`,
    );
  }
  rmSync(libs, { recursive: true, force: true });
  renameSync(staging, libs);
  progress(`fetched ${readdirSync(libs).length} jars (${megabytes(libs)}) in ${seconds(started)}`);
  return libs;
}

/**
 * Compiles the broker-side IAM token check against the Kafka jars, once per
 * version of its source; returns the folder to put on the broker's classpath.
 */
export function ensureIamValidator(libs: string, progress: Progress = () => {}): string {
  const source = join(__dirname, 'iam', 'MskIamTokenValidator.java');
  const hash = createHash('sha256').update(readFileSync(source)).digest('hex').slice(0, 12);
  const classes = join(VERSION_DIR, `iam-validator-${hash}`);
  if (existsSync(join(classes, 'dev', 'mskathena', 'local', 'MskIamTokenValidator.class'))) return classes;
  const started = Date.now();
  const staging = `${classes}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    execFileSync('javac', ['-nowarn', '--release', '17', '-cp', join(libs, '*'), '-d', staging, source], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: Buffer };
    throw new Error(
      e.code === 'ENOENT'
        ? 'javac is not on PATH: the local broker compiles its IAM token check once with a JDK 17 (not a JRE)'
        : `javac failed on ${source}: ${e.stderr?.toString().trim()}`,
      { cause: err },
    );
  }
  rmSync(classes, { recursive: true, force: true });
  renameSync(staging, classes);
  progress(`compiled the IAM listener's token check in ${seconds(started)}`);
  return classes;
}
