import type { EnvironmentConfig } from '../../config/schema';
import { describeAwsError, isAccessDenied } from '../lib/aws/errors';
import type { AwsClients } from '../lib/aws/clients';

export type Status = 'pass' | 'warn' | 'fail';

/** One line of the preflight: what was checked, how it went, and the fix when it did not pass. */
export interface CheckResult {
  readonly status: Status;
  /** Short name: subnets, endpoints, connector, concurrency, state bucket, cluster, secret. */
  readonly check: string;
  readonly message: string;
  readonly fix?: string;
}

export interface PreflightContext {
  readonly config: EnvironmentConfig;
  /** How messages name the configuration: config/dev.json or config(dev) built-in defaults. */
  readonly label: string;
  readonly clients: AwsClients;
}

export type Check = (ctx: PreflightContext) => Promise<CheckResult[]>;

export const pass = (check: string, message: string): CheckResult => ({ status: 'pass', check, message });
export const warn = (check: string, message: string, fix?: string): CheckResult => ({ status: 'warn', check, message, fix });
export const fail = (check: string, message: string, fix?: string): CheckResult => ({ status: 'fail', check, message, fix });

/**
 * Runs one check; a call it may not make is a warning (the deployer's role may be
 * narrower than Terraform's), anything else it cannot do a failure, each in one line.
 */
export async function runCheck(name: string, check: Check, ctx: PreflightContext, permission: string): Promise<CheckResult[]> {
  try {
    return await check(ctx);
  } catch (err) {
    if (isAccessDenied(err)) return [warn(name, `not checked: ${describeAwsError(err, name)}`, `allow ${permission} to the deployer to check it`)];
    return [fail(name, `could not check: ${describeAwsError(err, name)}`)];
  }
}
