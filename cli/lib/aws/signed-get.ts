import { createHash, createHmac } from 'node:crypto';

/*
 * A Signature Version 4 GET for the one API the project calls without an SDK
 * client: the Serverless Application Repository's (its @aws-sdk client is no
 * longer published on the SDK's release line). Small, read-only, JSON in and out.
 */

const hash = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();
/** RFC 3986 encoding, as SigV4 wants (encodeURIComponent leaves !'()* alone). */
const encode = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export interface SignedGet {
  readonly service: string;
  readonly region: string;
  /** Base URL, e.g. https://serverlessrepo.us-east-1.amazonaws.com. */
  readonly endpoint: string;
  /** Path segments, unencoded. */
  readonly segments: readonly string[];
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
  readonly now?: Date;
}

/** An error the service answered with, named as the SDK names them. */
export class AwsHttpError extends Error {
  constructor(
    readonly name: string,
    message: string,
    readonly $metadata: { httpStatusCode: number },
  ) {
    super(message);
  }
}

/** The URL and headers of a signed GET (no body). */
export function signGet(req: SignedGet): { url: string; headers: Record<string, string> } {
  const url = new URL(req.endpoint);
  const path = `${url.pathname.replace(/\/$/, '')}/${req.segments.map(encode).join('/')}`;
  const query = Object.entries(req.query ?? {})
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => `${encode(k)}=${encode(v)}`)
    .sort()
    .join('&');
  const stamp = (req.now ?? new Date()).toISOString().replace(/[-:]|\.\d{3}/g, '');
  const day = stamp.slice(0, 8);
  const headers: Record<string, string> = { host: url.host, 'x-amz-date': stamp };
  if (req.credentials.sessionToken) headers['x-amz-security-token'] = req.credentials.sessionToken;
  const names = Object.keys(headers).sort();
  // Every service but S3 signs the path encoded twice.
  const canonicalPath = path.split('/').map(encode).join('/');
  const canonical = ['GET', canonicalPath, query, names.map((n) => `${n}:${headers[n]}\n`).join(''), names.join(';'), hash('')].join('\n');
  const scope = `${day}/${req.region}/${req.service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', stamp, scope, hash(canonical)].join('\n');
  const key = [req.region, req.service, 'aws4_request'].reduce((k, part) => hmac(k, part), hmac(`AWS4${req.credentials.secretAccessKey}`, day));
  const signature = createHmac('sha256', key).update(toSign, 'utf8').digest('hex');
  const authorization = `AWS4-HMAC-SHA256 Credential=${req.credentials.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
  return { url: `${url.origin}${path}${query ? `?${query}` : ''}`, headers: { ...headers, authorization } };
}

export async function signedGetJson<T>(req: SignedGet): Promise<T> {
  const { url, headers } = signGet(req);
  const res = await fetch(url, { headers: { ...headers, accept: 'application/json' } });
  const text = await res.text();
  let body: Record<string, unknown>;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    body = { message: text.slice(0, 200) };
  }
  if (!res.ok) {
    const type = String(res.headers.get('x-amzn-errortype') ?? body.__type ?? body.errorCode ?? `HTTP${res.status}`)
      .split(':')[0]
      .split('#')
      .at(-1)!;
    throw new AwsHttpError(type, String(body.message ?? body.Message ?? `HTTP ${res.status}`), { httpStatusCode: res.status });
  }
  return body as T;
}
