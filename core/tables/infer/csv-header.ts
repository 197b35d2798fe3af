import { chooseType } from './field-type';
import { csvValue } from './field-values';
import type { SampleRecord } from './sample';

/*
 * A CSV topic fed from files often starts with the files' header row. It is
 * told apart by its texts standing where the other records hold typed values
 * (numbers, booleans, dates); a header over text columns only looks like data.
 */

const LABEL = /^[A-Za-z_][A-Za-z0-9_ .-]*$/;

/** The first record of each partition, by offset, in partition order. */
function firstOfPartitions(records: readonly SampleRecord[]): number[] {
  const first = new Map<number, number>();
  records.forEach((r, i) => {
    const at = first.get(r.partition);
    if (at === undefined || BigInt(r.offset) < BigInt(records[at].offset)) first.set(r.partition, i);
  });
  return [...first.entries()].sort((a, b) => a[0] - b[0]).map(([, i]) => i);
}

/** The header row (its copies included, as files re-sent repeat it), or undefined when there is none to tell. */
export function findHeader(records: readonly SampleRecord[], split: readonly string[][]): { rows: number[]; names: string[] } | undefined {
  for (const i of firstOfPartitions(records)) {
    const names = split[i];
    const distinct = new Set(names.map((n) => n.toLowerCase())).size === names.length;
    if (names.length === 0 || !distinct || !names.every((n) => LABEL.test(n) && n !== 'true' && n !== 'false')) continue;
    const rows = records.flatMap((r, j) => (r.value === records[i].value ? [j] : []));
    const data = records.flatMap((_, j) => (rows.includes(j) ? [] : [j]));
    if (data.length === 0) return undefined;
    const typed = names.some(
      (name, column) =>
        chooseType(
          data.map((j) => csvValue(records[j], split[j][column])),
          name,
          'csv',
        ).type !== 'VARCHAR',
    );
    if (typed) return { rows, names };
  }
  return undefined;
}
