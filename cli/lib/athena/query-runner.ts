import {
  GetQueryExecutionCommand,
  paginateGetQueryResults,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type AthenaClient,
  type QueryExecution,
} from '@aws-sdk/client-athena';

export interface QueryRequest {
  readonly sql: string;
  readonly workgroup: string;
  readonly catalog?: string;
  readonly database?: string;
  /** Stop paging after this many rows. @default 1000 */
  readonly maxRows?: number;
}

export interface QueryProgress {
  readonly queryId: string;
  readonly state: string;
  readonly elapsedMs: number;
  readonly scannedBytes: number;
}

export interface QueryResult {
  readonly queryId: string;
  readonly columns: string[];
  readonly rows: (string | null)[][];
  /** More rows exist than maxRows. */
  readonly truncated: boolean;
  readonly scannedBytes: number;
  readonly elapsedMs: number;
}

/** Athena ran the query and reported FAILED; `reason` is Athena's own. */
export class QueryFailed extends Error {
  constructor(
    readonly queryId: string,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'QueryFailed';
  }
}

/** The query was cancelled, by us (Ctrl-C) or in Athena. */
export class QueryCancelled extends Error {
  constructor(
    readonly queryId: string,
    readonly reason = 'cancelled',
  ) {
    super(reason);
    this.name = 'QueryCancelled';
  }
}

export interface RunOptions {
  readonly onProgress?: (p: QueryProgress) => void;
  /** Aborting stops the query in Athena too. */
  readonly signal?: AbortSignal;
  /** First and longest wait between status polls, in ms. @default [250, 2000] */
  readonly pollMs?: readonly [number, number];
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });

/**
 * Starts a query in the catalog/database context, polls it with backoff until it
 * ends, and pages through its results. Aborting the signal stops it in Athena.
 */
export async function runQuery(client: AthenaClient, request: QueryRequest, options: RunOptions = {}): Promise<QueryResult> {
  const started = Date.now();
  const [firstPoll, maxPoll] = options.pollMs ?? [250, 2000];
  const { QueryExecutionId: queryId } = await client.send(
    new StartQueryExecutionCommand({
      QueryString: request.sql,
      WorkGroup: request.workgroup,
      QueryExecutionContext: request.catalog || request.database ? { Catalog: request.catalog, Database: request.database } : undefined,
    }),
  );
  if (!queryId) throw new Error('Athena returned no query id');

  let execution: QueryExecution | undefined;
  for (let wait = firstPoll; ; wait = Math.min(maxPoll, Math.round(wait * 1.5))) {
    if (options.signal?.aborted) {
      await client.send(new StopQueryExecutionCommand({ QueryExecutionId: queryId }));
      throw new QueryCancelled(queryId, 'cancelled by you; the query was stopped in Athena');
    }
    ({ QueryExecution: execution } = await client.send(new GetQueryExecutionCommand({ QueryExecutionId: queryId })));
    const state = execution?.Status?.State ?? 'UNKNOWN';
    options.onProgress?.({ queryId, state, elapsedMs: Date.now() - started, scannedBytes: execution?.Statistics?.DataScannedInBytes ?? 0 });
    if (state === 'SUCCEEDED') break;
    if (state === 'FAILED')
      throw new QueryFailed(queryId, execution?.Status?.StateChangeReason ?? execution?.Status?.AthenaError?.ErrorMessage ?? 'no reason given');
    if (state === 'CANCELLED') throw new QueryCancelled(queryId, execution?.Status?.StateChangeReason ?? 'cancelled in Athena');
    await sleep(wait, options.signal);
  }

  const maxRows = request.maxRows ?? 1000;
  const rows: (string | null)[][] = [];
  let columns: string[] = [];
  let first = true;
  let truncated = false;
  for await (const page of paginateGetQueryResults({ client, pageSize: 1000 }, { QueryExecutionId: queryId })) {
    if (first) columns = (page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((c) => c.Label ?? c.Name ?? '');
    let data = (page.ResultSet?.Rows ?? []).map((r) => (r.Data ?? []).map((d) => d.VarCharValue ?? null));
    // For SELECT (DML) results, the first row of the first page repeats the column labels.
    if (first && execution?.StatementType === 'DML' && data.length > 0 && data[0].every((v, i) => v === columns[i])) data = data.slice(1);
    first = false;
    const before = rows.length;
    rows.push(...data.slice(0, maxRows - rows.length));
    // More rows than asked for, on this page or on a next one: stop paging.
    if (rows.length === maxRows && (data.length > rows.length - before || page.NextToken)) {
      truncated = true;
      break;
    }
  }
  return { queryId, columns, rows, truncated, scannedBytes: execution?.Statistics?.DataScannedInBytes ?? 0, elapsedMs: Date.now() - started };
}
