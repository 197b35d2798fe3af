import { findProviderMirror, MIRROR_VARIABLE, type ProviderMirror } from './mirror';
import { terraformError, type TerraformOutput } from './run';

/** A stack Terraform could not plan: which step, Terraform's error in brief, and what to do. */
export interface StackFailure {
  readonly stack: string;
  readonly step: 'init' | 'plan';
  /** What went wrong, in one line: a plain cause where it is recognised, then Terraform's own error line. */
  readonly cause: string;
  readonly fix?: string;
  /** The provider registry cannot be reached: every other stack's init would fail the same way. */
  readonly registryUnreachable?: boolean;
  /** Not run: an earlier stack's failure stands for it. */
  readonly notTried?: boolean;
}

// Terraform's init text when registry.terraform.io (or another provider host) cannot be reached:
// "could not connect to registry.terraform.io: failed to request discovery document: ... no such host".
const REGISTRY_UNREACHABLE = new RegExp(
  [
    String.raw`could not connect to [\w.-]+:`,
    'failed to request discovery document',
    String.raw`Failed to query available provider packages[\s\S]*(no such host|i/o timeout|connection refused|TLS handshake timeout)`,
  ].join('|'),
);
const NO_MATCHING_RELEASE = /no available releases match the given constraints/;
const AWS_UNREACHABLE = /amazonaws\.com[^\n]*(no such host|i\/o timeout|connection refused)/;
const EXPIRED_OR_MISSING_CREDENTIALS = new RegExp(
  [
    'No valid credential sources found',
    'failed to refresh cached credentials',
    'ExpiredToken',
    'security token included in the request is (expired|invalid)',
    'InvalidClientTokenId',
  ].join('|'),
);

/** Where a matching hashicorp/aws can come from instead of the registry. */
function mirrorFix(constraint: string, mirror: ProviderMirror | undefined): string {
  const found = mirror && !mirror.meetsConstraint ? `the mirror ${mirror.path} holds only hashicorp/aws ${mirror.version}; ` : '';
  return (
    `${found}set ${MIRROR_VARIABLE} to a folder holding hashicorp/aws ${constraint} for this platform (fill one with ` +
    '`terraform providers mirror DIR` where the registry is reachable), as for npm run rehearse, or let this machine reach registry.terraform.io'
  );
}

/**
 * A failed `terraform init` or `plan` of one stack, with the cause in words where
 * it is one users meet, and its fix. `constraint` is the stacks' hashicorp/aws constraint.
 */
export function stackFailure(stack: string, step: 'init' | 'plan', result: TerraformOutput, constraint: string): StackFailure {
  const text = `${result.stderr}\n${result.stdout}`;
  // The recognised error stands for the stack; a count of the others would only keep equal causes apart.
  const errorOf = (prefer?: RegExp) => terraformError(result, prefer).replace(/ \(and \d+ more errors?\)$/, '');
  if (step === 'init' && REGISTRY_UNREACHABLE.test(text)) {
    const error = errorOf(/Failed to query available provider packages|could not connect/);
    const cause = `the provider registry is unreachable, so hashicorp/aws cannot be installed (${error})`;
    return { stack, step, cause, fix: mirrorFix(constraint, findProviderMirror(constraint)), registryUnreachable: true };
  }
  if (step === 'init' && NO_MATCHING_RELEASE.test(text)) {
    const error = errorOf(NO_MATCHING_RELEASE);
    const cause = `no hashicorp/aws ${constraint} where Terraform looks for providers (${error})`;
    return { stack, step, cause, fix: mirrorFix(constraint, findProviderMirror(constraint)) };
  }
  if (EXPIRED_OR_MISSING_CREDENTIALS.test(text)) {
    const fix = 'renew the AWS credentials of this shell (aws sts get-caller-identity says whose they are) and run again';
    return { stack, step, cause: errorOf(EXPIRED_OR_MISSING_CREDENTIALS), fix };
  }
  if (AWS_UNREACHABLE.test(text)) {
    const error = errorOf(AWS_UNREACHABLE);
    const fix = "check this machine's network path to AWS (DNS, proxy, VPC endpoints) and the region";
    return { stack, step, cause: `AWS cannot be reached from this machine (${error})`, fix };
  }
  return { stack, step, cause: errorOf() };
}

/** The same failure for a stack not tried, because an earlier stack's init showed the registry is unreachable. */
export function sameFailure(stack: string, failure: StackFailure): StackFailure {
  return { ...failure, stack, notTried: true };
}
