import { DATABASE_OBJECT_NAME } from '../../limits';

/*
 * Column names for keys that are not good ones: Athena lower-cases column names
 * (so `orderId` would show as `orderid`), and SQL has to quote anything with a
 * space or punctuation. The key itself stays the field's `mapping`.
 */

/** `orderId` -> `order_id`, `HTTPStatus` -> `http_status`, `first name` -> `first_name`; `column` when nothing is left. */
export function columnName(key: string): string {
  const snake = key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return snake === '' ? 'column' : snake;
}

/** Whether a key can be its own column name. */
export const isColumnName = (key: string) => DATABASE_OBJECT_NAME.pattern.test(key);

/** Names for the keys in order, each distinct ignoring case (`user_id`, `user_id_2`), as the schema check requires. */
export function distinctNames(keys: readonly string[]): string[] {
  // Keys that are good names keep them; the converted ones give way.
  const taken = new Set(keys.filter(isColumnName));
  return keys.map((key) => {
    if (isColumnName(key)) return key;
    const base = columnName(key);
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
    taken.add(name);
    return name;
  });
}
