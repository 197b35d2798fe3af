import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * One endpoint for the preflight: it answers what moto's server lacks itself
 * (the Serverless Application Repository, Lambda's account settings, MSK clusters
 * in a chosen state with SCRAM secrets) and passes every other call to moto. The
 * service is read from the request's SigV4 credential scope, as AWS routes it.
 */

export interface FakeCluster {
  readonly arn: string;
  readonly name: string;
  state: string;
  /** MSK's clientAuthentication, as the API returns it (camelCase). */
  clientAuthentication: Record<string, unknown>;
  scramSecrets: string[];
}

export interface FakeAws {
  readonly url: string;
  /** `service Operation-ish path` of each call this server answered itself. */
  readonly calls: string[];
  /** Published AthenaMSKConnector versions. */
  connectorVersions: string[];
  accountLimit: { ConcurrentExecutions: number; UnreservedConcurrentExecutions: number };
  clusters: FakeCluster[];
  close(): Promise<void>;
}

const serviceOf = (req: IncomingMessage) => /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\//.exec(String(req.headers.authorization ?? ''))?.[1] ?? '';

export async function startFakeAws(motoUrl: string): Promise<FakeAws> {
  const moto = new URL(motoUrl);
  const fake: Omit<FakeAws, 'url' | 'close'> = {
    calls: [],
    connectorVersions: ['2025.46.1', '2026.33.1'],
    accountLimit: { ConcurrentExecutions: 1000, UnreservedConcurrentExecutions: 1000 },
    clusters: [],
  };
  const send = (res: ServerResponse, status: number, body: unknown, type?: string) => {
    res.writeHead(status, { 'content-type': 'application/json', ...(type ? { 'x-amzn-errortype': type } : {}) });
    res.end(JSON.stringify(body));
  };
  const own = (req: IncomingMessage, res: ServerResponse): boolean => {
    const service = serviceOf(req);
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (service === 'serverlessrepo') {
      fake.calls.push(`serverlessrepo ${path}`);
      const app = /^\/applications\/(.+)\/versions$/.exec(path)?.[1];
      if (!app?.endsWith(':applications/AthenaMSKConnector')) send(res, 404, { message: `no application ${app}` }, 'NotFoundException');
      else send(res, 200, { versions: fake.connectorVersions.map((semanticVersion) => ({ applicationId: app, semanticVersion })) });
      return true;
    }
    if (service === 'lambda' && /\/account-settings\/?$/.test(path)) {
      fake.calls.push('lambda GetAccountSettings');
      send(res, 200, {
        AccountLimit: { ...fake.accountLimit, TotalCodeSize: 80530636800, CodeSizeUnzipped: 262144000, CodeSizeZipped: 52428800 },
        AccountUsage: { TotalCodeSize: 0, FunctionCount: 0 },
      });
      return true;
    }
    if (service === 'kafka') {
      fake.calls.push(`kafka ${path}`);
      const info = (c: FakeCluster) => ({
        clusterArn: c.arn,
        clusterName: c.name,
        state: c.state,
        clusterType: 'PROVISIONED',
        provisioned: { clientAuthentication: c.clientAuthentication },
      });
      const scram = /^\/v1\/clusters\/(.+)\/scram-secrets$/.exec(path);
      const one = /^\/api\/v2\/clusters\/(.+)$/.exec(path);
      const cluster = fake.clusters.find((c) => c.arn === (scram?.[1] ?? one?.[1]));
      if (path === '/api/v2/clusters') send(res, 200, { clusterInfoList: fake.clusters.map(info) });
      else if (!cluster) send(res, 404, { message: 'The requested resource was not found.' }, 'NotFoundException');
      else if (scram) send(res, 200, { secretArnList: cluster.scramSecrets });
      else send(res, 200, { clusterInfo: info(cluster) });
      return true;
    }
    return false;
  };
  const server: Server = createServer((req, res) => {
    if (own(req, res)) return;
    const upstream = request(
      { host: moto.hostname, port: moto.port, method: req.method, path: req.url, headers: { ...req.headers, host: moto.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (err) => send(res, 502, { message: String(err) }));
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  }) as FakeAws;
}
