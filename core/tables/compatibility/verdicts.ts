import type { Problem } from '../../problems';

/*
 * What a change to one table file means for the Glue schema it becomes. Avro
 * and Protobuf schemas are registered with BACKWARD compatibility (see
 * modules/registry): Glue accepts a new version only if it can read records
 * written with the one before, judged against the latest version. JSON and CSV
 * topic documents are registered with NONE: Glue accepts anything, so what
 * matters is how the records already on the topic read afterwards.
 */
export interface ChangeVerdicts {
  /** Changes Glue refuses: `terraform apply` fails at the schema's new version. */
  readonly refused: Problem[];
  /** Changes Glue accepts that alter what Athena shows for records already on the topic. */
  readonly warnings: Problem[];
}

export const noVerdicts = (): ChangeVerdicts => ({ refused: [], warnings: [] });

/** Why a refusal matters, said once per refusal: the fix comes after it. */
export const GLUE_REFUSES = 'Glue refuses this version (compatibility BACKWARD), so terraform apply fails';
