import { RecordChecker } from '../../../modules/registry/record-check';
import type { TableSchemaDocument } from '../../../modules/registry/table-schema';

const doc: TableSchemaDocument = {
  topicName: 'orders',
  message: {
    dataFormat: 'json',
    fields: [
      { name: 'order_id', mapping: 'order_id', type: 'VARCHAR' },
      { name: 'ordered_at', mapping: 'ordered_at', type: 'TIMESTAMP', formatHint: 'yyyy-MM-dd HH:mm:ss.SSS' },
      { name: 'qty', mapping: 'qty', type: 'INT' },
      { name: 'items', mapping: 'items', type: 'VARCHAR' },
    ],
  },
};

function check(...values: (object | string | null)[]) {
  const c = new RecordChecker('customer.orders', doc);
  for (const v of values) c.add(v === null || typeof v === 'string' ? v : JSON.stringify(v));
  return c;
}
const good = { order_id: 'a', ordered_at: '2026-01-02 03:04:05.678', qty: 2, items: '[{"product_id":1}]' };
const field = (c: RecordChecker, name: string) => c.report.fields.find((f) => f.field === name)!;

describe('RecordChecker', () => {
  it('passes records written as the schema says', () => {
    const c = check(good, good);
    expect(c.problems).toBe(0);
    expect(field(c, 'items').ok).toBe(2);
  });

  it('counts a nested value under VARCHAR as empty, with the fix', () => {
    const c = check({ ...good, items: [{ product_id: 1 }] });
    expect(field(c, 'items')).toMatchObject({ empties: 1, reasons: ['nested array [{"product_id":1}]: write it as a JSON string'] });
    expect(c.problems).toBe(1);
  });

  it('counts a timestamp that misses the formatHint as NULL, saying why', () => {
    const c = check({ ...good, ordered_at: '2026-01-02T03:04:05.678Z' }, { ...good, ordered_at: 1767322000000 });
    expect(field(c, 'ordered_at')).toMatchObject({
      nulls: 2,
      reasons: [
        '"2026-01-02T03:04:05.678Z" does not match "yyyy-MM-dd HH:mm:ss.SSS" (expected " " at position 11)',
        'epoch number 1767322000000 cannot be parsed with "yyyy-MM-dd HH:mm:ss.SSS": type the field BIGINT',
      ],
    });
  });

  it('counts missing keys and non-numbers as NULL', () => {
    const { order_id: _drop, ...rest } = good;
    const c = check(rest, { ...good, qty: 'two' }, { ...good, qty: 2 ** 40 });
    expect(field(c, 'order_id')).toMatchObject({ nulls: 1, reasons: ['key "order_id" missing'] });
    expect(field(c, 'qty')).toMatchObject({ nulls: 2, reasons: ['"two" is not a whole number', `${2 ** 40} is outside INT`] });
  });

  it('flags dates Java would roll over', () => {
    expect(field(check({ ...good, ordered_at: '2026-13-40 00:00:00.000' }), 'ordered_at').wrong).toBe(1);
  });

  it('counts tombstones and values that are not JSON objects', () => {
    const c = check(null, 'not json', '[1,2]', good);
    expect(c.report).toMatchObject({ records: 4, tombstones: 1, unreadable: 2 });
    expect(c.problems).toBe(3);
  });
});
