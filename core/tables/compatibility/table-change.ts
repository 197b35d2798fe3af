import { avroBackward } from './avro-backward';
import { documentChange } from './document-change';
import { protobufBackward } from './protobuf-backward';
import { noVerdicts, type ChangeVerdicts } from './verdicts';

export type { ChangeVerdicts } from './verdicts';

/**
 * Judges a new version of one table file (`<table>.json`, `<topic>.avsc`,
 * `<topic>.proto`) against its previous text, as Glue would take it: Avro and
 * Protobuf under BACKWARD, topic documents under NONE (warnings only).
 */
export function judgeTableChange(file: string, before: string, after: string): ChangeVerdicts {
  if (before === after) return noVerdicts();
  if (file.endsWith('.avsc')) return avroBackward(file, before, after);
  if (file.endsWith('.proto')) return protobufBackward(file, before, after);
  return documentChange(file, before, after);
}
