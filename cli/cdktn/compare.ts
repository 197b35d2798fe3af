import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/*
 * Two synthesized trees (cdktf.out of cdktf and of CDK Terrain) compared file by
 * file: JSON as canonical JSON (keys sorted) without the framework's own
 * version, everything else (function zips) byte for byte.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** Where each framework writes its own version: the only difference allowed. */
function withoutFrameworkVersion(file: string, json: Json): Json {
  const copy = structuredClone(json);
  if (file.endsWith('cdk.tf.json') && copy?.['//']?.metadata) delete copy['//'].metadata.version;
  if (file.endsWith('manifest.json')) delete copy.version;
  return copy;
}

/** JSON with object keys sorted at every level, so key order never counts as a difference. */
export function canonical(value: Json): string {
  const sort = (v: Json): Json =>
    Array.isArray(v)
      ? v.map(sort)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sort(v[k])]),
          )
        : v;
  return JSON.stringify(sort(value));
}

/** The JSON paths where `a` and `b` differ (`resource.aws_s3_bucket.x.bucket`), at most `limit`. */
export function differingPaths(a: Json, b: Json, limit = 5, at = ''): string[] {
  if (canonical(a) === canonical(b)) return [];
  const objects = a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b);
  if (!objects) return [at || '(root)'];
  const out: string[] = [];
  for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    if (out.length >= limit) break;
    out.push(...differingPaths(a[key], b[key], limit - out.length, at ? `${at}.${key}` : key));
  }
  return out;
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(join(dir, f)).isFile())
    .map((f) => f.split(sep).join('/'))
    .sort();
}

export interface TreeComparison {
  /** Files present in both and compared. */
  readonly compared: number;
  /** One line per difference: the file and what differs. */
  readonly differences: string[];
}

/** Compares every file of two synthesized trees; `label` names them in the lines (e.g. cdktf / cdktn). */
export function compareTrees(a: string, b: string, label: readonly [string, string] = ['a', 'b']): TreeComparison {
  const left = filesUnder(a);
  const right = filesUnder(b);
  const differences = [
    ...left.filter((f) => !right.includes(f)).map((f) => `${f}: written by ${label[0]} only`),
    ...right.filter((f) => !left.includes(f)).map((f) => `${f}: written by ${label[1]} only`),
  ];
  const both = left.filter((f) => right.includes(f));
  for (const file of both) {
    const [x, y] = [readFileSync(join(a, file)), readFileSync(join(b, file))];
    if (file.endsWith('.json')) {
      const [jx, jy] = [withoutFrameworkVersion(file, JSON.parse(x.toString('utf8'))), withoutFrameworkVersion(file, JSON.parse(y.toString('utf8')))];
      const paths = differingPaths(jx, jy);
      if (paths.length > 0) differences.push(`${file}: differs at ${paths.join(', ')}`);
    } else if (!x.equals(y)) {
      differences.push(`${file}: bytes differ (${x.length} and ${y.length} bytes)`);
    }
  }
  return { compared: both.length, differences };
}

/** Project-relative form of a path for messages. */
export const shown = (root: string, path: string) => relative(root, path) || '.';
