import type { Problem } from '../../core/problems';
import type { BaseComparison } from '../lib/base-check';

/*
 * The plan summary's word on the schema files changed since the base branch
 * (`plan --base-ref`). Terraform's plan shows a Glue schema's new definition
 * as an ordinary update; only the apply learns that Glue refuses the version.
 * So refusals open the summary, and the JSON/CSV warnings sit beside the
 * table changes.
 */
export interface SchemaCheck {
  readonly ref: string;
  /** The comparison, when it could be made. */
  readonly comparison?: BaseComparison;
  /** Why it could not (no git history, an unknown ref): said once, at the end. */
  readonly skipped?: string;
}

const item = (p: Problem) => `- \`${p.file}\`${p.field ? ` ${p.field}` : ''}: ${p.problem}.${p.fix ? ` Fix: ${p.fix}.` : ''}`;

/** The opening section when Glue would refuse a version; empty otherwise. */
export function schemaRefusals(check: SchemaCheck | undefined): string[] {
  const refused = check?.comparison?.refused ?? [];
  if (refused.length === 0) return [];
  return [
    `### Schema changes Glue would refuse (since ${check!.ref})`,
    '',
    'Glue checks each new Avro and Protobuf version against the last one (compatibility BACKWARD) and refuses these, so `terraform apply` fails at the schema. ' +
      'The plan below does not show it.',
    '',
    ...refused.map(item),
    '',
  ];
}

/** JSON/CSV changes that alter what older records read, accepted Avro/Protobuf changes the connector shows differently, and a skipped check. */
export function schemaWarnings(check: SchemaCheck | undefined): string[] {
  if (!check) return [];
  if (check.skipped) return [`_Schema changes were not judged against ${check.ref}: ${check.skipped}._`, ''];
  const warnings = check.comparison?.warnings ?? [];
  const changed = check.comparison?.changed.length ?? 0;
  if (warnings.length === 0) {
    const accepted = changed > 0 && check.comparison?.refused.length === 0;
    return accepted
      ? [`_${changed === 1 ? '1 schema file' : `${changed} schema files`} changed since ${check.ref}; Glue would accept every new version._`, '']
      : [];
  }
  return [`### Schema changes that alter what records already on the topics read (since ${check.ref})`, '', ...warnings.map(item), ''];
}
