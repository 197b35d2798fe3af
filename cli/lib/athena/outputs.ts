import { existsSync, readFileSync } from 'node:fs';

/** What `cdktf deploy --outputs-file` wrote for an environment's analytics stack. */
export interface DeployedOutputs {
  readonly workgroup?: string;
  readonly catalog?: string;
  readonly region?: string;
}

/**
 * Defaults for the query tools from the deploy outputs file, when it exists:
 * `{ "<env>-analytics": { "workgroup": ..., "catalog_name": ..., "region": ... } }`.
 */
export function readDeployedOutputs(file: string, env: string): DeployedOutputs {
  if (!existsSync(file)) return {};
  let parsed: Record<string, Record<string, unknown>>;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new Error(`${file} is not valid JSON; rerun cdktf deploy with --outputs-file ${file}, or pass --workgroup and --catalog`);
  }
  const stack = parsed[`${env}-analytics`] ?? {};
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return { workgroup: str(stack.workgroup), catalog: str(stack.catalog_name), region: str(stack.region) };
}
