import type { SampleRecord } from '../../../../core/tables/infer/sample';

/** Record values as a topic's partition 0 would hand them over, offsets from 0. */
export const records = (...values: (string | null)[]): SampleRecord[] =>
  values.map((value, i) => ({ partition: 0, offset: String(i), value, bytes: value === null ? null : Buffer.from(value) }));

/** JSON records, one per object. */
export const jsonRecords = (...objects: unknown[]): SampleRecord[] => records(...objects.map((o) => JSON.stringify(o)));
