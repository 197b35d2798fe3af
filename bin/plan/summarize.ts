import { STATEFUL_RESOURCE_TYPES } from '../../modules/shared/constants';

/*
 * Terraform's machine-readable plan (`terraform show -json plan.out`), in the
 * documented format: resource_changes[].change.actions is one of [no-op],
 * [create], [read], [update], [delete, create], [create, delete], [delete].
 */
export interface ResourceChange {
  readonly address: string;
  readonly type: string;
  readonly mode?: 'managed' | 'data';
  readonly change: {
    readonly actions: string[];
    readonly before?: Record<string, unknown> | null;
    readonly after?: Record<string, unknown> | null;
    readonly after_unknown?: Record<string, unknown>;
  };
}

export interface PlanJson {
  readonly format_version: string;
  readonly resource_changes?: ResourceChange[];
}

export type Action = 'create' | 'update' | 'replace' | 'destroy';

export function actionOf(actions: readonly string[]): Action | undefined {
  if (actions.includes('delete') && actions.includes('create')) return 'replace';
  if (actions.includes('delete')) return 'destroy';
  if (actions.includes('create')) return 'create';
  if (actions.includes('update')) return 'update';
  return undefined; // no-op, read
}

const IAM_TYPES = new Set(['aws_iam_role', 'aws_iam_role_policy', 'aws_iam_policy', 'aws_iam_role_policy_attachment', 'aws_kms_key', 'aws_lambda_permission']);
const NETWORK_TYPES = new Set(['aws_security_group', 'aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule', 'aws_default_security_group', 'aws_vpc_endpoint', 'aws_route', 'aws_route_table']);

/** The attributes of a change a reviewer reads, by type. */
const SHOWN: Record<string, string[]> = {
  aws_iam_role: ['name', 'assume_role_policy'],
  aws_iam_role_policy: ['name', 'policy'],
  aws_iam_policy: ['name', 'policy'],
  aws_kms_key: ['policy'],
  aws_lambda_permission: ['principal', 'action', 'source_arn'],
  aws_security_group: ['name', 'description'],
  aws_vpc_security_group_ingress_rule: ['ip_protocol', 'from_port', 'to_port', 'cidr_ipv4', 'cidr_ipv6', 'prefix_list_id', 'referenced_security_group_id', 'description'],
  aws_vpc_security_group_egress_rule: ['ip_protocol', 'from_port', 'to_port', 'cidr_ipv4', 'cidr_ipv6', 'prefix_list_id', 'referenced_security_group_id', 'description'],
};

function show(value: unknown, unknown: boolean): string {
  if (unknown) return '(known after apply)';
  if (value === undefined || value === null) return '-';
  if (typeof value === 'string') {
    try {
      const parsed = JSON.parse(value);
      if (typeof parsed === 'object' && parsed !== null) return JSON.stringify(parsed, null, 2);
    } catch {
      // not JSON: shown as is
    }
    return value;
  }
  return JSON.stringify(value);
}

function beforeAfter(rc: ResourceChange): string {
  const keys = SHOWN[rc.type] ?? [];
  const lines: string[] = [];
  for (const key of keys) {
    const before = rc.change.before?.[key];
    const after = rc.change.after?.[key];
    const afterUnknown = Boolean(rc.change.after_unknown?.[key]);
    if (JSON.stringify(before) === JSON.stringify(after) && !afterUnknown) continue;
    lines.push(`- \`${key}\`\n\n  before:\n\n\`\`\`\n${show(before, false)}\n\`\`\`\n\n  after:\n\n\`\`\`\n${show(after, afterUnknown)}\n\`\`\``);
  }
  return lines.join('\n');
}

export interface StackPlan {
  readonly stack: string;
  readonly plan: PlanJson;
}

/** Markdown for reviewers: dangers first, then counts per stack, then IAM and network changes in detail. */
export function summarize(plans: readonly StackPlan[]): string {
  const rows: string[] = [];
  const dangers: string[] = [];
  const security: string[] = [];
  const totals = { create: 0, update: 0, replace: 0, destroy: 0 };
  for (const { stack, plan } of plans) {
    if (!plan.format_version) throw new Error(`${stack}: not a Terraform JSON plan (no format_version); give the output of terraform show -json`);
    const counts = { create: 0, update: 0, replace: 0, destroy: 0 };
    for (const rc of plan.resource_changes ?? []) {
      if (rc.mode === 'data') continue;
      const action = actionOf(rc.change.actions);
      if (!action) continue;
      counts[action]++;
      totals[action]++;
      const meaning = STATEFUL_RESOURCE_TYPES[rc.type];
      if (meaning && (action === 'replace' || action === 'destroy')) {
        dangers.push(`- **${stack}**: \`${rc.address}\` will be **${action === 'replace' ? 'REPLACED' : 'DESTROYED'}**. ${meaning.charAt(0).toUpperCase()}${meaning.slice(1)}.`);
      }
      if (IAM_TYPES.has(rc.type) || NETWORK_TYPES.has(rc.type)) {
        const detail = action === 'destroy' ? '' : beforeAfter(rc);
        security.push(`#### ${action} \`${rc.address}\` (${stack})\n${detail ? `\n${detail}\n` : ''}`);
      }
    }
    rows.push(`| ${stack} | ${counts.create} | ${counts.update} | ${counts.replace} | ${counts.destroy} |`);
  }
  const parts = ['## Terraform plan summary', ''];
  if (dangers.length > 0) parts.push('### Data at risk', '', ...dangers, '');
  else parts.push('No stateful resource is replaced or destroyed.', '');
  parts.push('| stack | create | update | replace | destroy |', '| --- | ---: | ---: | ---: | ---: |', ...rows);
  parts.push(`| **total** | ${totals.create} | ${totals.update} | ${totals.replace} | ${totals.destroy} |`, '');
  if (security.length > 0) parts.push('### IAM and network changes', '', ...security);
  return `${parts.join('\n').trimEnd()}\n`;
}
