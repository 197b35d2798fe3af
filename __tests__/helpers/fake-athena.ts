import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * A small HTTP server speaking Athena's JSON 1.1 protocol, for what moto's
 * server cannot do: FAILED queries with a reason, result paging, the catalog
 * listing calls, and saved queries fetched with BatchGetNamedQuery (moto has
 * no such operation). The real SDK talks to it over HTTP.
 */

export interface FakeQuery {
  /** States GetQueryExecution walks through, the last one repeating. */
  readonly states: string[];
  readonly reason?: string;
  readonly scannedBytes?: number;
  readonly columns?: string[];
  readonly rows?: string[][];
}

export interface FakeAthena {
  readonly url: string;
  /** Every call, as `Operation` names in order. */
  readonly calls: string[];
  /** What each started query does; chosen by a function of its SQL. */
  plan: (sql: string) => FakeQuery;
  databases: Record<string, string[]>;
  /** Answer StartQueryExecution with AccessDeniedException, as IAM would. */
  deny: boolean;
  /** The workgroup's saved queries; listed 50 a page, fetched at most 50 a call, as Athena does. */
  savedQueries: { name: string; database: string; sql: string }[];
  close(): Promise<void>;
}

const PAGE = 1000;

export async function startFakeAthena(): Promise<FakeAthena> {
  const queries = new Map<string, { q: FakeQuery; polls: number; sql: string; stopped: boolean }>();
  const fake: Omit<FakeAthena, 'url' | 'close'> = {
    calls: [],
    plan: () => ({ states: ['SUCCEEDED'], columns: [], rows: [] }),
    databases: {},
    deny: false,
    savedQueries: [],
  };
  let next = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const op = String(req.headers['x-amz-target'] ?? '').replace('AmazonAthena.', '');
      fake.calls.push(op);
      const input = body ? JSON.parse(body) : {};
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(payload));
      };
      const error = (type: string, message: string) => send(400, { __type: type, Message: message });
      switch (op) {
        case 'StartQueryExecution': {
          if (fake.deny)
            return error(
              'AccessDeniedException',
              'User: arn:aws:sts::111122223333:assumed-role/analyst/jo is not authorized to perform: athena:StartQueryExecution on resource: arn:aws:athena:us-east-1:111122223333:workgroup/wg',
            );
          const id = `q-${++next}`;
          queries.set(id, { q: fake.plan(input.QueryString), polls: 0, sql: input.QueryString, stopped: false });
          return send(200, { QueryExecutionId: id });
        }
        case 'GetQueryExecution': {
          const e = queries.get(input.QueryExecutionId);
          if (!e) return error('InvalidRequestException', `QueryExecution ${input.QueryExecutionId} was not found`);
          const state = e.stopped ? 'CANCELLED' : e.q.states[Math.min(e.polls++, e.q.states.length - 1)];
          return send(200, {
            QueryExecution: {
              QueryExecutionId: input.QueryExecutionId,
              Query: e.sql,
              StatementType: 'DML',
              Status: { State: state, ...(state === 'FAILED' ? { StateChangeReason: e.q.reason } : {}) },
              Statistics: { DataScannedInBytes: e.q.scannedBytes ?? 0 },
            },
          });
        }
        case 'StopQueryExecution': {
          const e = queries.get(input.QueryExecutionId);
          if (e) e.stopped = true;
          return send(200, {});
        }
        case 'GetQueryResults': {
          const e = queries.get(input.QueryExecutionId)!;
          const columns = e.q.columns ?? [];
          const all = [columns, ...(e.q.rows ?? [])];
          const start = Number(input.NextToken ?? 0);
          const size = Math.min(input.MaxResults ?? PAGE, PAGE);
          const page = all.slice(start, start + size);
          return send(200, {
            ResultSet: {
              Rows: page.map((r) => ({ Data: r.map((v) => ({ VarCharValue: v })) })),
              ResultSetMetadata: { ColumnInfo: columns.map((c) => ({ Name: c, Label: c, Type: 'varchar' })) },
            },
            ...(start + size < all.length ? { NextToken: String(start + size) } : {}),
          });
        }
        case 'ListNamedQueries': {
          const start = Number(input.NextToken ?? 0);
          const size = Math.min(input.MaxResults ?? 50, 50);
          const ids = fake.savedQueries.slice(start, start + size).map((_, i) => `nq-${start + i}`);
          return send(200, { NamedQueryIds: ids, ...(start + size < fake.savedQueries.length ? { NextToken: String(start + size) } : {}) });
        }
        case 'BatchGetNamedQuery': {
          const ids: string[] = input.NamedQueryIds ?? [];
          if (ids.length < 1 || ids.length > 50) return error('InvalidRequestException', `NamedQueryIds must hold 1 to 50 ids, got ${ids.length}`);
          const found = ids.map((id) => [id, fake.savedQueries[Number(id.slice(3))]] as const);
          return send(200, {
            NamedQueries: found
              .filter(([, q]) => q)
              .map(([id, q]) => ({ NamedQueryId: id, Name: q.name, Database: q.database, QueryString: q.sql, WorkGroup: 'wg' })),
            UnprocessedNamedQueryIds: found.filter(([, q]) => !q).map(([id]) => ({ NamedQueryId: id, ErrorCode: 'INVALID_INPUT', ErrorMessage: 'not found' })),
          });
        }
        case 'ListDatabases': {
          if (input.CatalogName !== 'msk') return error('MetadataException', `Catalog ${input.CatalogName} not found`);
          return send(200, { DatabaseList: Object.keys(fake.databases).map((Name) => ({ Name })) });
        }
        case 'ListTableMetadata':
          return send(200, { TableMetadataList: (fake.databases[input.DatabaseName] ?? []).map((Name) => ({ Name, TableType: 'EXTERNAL_TABLE' })) });
        default:
          return error('UnknownOperationException', `fake Athena does not do ${op}`);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  }) as FakeAthena;
}
