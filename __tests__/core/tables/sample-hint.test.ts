import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkSchemaFolder } from '../../../core/tables/schema-folder';
import { formatProblem } from '../../../core/problems';

/** Checks one table file as schemas/shop/<name> would hold it. */
function check(name: string, text: string) {
  const dir = mkdtempSync(join(tmpdir(), 'msk-athena-samples-'));
  mkdirSync(join(dir, 'shop'));
  writeFileSync(join(dir, 'shop', name), text);
  const report = checkSchemaFolder(dir, dir);
  return { lines: report.problems.map(formatProblem), tables: report.registries.flatMap((r) => r.tables) };
}

const F = 'shop/payments.json';
const doc = (fields: object[], dataFormat = 'json') => JSON.stringify({ topicName: 'payments', message: { dataFormat, fields } });
/** A table whose one field `col` has the given type and hint, as its problem lines. */
const linesFor = (type: string, sample: unknown, dataFormat = 'json') =>
  check(
    'payments.json',
    doc(
      [
        {
          name: 'col',
          mapping: dataFormat === 'csv' ? '0' : 'col',
          type,
          ...(type.startsWith('T') || type === 'DATE' ? { formatHint: 'yyyy-MM-dd' } : {}),
          sample,
        },
      ],
      dataFormat,
    ),
  ).lines;
const at = (rest: string) => `${F}: message.fields[0] (col).sample${rest}`;

describe('sample hints in table files', () => {
  it('accepts every form on the columns it fits, and hands the producer the hints by column name', () => {
    const items = {
      json: { array: { object: { sku: { pattern: 'SKU-####' }, qty: { min: 1, max: 9 }, gift: { values: [true, false] } } }, minItems: 0, maxItems: 5 },
    };
    const fields = [
      { name: 'email', mapping: 'email', type: 'VARCHAR', sample: { faker: 'internet.email' } },
      { name: 'status', mapping: 'status', type: 'VARCHAR', sample: { values: ['paid', 'refunded'] } },
      { name: 'code', mapping: 'code', type: 'CHAR', sample: { pattern: 'c-??-**' } },
      { name: 'level', mapping: 'level', type: 'TINYINT', sample: { min: -128, max: 127 } },
      { name: 'amount', mapping: 'amount', type: 'DOUBLE', sample: { min: 0.5, max: 99.5, decimals: 1 } },
      { name: 'lat', mapping: 'lat', type: 'DECIMAL', sample: { faker: 'location.latitude' } },
      { name: 'ok', mapping: 'ok', type: 'BOOLEAN', sample: { faker: 'datatype.boolean' } },
      { name: 'items', mapping: 'items', type: 'VARCHAR', sample: items },
      { name: 'plain', mapping: 'plain', type: 'BIGINT' },
    ];
    const { lines, tables } = check('payments.json', doc(fields));
    expect(lines).toEqual([]);
    expect(tables[0].samples).toEqual(Object.fromEntries(fields.filter((f) => f.sample).map((f) => [f.name, f.sample])));
  });

  it('keeps the hints out of what Glue gets, for JSON and Avro files alike', () => {
    const fields = [
      { name: 'id', mapping: 'id', type: 'VARCHAR', sample: { pattern: 'p-###' } },
      { name: 'n', mapping: 'n', type: 'INT' },
    ];
    const json = check('payments.json', doc(fields)).tables[0];
    expect(json.definition).toBe(
      JSON.stringify({ topicName: 'payments', message: { dataFormat: 'json', fields: [{ name: 'id', mapping: 'id', type: 'VARCHAR' }, fields[1]] } }),
    );
    expect(JSON.stringify(json)).not.toMatch(/"document":[^]*"sample"/);

    const avsc = {
      type: 'record',
      name: 'Payment',
      fields: [
        { name: 'id', type: 'string', sample: { pattern: 'p-###' } },
        { name: 'cents', type: 'long', sample: { min: 1, max: 500 } },
      ],
    };
    const avro = check('payments.avsc', JSON.stringify(avsc));
    expect(avro.lines).toEqual([]);
    expect(avro.tables[0].definition).toBe(
      JSON.stringify({
        type: 'record',
        name: 'Payment',
        fields: [
          { name: 'id', type: 'string' },
          { name: 'cents', type: 'long' },
        ],
      }),
    );
    expect(avro.tables[0].samples).toEqual({ id: { pattern: 'p-###' }, cents: { min: 1, max: 500 } });
  });

  it('leaves a file without hints exactly as Glue had it, and without samples', () => {
    const text = doc([{ name: 'id', mapping: 'id', type: 'VARCHAR' }]);
    const { tables } = check('payments.json', text);
    expect(tables[0].definition).toBe(text);
    expect(tables[0]).not.toHaveProperty('samples');
  });

  const cases: [string, string, unknown, string[], string?][] = [
    [
      'an unknown faker method, naming the nearest',
      'VARCHAR',
      { faker: 'internet.emial' },
      [at('.faker: "internet.emial" is not a faker method; use internet.email')],
    ],
    [
      'a faker module without a near method',
      'VARCHAR',
      { faker: 'internet.shoeSize' },
      [
        at(
          '.faker: "internet.shoeSize" is not a faker method; use one of internet.email, internet.exampleEmail, internet.username, internet.displayName, internet.protocol, internet.httpMethod, ... (fakerjs.dev/api)',
        ),
      ],
    ],
    [
      'a faker method that is nowhere near',
      'VARCHAR',
      { faker: 'zzz' },
      [at('.faker: "zzz" is not a faker method; use a method such as internet.email, person.fullName or commerce.productName (fakerjs.dev/api)')],
    ],
    [
      'a faker method that needs arguments',
      'VARCHAR',
      { faker: 'helpers.arrayElement' },
      [
        at(
          '.faker: "helpers.arrayElement" needs arguments, and a sample calls it without; use values to pick from a list, min/max for a range or pattern for text',
        ),
      ],
    ],
    [
      'a deprecated faker method',
      'VARCHAR',
      { faker: 'internet.userName' },
      [at('.faker: "internet.userName" is deprecated by faker and goes in its next major version; use internet.username')],
    ],
    [
      'a faker method that returns a Date',
      'VARCHAR',
      { faker: 'date.past' },
      [at('.faker: "date.past" returns a Date, and the column is VARCHAR; pick a method that returns string or number')],
    ],
    [
      'a faker method returning text for a DOUBLE',
      'DOUBLE',
      { faker: 'person.fullName' },
      [at('.faker: "person.fullName" returns a string, and the column is DOUBLE; pick a method that returns number')],
    ],
    [
      'faker on an integer column',
      'INTEGER',
      { faker: 'number.int' },
      [at('.faker: gives numbers whose range cannot be checked against INTEGER; use {"min": ..., "max": ...} or {"values": [...]}')],
    ],
    [
      'a faker name that is not text',
      'VARCHAR',
      { faker: 7 },
      [at('.faker: expected a faker method name, got 7; write one such as "internet.email" (fakerjs.dev/api)')],
    ],
    [
      'a hint that is a string',
      'VARCHAR',
      'internet.email',
      [
        at(
          ': expected an object, got "internet.email"; write one of {"faker": "internet.email"}, {"values": ["a", "b"]}, {"min": 1, "max": 10}, {"pattern": "u###"} or {"json": {...}}',
        ),
      ],
    ],
    [
      'an empty hint',
      'VARCHAR',
      {},
      [
        at(
          ': says nothing about the values; write one of {"faker": "internet.email"}, {"values": ["a", "b"]}, {"min": 1, "max": 10}, {"pattern": "u###"} or {"json": {...}}',
        ),
      ],
    ],
    [
      'two kinds at once',
      'VARCHAR',
      { values: ['a'], pattern: '#' },
      [
        at(
          ': mixes "values" and "pattern"; write one of {"faker": "internet.email"}, {"values": ["a", "b"]}, {"min": 1, "max": 10}, {"pattern": "u###"} or {"json": {...}}',
        ),
      ],
    ],
    [
      'an unknown key',
      'VARCHAR',
      { value: ['a'] },
      [
        at(
          '.value: unknown key; write one of {"faker": "internet.email"}, {"values": ["a", "b"]}, {"min": 1, "max": 10}, {"pattern": "u###"} or {"json": {...}}',
        ),
      ],
    ],
    ['an empty list of values', 'VARCHAR', { values: [] }, [at('.values: expected a non-empty list, got []; list the values to pick from, e.g. ["a", "b"]')]],
    ['numbers for a VARCHAR', 'VARCHAR', { values: ['a', 7] }, [at('.values[1]: 7 is not text, and the column is VARCHAR; write it as a string: "7"')]],
    [
      'a SMALLINT value out of range',
      'SMALLINT',
      { values: [1, 40000] },
      [at('.values[1]: 40000 is not a SMALLINT value; write whole numbers from -32768 to 32767')],
    ],
    ['text for a BOOLEAN', 'BOOLEAN', { values: ['yes'] }, [at('.values[0]: "yes" is not a BOOLEAN value; write true or false')]],
    [
      'a csv value with a comma',
      'VARCHAR',
      { values: ['a,b'] },
      [at('.values[0]: "a,b" holds a comma or line break, and the connector splits csv records on them; leave them out')],
      'csv',
    ],
    [
      'a range on a VARCHAR',
      'VARCHAR',
      { min: 1, max: 5 },
      [at(': a min/max range makes numbers, and the column is VARCHAR; use values, pattern or faker for text, or type the field as a number')],
    ],
    ['a range on a BOOLEAN', 'BOOLEAN', { min: 0, max: 1 }, [at(': a min/max range makes numbers, and the column is BOOLEAN; use {"values": [true, false]}')]],
    ['a range without max', 'INT', { min: 1 }, [at('.max: is missing; give both ends of the range, min and max')]],
    ['a range upside down', 'BIGINT', { min: 9, max: 1 }, [at('.max: 1 is below min 9; make max at least min')]],
    ['a TINYINT range too wide', 'TINYINT', { min: 0, max: 300 }, [at('.max: 300 is outside what TINYINT holds; use -128 to 127')]],
    ['a fraction on an INTEGER', 'INTEGER', { min: 0.5, max: 3 }, [at('.min: 0.5 is not a whole number, and the column is INTEGER; use whole numbers')]],
    ['decimals on an INTEGER', 'INT', { min: 0, max: 3, decimals: 2 }, [at('.decimals: makes fractions, and the column is INTEGER; remove it')]],
    ['a bound in quotes', 'DOUBLE', { min: '1', max: 2 }, [at('.min: expected a number, got "1"; write a number without quotes')]],
    ['decimals beside values', 'DOUBLE', { values: [1.5], decimals: 1 }, [at('.decimals: belongs to a min/max range; remove it')]],
    [
      'a pattern on a number column',
      'BIGINT',
      { pattern: '###' },
      [at('.pattern: makes text, and the column is BIGINT; use {"min": ..., "max": ...} or {"values": [...]} with BIGINT values')],
    ],
    [
      'an empty pattern',
      'VARCHAR',
      { pattern: '' },
      [at('.pattern: expected a pattern, got ""; write one: # a digit, ? a letter, * a letter or digit, e.g. "u###"')],
    ],
    [
      'a hint on a TIMESTAMP',
      'TIMESTAMP',
      { values: ['2026-01-01'] },
      [at(": is not used: TIMESTAMP values are the record's time, written in the field's formatHint; remove it")],
    ],
    [
      'json on a number column',
      'BIGINT',
      { json: { values: [1] } },
      [at('.json: writes JSON text, and the column is BIGINT; type the field VARCHAR, or describe the number or boolean itself')],
    ],
    [
      'json in a csv table',
      'VARCHAR',
      { json: { values: [1] } },
      [
        at(
          '.json: writes JSON text, which holds commas, and the connector splits csv records on every comma; use a json table for JSON values, or values/pattern here',
        ),
      ],
      'csv',
    ],
    [
      'a key beside json',
      'VARCHAR',
      { json: { values: [1] }, pattern: '#' },
      [at('.pattern: is not allowed beside "json"; remove it: "json" describes the whole value')],
    ],
    [
      'an empty JSON object shape',
      'VARCHAR',
      { json: { object: {} } },
      [at('.json.object: expected the object\'s keys with a shape each, got {}; write e.g. {"object": {"qty": {"min": 1, "max": 9}}}')],
    ],
    [
      'a bare value inside a JSON shape',
      'VARCHAR',
      { json: { object: { qty: 3 } } },
      [
        at(
          '.json.object.qty: expected an object, got 3; write one of {"object": {"key": ...}}, {"array": ..., "minItems": 1, "maxItems": 3}, {"faker": ...}, {"values": [...]}, {"min": ..., "max": ...} or {"pattern": ...}',
        ),
      ],
    ],
    [
      'array counts upside down',
      'VARCHAR',
      { json: { array: { pattern: '#' }, minItems: 4, maxItems: 2 } },
      [at('.json.maxItems: 2 is below minItems 4; make maxItems at least minItems')],
    ],
    [
      'a bad leaf deep in a JSON shape',
      'VARCHAR',
      { json: { array: { object: { p: { faker: 'commerce.prodName' } } } } },
      [at('.json.array.object.p.faker: "commerce.prodName" is not a faker method; use commerce.productName')],
    ],
    [
      'an unknown key in an array shape',
      'VARCHAR',
      { json: { array: { pattern: '#' }, items: 3 } },
      [at('.json.items: unknown key; an array takes "array" (the shape of each item), "minItems" and "maxItems"')],
    ],
  ];
  // Every row gets its data format: jest hands a test with more parameters than its row a done callback.
  it.each(cases.map(([what, type, sample, expected, dataFormat]) => [what, type, sample, expected, dataFormat ?? 'json'] as const))(
    'refuses %s with one exact line',
    (_what, type, sample, expected, dataFormat) => {
      expect(linesFor(type, sample, dataFormat)).toEqual(expected);
    },
  );

  it('names the Avro field of a bad hint, and refuses JSON text in a number field there too', () => {
    const avsc = {
      type: 'record',
      name: 'P',
      fields: [
        { name: 'id', type: 'string' },
        { name: 'cents', type: 'long', sample: { json: { values: [1] } } },
      ],
    };
    expect(check('payments.avsc', JSON.stringify(avsc)).lines).toEqual([
      'shop/payments.avsc: fields[1] (cents).sample.json: writes JSON text, and the column is BIGINT; type the field VARCHAR, or describe the number or boolean itself',
    ]);
  });

  it('reports a bad hint beside other problems of the file', () => {
    const lines = check(
      'payments.json',
      doc([
        { name: 'a', mapping: 'a', type: 'FLOAT' },
        { name: 'b', mapping: 'b', type: 'INT', sample: { pattern: '#' } },
      ]),
    ).lines;
    expect(lines.map((l) => l.split(': ').slice(0, 2).join(': '))).toEqual([`${F}: message.fields[0] (a).type`, `${F}: message.fields[1] (b).sample.pattern`]);
  });
});

describe('JSON mappings', () => {
  it.each([
    [
      'card.brand',
      `"card.brand" is a nested path, and the connector looks the whole mapping up as one top-level key (the column would always be NULL); map the top-level key "card" as VARCHAR (the producer writing it as a JSON string) and read json_extract_scalar(card, '$.brand') in SQL, or write the value under a top-level key of its own in the producer`,
    ],
    [
      '$.card.brand.code',
      `"$.card.brand.code" is a nested path, and the connector looks the whole mapping up as one top-level key (the column would always be NULL); map the top-level key "card" as VARCHAR (the producer writing it as a JSON string) and read json_extract_scalar(card, '$.brand.code') in SQL, or write the value under a top-level key of its own in the producer`,
    ],
    [
      '$.card',
      `"$.card" is a nested path, and the connector looks the whole mapping up as one top-level key (the column would always be NULL); write the key itself: "card"`,
    ],
  ])('refuses the dotted mapping %s with the fix', (mapping, line) => {
    expect(check('payments.json', doc([{ name: 'brand', mapping, type: 'VARCHAR' }])).lines).toEqual([`${F}: message.fields[0] (brand).mapping: ${line}`]);
  });

  it('leaves csv mappings to the column-index rule', () => {
    expect(check('payments.json', doc([{ name: 'brand', mapping: '1.5', type: 'VARCHAR' }], 'csv')).lines).toEqual([
      `${F}: message.fields[0] (brand).mapping: "1.5" is not a column index; csv mappings are 0-based column numbers such as "0"`,
    ]);
  });
});
