import { columnChanges } from '../../core/tables/columns';
import { columnsOfDefinition } from '../../core/tables/definition-columns';
import { STATEFUL_RESOURCE_TYPES } from '../../core/aws-facts';
import type { StackFailure } from '../lib/terraform/failures';
import { schemaRefusals, schemaWarnings, type SchemaCheck } from './schema-verdicts';
import { topicRefusals, topicSection, type TopicsCheck } from './topic-changes';

/*
 * Terraform's machine-readable plan (`terraform show -json plan.out`), in the
 * documented format: resource_changes[].change.actions is one of [no-op],
 * [create], [read], [update], [delete, create], [create, delete], [delete];
 * replace_paths lists the attributes that forced a replacement.
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
    readonly replace_paths?: (string | number)[][];
  };
  readonly action_reason?: string;
}

export interface PlanJson {
  readonly format_version: string;
  readonly resource_changes?: ResourceChange[];
  readonly output_changes?: Record<string, { readonly actions: string[]; readonly after?: unknown; readonly after_unknown?: unknown }>;
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
const NETWORK_TYPES = new Set([
  'aws_security_group',
  'aws_vpc_security_group_ingress_rule',
  'aws_vpc_security_group_egress_rule',
  'aws_default_security_group',
  'aws_vpc_endpoint',
  'aws_route',
  'aws_route_table',
]);

/** The attributes of a change a reviewer reads, by type. */
const SHOWN: Record<string, string[]> = {
  aws_iam_role: ['name', 'assume_role_policy'],
  aws_iam_role_policy: ['name', 'policy'],
  aws_iam_policy: ['name', 'policy'],
  aws_kms_key: ['policy'],
  aws_lambda_permission: ['principal', 'action', 'source_arn'],
  aws_security_group: ['name', 'description'],
  aws_vpc_security_group_ingress_rule: [
    'ip_protocol',
    'from_port',
    'to_port',
    'cidr_ipv4',
    'cidr_ipv6',
    'prefix_list_id',
    'referenced_security_group_id',
    'description',
  ],
  aws_vpc_security_group_egress_rule: [
    'ip_protocol',
    'from_port',
    'to_port',
    'cidr_ipv4',
    'cidr_ipv6',
    'prefix_list_id',
    'referenced_security_group_id',
    'description',
  ],
};

/** A value in one table cell: JSON documents compacted, pipes escaped. */
function cell(value: unknown, unknown = false): string {
  if (unknown) return '_(known after apply)_';
  if (value === undefined || value === null) return '-';
  let text = typeof value === 'string' ? value : JSON.stringify(value);
  if (typeof value === 'string') {
    try {
      const parsed = JSON.parse(value);
      if (typeof parsed === 'object' && parsed !== null) text = JSON.stringify(parsed);
    } catch {
      // not JSON: shown as is
    }
  }
  return `\`${text.replaceAll('|', '\\|').replaceAll('`', "'")}\``;
}

function at(value: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined), value);
}

const pathText = (path: readonly (string | number)[]) => path.map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i ? '.' : ''}${k}`)).join('');

/** Why Terraform replaces a resource, in words: the attributes that cannot change in place. */
export function replacementReason(rc: ResourceChange): string {
  const paths = rc.change.replace_paths ?? [];
  if (paths.length === 0) {
    return rc.action_reason === 'replace_by_request' ? 'replacement was requested (-replace)' : 'Terraform gives no attribute for it';
  }
  return paths
    .map((p) => {
      const unknown = Boolean(at(rc.change.after_unknown, p));
      return `\`${pathText(p)}\` changes from ${cell(at(rc.change.before, p))} to ${cell(at(rc.change.after, p), unknown)}, which AWS cannot change in place`;
    })
    .join('; ');
}

/** One compact table of the changed attributes a reviewer reads. */
function changeTable(rc: ResourceChange): string {
  const rows: string[] = [];
  for (const key of SHOWN[rc.type] ?? []) {
    const before = rc.change.before?.[key];
    const after = rc.change.after?.[key];
    const afterUnknown = Boolean(rc.change.after_unknown?.[key]);
    if (JSON.stringify(before) === JSON.stringify(after) && !afterUnknown) continue;
    rows.push(`| \`${key}\` | ${cell(before)} | ${cell(after, afterUnknown)} |`);
  }
  return rows.length ? ['| attribute | before | after |', '| --- | --- | --- |', ...rows].join('\n') : '';
}

export interface StackPlan {
  readonly stack: string;
  readonly plan: PlanJson;
}

export interface SummaryContext {
  /** Stacks whose synthesized JSON is identical to the base branch's: not planned. */
  readonly unchanged?: readonly string[];
  /**
   * Stacks whose plan `prevent_destroy` stopped, each with the plan made again
   * without that guard, so the summary can say what would have been replaced.
   */
  readonly blocked?: readonly StackPlan[];
  /** Stacks Terraform could not plan (blocked stacks among them): the summary opens with them. */
  readonly failed?: readonly StackFailure[];
  /** The schema files judged against the base branch: refusals open the summary. */
  readonly schemas?: SchemaCheck;
  /** What the apply would change in Kafka, or why that is not known: refusals open the summary. */
  readonly topics?: TopicsCheck;
}

/**
 * The format a reader knows the table by. Glue calls JSON and CSV topics both
 * JSON; the connector's own dataFormat inside the definition tells them apart.
 */
function tableFormat(side: Record<string, unknown> | undefined): string {
  const glue = String(side?.data_format ?? '');
  if (glue === 'AVRO' || glue === 'PROTOBUF') return glue.toLowerCase();
  try {
    const inner = (JSON.parse(String(side?.schema_definition)) as { message?: { dataFormat?: unknown } }).message?.dataFormat;
    if (inner === 'json' || inner === 'csv') return inner;
  } catch {
    // not readable: the Glue format below
  }
  return glue.toLowerCase() || 'unknown format';
}

/**
 * The opening lines when some stacks were not planned: which, why, and the fix,
 * each distinct error once. Nothing else in the summary speaks for these stacks.
 */
export function notPlanned(failed: readonly StackFailure[]): string[] {
  const groups = new Map<string, StackFailure[]>();
  for (const f of failed) {
    const key = `${f.step}\n${f.cause}\n${f.fix ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const names = [...new Set(failed.map((f) => f.stack))];
  return [
    `**Not planned: ${names.join(', ')}.** Nothing here says what ${names.length === 1 ? 'it' : 'they'} would change.`,
    '',
    ...[...groups.values()].map((group) => {
      const [{ step, cause, fix }] = group;
      const stacks = group.map((f) => `**${f.stack}**${f.notTried ? ' (not tried)' : ''}`).join(', ');
      return `- ${stacks}: terraform ${step} failed: ${cause}${fix ? `\n  Fix: ${fix}.` : ''}`;
    }),
    '',
  ];
}

/** A Glue schema change as the table's column changes (`added x varchar; y integer -> bigint`). */
function tableChange(stack: string, rc: ResourceChange, action: Action): string | undefined {
  const before = rc.change.before ?? undefined;
  const after = rc.change.after ?? undefined;
  const name = String(after?.schema_name ?? before?.schema_name ?? rc.address);
  const format = tableFormat(after ?? before);
  const label = `**${stack}**: table \`${name}\` (${format})`;
  const old = before ? columnsOfDefinition(before.data_format, before.schema_definition) : [];
  const now = after ? columnsOfDefinition(after.data_format, after.schema_definition) : [];
  if (action === 'destroy') return `- ${label} removed`;
  if (!old || !now) return `- ${label}: ${action}, its definition changes`;
  if (action === 'create') return `- ${label} new: ${now.map((c) => `\`${c.name}\` ${c.type}`).join(', ')}`;
  const changes = columnChanges(old, now);
  if (changes.length === 0) return undefined;
  const text = changes.map((c) =>
    c.kind === 'added'
      ? `added \`${c.column}\` ${c.after}`
      : c.kind === 'removed'
        ? `removed \`${c.column}\` ${c.before}`
        : `\`${c.column}\` ${c.before} -> ${c.after}`,
  );
  return `- ${label}: ${text.join('; ')}`;
}

const capital = (s: string) => `${s.charAt(0).toUpperCase()}${s.slice(1)}`;

/** Markdown for reviewers: dangers first, then counts per stack, then IAM and network changes in detail. */
export function summarize(plans: readonly StackPlan[], context: SummaryContext = {}): string {
  const rows: string[] = [];
  const dangers: string[] = [];
  const replacements: string[] = [];
  const security: string[] = [];
  const tables: string[] = [];
  const totals = { create: 0, update: 0, replace: 0, destroy: 0 };
  const check = ({ stack, plan }: StackPlan) => {
    if (!plan.format_version) throw new Error(`${stack}: not a Terraform JSON plan (no format_version); give the output of terraform show -json`);
  };
  for (const sp of plans) {
    check(sp);
    const { stack, plan } = sp;
    const counts = { create: 0, update: 0, replace: 0, destroy: 0 };
    for (const rc of plan.resource_changes ?? []) {
      if (rc.mode === 'data') continue;
      const action = actionOf(rc.change.actions);
      if (!action) continue;
      counts[action]++;
      totals[action]++;
      const meaning = STATEFUL_RESOURCE_TYPES[rc.type];
      if (meaning && (action === 'replace' || action === 'destroy')) {
        const why = action === 'replace' ? ` Why: ${replacementReason(rc)}.` : '';
        dangers.push(`- **${stack}**: \`${rc.address}\` will be **${action === 'replace' ? 'REPLACED' : 'DESTROYED'}**. ${capital(meaning)}.${why}`);
      } else if (action === 'replace') {
        replacements.push(`- **${stack}**: \`${rc.address}\`: ${replacementReason(rc)}.`);
      }
      if (rc.type === 'aws_glue_schema') {
        const line = tableChange(stack, rc, action);
        if (line) tables.push(line);
      }
      if (IAM_TYPES.has(rc.type) || NETWORK_TYPES.has(rc.type)) {
        const detail = action === 'destroy' ? '' : changeTable(rc);
        security.push(`#### ${action} \`${rc.address}\` (${stack})\n${detail ? `\n${detail}\n` : ''}`);
      }
    }
    rows.push(`| ${stack} | ${counts.create} | ${counts.update} | ${counts.replace} | ${counts.destroy} |`);
  }
  const blocked: string[] = [];
  for (const sp of context.blocked ?? []) {
    check(sp);
    const guarded = (sp.plan.resource_changes ?? []).filter((rc) => rc.mode !== 'data' && ['replace', 'destroy'].includes(actionOf(rc.change.actions) ?? ''));
    for (const rc of guarded) {
      const action = actionOf(rc.change.actions);
      const why = action === 'replace' ? ` because ${replacementReason(rc)}` : ' because it is no longer declared';
      blocked.push(`- **${sp.stack}**: \`${rc.address}\` would be ${action === 'replace' ? 'replaced' : 'destroyed'}${why}.`);
    }
    rows.push(`| ${sp.stack} | _blocked by prevent_destroy_ | | | |`);
  }
  for (const stack of context.unchanged ?? []) rows.push(`| ${stack} | _unchanged, not planned_ | | | |`);

  const ownerActions = plans.flatMap(({ stack, plan }) => {
    const out = plan.output_changes?.cluster_owner_action;
    if (!out || out.actions.join() === 'no-op' || out.actions.includes('delete')) return [];
    const value = typeof out.after === 'string' ? out.after : 'the command is printed as the output cluster_owner_action after apply';
    return [`- **${stack}**: ${value}`];
  });

  const failed = context.failed ?? [];
  const blockedStacks = new Set((context.blocked ?? []).map((b) => b.stack));
  for (const f of failed) if (!blockedStacks.has(f.stack)) rows.push(`| ${f.stack} | _not planned: terraform ${f.step} failed_ | | | |`);
  const notPlannedCount = new Set(failed.map((f) => f.stack)).size;
  const total = plans.length + (context.unchanged ?? []).length + notPlannedCount;
  // With stacks missing, every claim below is about the planned stacks only, and says so.
  const scope = failed.length > 0 ? ` in the planned stacks (${plans.map((p) => p.stack).join(', ')})` : '';

  const heading = failed.length > 0 ? `: ${notPlannedCount} of ${total} stack${total === 1 ? '' : 's'} NOT planned` : '';
  const parts = [`## Terraform plan summary${heading}`, '', ...schemaRefusals(context.schemas), ...topicRefusals(context.topics)];
  if (failed.length > 0) parts.push(...notPlanned(failed));
  if (ownerActions.length > 0) {
    parts.push(
      '### Action for the cluster owner',
      '',
      "The adopted cluster's brokers must admit the connector's security group (output connector_security_group_id); until they do, queries cannot reach Kafka:",
      '',
      ...ownerActions,
      '',
    );
  }
  if (blocked.length > 0) {
    parts.push(
      '### Plan stopped by prevent_destroy',
      '',
      'Terraform refused to plan: protected data would be lost. What the change would do:',
      '',
      ...blocked,
      '',
      'If this is intended, follow "Tearing down" or "Upgrading" in docs/operations.md (protectData off first); otherwise change the pull request so the attribute keeps its value.',
      '',
    );
  }
  if (plans.length > 0) {
    if (dangers.length > 0) parts.push(`### Data at risk${scope}`, '', ...dangers, '');
    else parts.push(`No stateful resource is replaced or destroyed${scope}.`, '');
    if (replacements.length > 0) parts.push(`### Other replacements${scope}`, '', ...replacements, '');
    parts.push('| stack | create | update | replace | destroy |', '| --- | ---: | ---: | ---: | ---: |', ...rows);
    parts.push(`| **total${scope ? ' of the planned stacks' : ''}** | ${totals.create} | ${totals.update} | ${totals.replace} | ${totals.destroy} |`, '');
  }
  if ((context.unchanged ?? []).length > 0) {
    parts.push(
      `Not planned, their synthesized Terraform is identical to the base branch's: ${context.unchanged!.join(', ')}. A stack that reads a changed stack's outputs can still change when that stack is applied.`,
      '',
    );
  }
  parts.push(...topicSection(context.topics));
  if (tables.length > 0) parts.push('### Table changes', '', ...tables, '');
  parts.push(...schemaWarnings(context.schemas));
  if (security.length > 0) parts.push('### IAM and network changes', '', ...security);
  return `${parts.join('\n').trimEnd()}\n`;
}

/** The summary when nothing could be planned, before Terraform ran (no credentials, say). */
export function nothingPlanned(environment: string, reason: string): string {
  return `## Terraform plan summary: nothing planned\n\n**Not planned: no stack of ${environment}.** ${capital(reason)}.\n`;
}
