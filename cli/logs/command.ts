/**
 * `npm run logs -- connector|producer|topics|topics-plan [--env E] [--since 1h] [--follow] [--filter TEXT]`:
 * a function's CloudWatch Logs, one line per event, found by the names the stacks give.
 */
import { CloudWatchLogsClient, FilterLogEventsCommand, type FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import { functionAbsence, functionNames, PROJECT_FUNCTIONS, type ProjectFunction } from '../../config/function-names';
import { configLabel, DEFAULT_ENVIRONMENT, loadEnvironmentConfig } from '../../config/load';
import { lambdaLogGroupName } from '../../core/aws-facts';
import { closestMatch } from '../../core/suggest';
import { describeAwsError } from '../lib/aws/errors';
import { formatLogEvent, parseDuration } from './log-lines';
import { runCli, UsageError } from '../lib/command';

const USAGE = `usage: npm run logs -- connector|producer|topics|topics-plan [options]

A function's CloudWatch Logs, oldest first, one line per event:
<UTC time> <log stream's short id> <message without the runtime's prefix>.

  --env NAME         environment (default ${DEFAULT_ENVIRONMENT}); its config names the function and region
  --since DURATION   how far back: 30m, 1h, 2d, ... (default 1h)
  --follow           keep printing new events until Ctrl-C
  --filter TEXT      a CloudWatch Logs filter pattern: a word (ERROR), a "quoted phrase",
                     ?alternatives (?ERROR ?WARN), -exclusions, or a JSON pattern
  --region REGION    AWS region (default: the environment's)
  --endpoint-url URL another CloudWatch Logs endpoint (e.g. a local emulator)
  -h, --help         this text`;

const spec = {
  name: 'logs',
  usage: USAGE,
  allowPositionals: true,
  options: {
    env: { type: 'string' },
    since: { type: 'string' },
    follow: { type: 'boolean' },
    filter: { type: 'string' },
    region: { type: 'string' },
    'endpoint-url': { type: 'string' },
  },
} as const;

/** How often --follow asks for new events: CloudWatch Logs usually shows an event within seconds. */
const FOLLOW_POLL_MS = 2_000;

export interface ReadLogsOptions {
  readonly logGroup: string;
  /** Epoch milliseconds of the oldest event wanted. */
  readonly startTime: number;
  readonly filterPattern?: string;
  readonly follow?: boolean;
  /** Stops --follow. */
  readonly signal?: AbortSignal;
  readonly pollMs?: number;
  readonly print: (line: string) => void;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/**
 * Prints the group's events from `startTime`, page by page, then with `follow`
 * polls from the newest time seen. Events at that time are fetched again by the
 * next poll, so their ids are remembered to print each event once.
 */
export async function readLogs(client: CloudWatchLogsClient, options: ReadLogsOptions): Promise<number> {
  let startTime = options.startTime;
  let seenAtStart = new Set<string>();
  let printed = 0;
  for (;;) {
    let nextToken: string | undefined;
    const batch: FilteredLogEvent[] = [];
    try {
      do {
        const page = await client.send(
          new FilterLogEventsCommand({
            logGroupName: options.logGroup,
            startTime,
            filterPattern: options.filterPattern,
            nextToken,
          }),
          { abortSignal: options.signal },
        );
        batch.push(...(page.events ?? []));
        nextToken = page.nextToken;
      } while (nextToken && !options.signal?.aborted);
    } catch (err) {
      if (options.signal?.aborted) return printed;
      throw err;
    }
    // Streams are searched one after another: order the page set by time, as a reader expects.
    batch.sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0));
    for (const event of batch) {
      if (event.eventId && seenAtStart.has(event.eventId)) continue;
      options.print(formatLogEvent(event));
      printed++;
    }
    if (!options.follow || options.signal?.aborted) return printed;
    const newest = batch.at(-1)?.timestamp;
    if (newest !== undefined && newest >= startTime) {
      seenAtStart = new Set([
        ...(newest === startTime ? seenAtStart : []),
        ...batch.filter((e) => e.timestamp === newest).flatMap((e) => (e.eventId ? [e.eventId] : [])),
      ]);
      startTime = newest;
    }
    await sleep(options.pollMs ?? FOLLOW_POLL_MS, options.signal);
    if (options.signal?.aborted) return printed;
  }
}

export function main(argv: string[], print: (line: string) => void = (line) => console.log(line)): Promise<number> {
  let service = 'CloudWatch Logs';
  return runCli(
    spec,
    async ({ values, positionals }) => {
      if (positionals.length !== 1) throw new UsageError(`say which function: ${PROJECT_FUNCTIONS.join(', ')}`);
      const fn = positionals[0];
      if (!PROJECT_FUNCTIONS.includes(fn as ProjectFunction)) {
        const near = closestMatch(fn, PROJECT_FUNCTIONS);
        throw new UsageError(`"${fn}" is not a function of this project${near ? ` (did you mean ${near}?)` : ''}; use ${PROJECT_FUNCTIONS.join(', ')}`);
      }
      const since = parseDuration(values.since ?? '1h');
      if (since === undefined) throw new UsageError(`--since must be a duration such as 30m, 1h or 2d, got "${values.since}"`);
      const env = values.env ?? DEFAULT_ENVIRONMENT;
      const config = loadEnvironmentConfig(env);
      const absent = functionAbsence(config, fn as ProjectFunction);
      if (absent) throw new Error(`${configLabel(env)}: ${absent.setting} ${absent.reason}; there are no ${fn} logs to read`);
      const logGroup = lambdaLogGroupName(functionNames(config)[fn as ProjectFunction]);
      const region = values.region ?? config.region;
      const endpoint = values['endpoint-url'];
      service = endpoint ?? `CloudWatch Logs in ${region}`;
      const client = new CloudWatchLogsClient({ region, endpoint, maxAttempts: 3 });
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once('SIGINT', stop);
      try {
        const printed = await readLogs(client, {
          logGroup,
          startTime: Date.now() - since,
          filterPattern: values.filter,
          follow: values.follow,
          signal: controller.signal,
          print,
        });
        if (printed === 0 && !values.follow)
          console.error(`no events in ${logGroup} in the last ${values.since ?? '1h'}${values.filter ? ` matching ${JSON.stringify(values.filter)}` : ''}`);
        return 0;
      } catch (err) {
        const e = err as { name?: string };
        if (e?.name === 'ResourceNotFoundException') {
          throw new Error(
            `no log group ${logGroup} in ${region}: the ${fn} function of ${env} is not deployed there (cdktf deploy '${env}-*'), or --region/--env name another place`,
            {
              cause: err,
            },
          );
        }
        if (e?.name === 'InvalidParameterException' && values.filter) {
          throw new Error(`CloudWatch Logs refused --filter ${JSON.stringify(values.filter)}: ${(err as Error).message}`, { cause: err });
        }
        throw err;
      } finally {
        process.off('SIGINT', stop);
      }
    },
    argv,
    (err) => describeAwsError(err, service),
  );
}
