import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkSchemaFolder } from '../../../core/tables/schema-folder';
import { simpleDateFormatProblem } from '../../../core/records/simple-date-format';
import { formatProblem } from '../../../core/problems';
import { FIXTURE, ROOT } from '../../helpers/synth';

/** Writes files (path -> content) under a fresh schema folder and returns its problem lines. */
export function problemLines(files: Record<string, string>): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'msk-athena-schemas-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return checkSchemaFolder(dir, dir).problems.map(formatProblem);
}

const field = (over: object = {}) => ({ name: 'id', mapping: 'id', type: 'VARCHAR', ...over });
const doc = (over: object = {}, message: object = {}) =>
  JSON.stringify({ topicName: 'orders', message: { dataFormat: 'json', fields: [field()], ...message }, ...over });
const withFields = (...fields: object[]) => doc({}, { fields });
const F = 'shop/orders.json';
const UNKNOWN_KEY_FIX =
  'remove it; the connector reads topicName, message.dataFormat, message.fields and name, mapping, type, formatHint per field (and the sample producer reads sample)';

describe('table schema rules', () => {
  it('accepts the shipped example schemas', () => {
    const report = checkSchemaFolder(join(FIXTURE, 'schemas'), ROOT);
    expect(report.problems).toEqual([]);
    expect(report.registries.map((r) => [r.name, r.tables.map((t) => t.table)])).toEqual([
      ['customer', ['orders']],
      ['telemetry', ['sensor_readings']],
    ]);
  });

  it.each<[string, Record<string, string>, string[]]>([
    ['a file that is not JSON', { [F]: '{"topicName": ' }, [`${F}: is not valid JSON: it ends too early; fix the syntax`]],
    ['an array instead of an object', { [F]: '[]' }, [`${F}: expected a JSON object; write {"topicName": "...", "message": {...}}`]],
    [
      'a missing topicName',
      { [F]: JSON.stringify({ message: { dataFormat: 'json', fields: [field()] } }) },
      [`${F}: topicName: is missing; add the topic name`],
    ],
    [
      'a topic name with a space',
      { [F]: doc({ topicName: 'my orders' }) },
      [`${F}: topicName: is not a Kafka topic name; use 1-249 of a-z, A-Z, 0-9, ".", "_" and "-"`],
    ],
    [
      'a topic name of 250 characters',
      { [F]: doc({ topicName: 'a'.repeat(250) }) },
      [`${F}: topicName: is not a Kafka topic name; use 1-249 of a-z, A-Z, 0-9, ".", "_" and "-"`],
    ],
    ['an empty topic name', { [F]: doc({ topicName: '' }) }, [`${F}: topicName: is not a Kafka topic name; use 1-249 of a-z, A-Z, 0-9, ".", "_" and "-"`]],
    [
      'a missing message',
      { [F]: JSON.stringify({ topicName: 'orders' }) },
      [`${F}: message: expected an object; write {"dataFormat": "json", "fields": [...]}`],
    ],
    [
      'a message that is a string',
      { [F]: JSON.stringify({ topicName: 'orders', message: 'json' }) },
      [`${F}: message: expected an object; write {"dataFormat": "json", "fields": [...]}`],
    ],
    [
      'dataFormat in upper case',
      { [F]: doc({}, { dataFormat: 'JSON' }) },
      [`${F}: message.dataFormat: "JSON" is not a data format the connector reads; write exactly "json" or "csv" (lower case)`],
    ],
    [
      'dataFormat avro',
      { [F]: doc({}, { dataFormat: 'avro' }) },
      [`${F}: message.dataFormat: "avro" is not a data format the connector reads; write exactly "json" or "csv" (lower case)`],
    ],
    [
      'a missing dataFormat',
      { [F]: JSON.stringify({ topicName: 'o', message: { fields: [field()] } }) },
      [`${F}: message.dataFormat: is missing; write "json" or "csv"`],
    ],
    ['fields that is an object', { [F]: doc({}, { fields: {} }) }, [`${F}: message.fields: expected an array of fields`]],
    ['no fields', { [F]: doc({}, { fields: [] }) }, [`${F}: message.fields: is empty; describe at least one field`]],
    ['a field without a name', { [F]: withFields({ mapping: 'a', type: 'INT' }) }, [`${F}: message.fields[0].name: is missing; add the column name`]],
    ['an empty field name', { [F]: withFields(field({ name: '' })) }, [`${F}: message.fields[0].name: is empty; give the column a name`]],
    ['a numeric mapping in json', { [F]: withFields(field({ mapping: 3 })) }, [`${F}: message.fields[0] (id).mapping: expected a string mapping, got 3`]],
    [
      'an empty mapping',
      { [F]: withFields(field({ mapping: '' })) },
      [`${F}: message.fields[0] (id).mapping: is empty; name the JSON key (json) or the 0-based column index (csv)`],
    ],
    ['a missing type', { [F]: withFields({ name: 'a', mapping: 'a' }) }, [`${F}: message.fields[0] (a).type: is missing; add the type`]],
    [
      'an ARRAY type',
      { [F]: withFields(field({ type: 'ARRAY<INT>' })) },
      [
        `${F}: message.fields[0] (id).type: "ARRAY<INT>" is not a type the connector reads (nested values come back empty); write nested values as JSON strings and type the field VARCHAR`,
      ],
    ],
    [
      'a MAP type',
      { [F]: withFields(field({ type: 'map' })) },
      [
        `${F}: message.fields[0] (id).type: "map" is not a type the connector reads (nested values come back empty); write nested values as JSON strings and type the field VARCHAR`,
      ],
    ],
    [
      'a STRUCT type',
      { [F]: withFields(field({ type: 'STRUCT' })) },
      [
        `${F}: message.fields[0] (id).type: "STRUCT" is not a type the connector reads (nested values come back empty); write nested values as JSON strings and type the field VARCHAR`,
      ],
    ],
    [
      'a FLOAT type',
      { [F]: withFields(field({ type: 'FLOAT' })) },
      [
        `${F}: message.fields[0] (id).type: "FLOAT" is not converted by the connector's json/csv parser (a float column handed a double: the query fails); use DOUBLE`,
      ],
    ],
    [
      'an unknown type',
      { [F]: withFields(field({ type: 'UUID' })) },
      [
        `${F}: message.fields[0] (id).type: "UUID" is not a connector type; use one of BOOLEAN, TINYINT, SMALLINT, INT, INTEGER, BIGINT, DOUBLE, DECIMAL, DATE, TIMESTAMP, VARCHAR, CHAR, STRING`,
      ],
    ],
    [
      'a type typo',
      { [F]: withFields(field({ type: 'STRNG' })) },
      [
        `${F}: message.fields[0] (id).type: "STRNG" is not a connector type; did you mean STRING? use one of BOOLEAN, TINYINT, SMALLINT, INT, INTEGER, BIGINT, DOUBLE, DECIMAL, DATE, TIMESTAMP, VARCHAR, CHAR, STRING`,
      ],
    ],
    [
      'a lower-case type typo',
      { [F]: withFields(field({ type: 'timestmp' })) },
      [
        `${F}: message.fields[0] (id).type: "timestmp" is not a connector type; did you mean TIMESTAMP? use one of BOOLEAN, TINYINT, SMALLINT, INT, INTEGER, BIGINT, DOUBLE, DECIMAL, DATE, TIMESTAMP, VARCHAR, CHAR, STRING`,
      ],
    ],
    [
      'a typo of a name the parser does not convert',
      { [F]: withFields(field({ type: 'LONGG' })) },
      [
        `${F}: message.fields[0] (id).type: "LONGG" is not a connector type; did you mean BIGINT? use one of BOOLEAN, TINYINT, SMALLINT, INT, INTEGER, BIGINT, DOUBLE, DECIMAL, DATE, TIMESTAMP, VARCHAR, CHAR, STRING`,
      ],
    ],
    [
      'a TIMESTAMP without formatHint',
      { [F]: withFields(field({ type: 'TIMESTAMP' })) },
      [
        `${F}: message.fields[0] (id).formatHint: is required for TIMESTAMP; give a Java SimpleDateFormat pattern such as "yyyy-MM-dd HH:mm:ss.SSS" (epoch numbers: type the field BIGINT)`,
      ],
    ],
    [
      'a date with an empty formatHint',
      { [F]: withFields(field({ type: 'date', formatHint: '' })) },
      [
        `${F}: message.fields[0] (id).formatHint: is required for DATE; give a Java SimpleDateFormat pattern such as "yyyy-MM-dd HH:mm:ss.SSS" (epoch numbers: type the field BIGINT)`,
      ],
    ],
    [
      'a formatHint with the letter Q',
      { [F]: withFields(field({ type: 'DATE', formatHint: 'yyyy-QQ' })) },
      [
        `${F}: message.fields[0] (id).formatHint: "yyyy-QQ" has the unknown pattern letter 'Q' at position 6; write a Java SimpleDateFormat pattern (letters such as yyyy MM dd HH mm ss SSS, literals in single quotes)`,
      ],
    ],
    [
      'an ISO formatHint with an unquoted T',
      { [F]: withFields(field({ type: 'TIMESTAMP', formatHint: 'yyyy-MM-ddTHH:mm:ss' })) },
      [
        `${F}: message.fields[0] (id).formatHint: "yyyy-MM-ddTHH:mm:ss" has the unknown pattern letter 'T' at position 11; write a Java SimpleDateFormat pattern (letters such as yyyy MM dd HH mm ss SSS, literals in single quotes)`,
      ],
    ],
    [
      'an unterminated quote',
      { [F]: withFields(field({ type: 'TIMESTAMP', formatHint: "yyyy-MM-dd'T" })) },
      [
        `${F}: message.fields[0] (id).formatHint: "yyyy-MM-dd'T" has an unterminated quote; write a Java SimpleDateFormat pattern (letters such as yyyy MM dd HH mm ss SSS, literals in single quotes)`,
      ],
    ],
    ['a numeric formatHint', { [F]: withFields(field({ formatHint: 5 })) }, [`${F}: message.fields[0] (id).formatHint: expected a string formatHint, got 5`]],
    [
      'a misspelt key in a field',
      { [F]: withFields(field({ formathint: 'yyyy' })) },
      [`${F}: message.fields[0] (id).formathint: unknown key; did you mean \`formatHint\`?`],
    ],
    [
      'a misspelt sample',
      { [F]: withFields(field({ sampel: { pattern: '#' } })) },
      [`${F}: message.fields[0] (id).sampel: unknown key; did you mean \`sample\`?`],
    ],
    ['an unknown key in a field', { [F]: withFields(field({ comment: 'x' })) }, [`${F}: message.fields[0] (id).comment: unknown key; ${UNKNOWN_KEY_FIX}`]],
    ['an unknown top-level key', { [F]: doc({ key: {} }) }, [`${F}: key: unknown key; ${UNKNOWN_KEY_FIX}`]],
    [
      'names equal ignoring case',
      { [F]: withFields(field(), field({ name: 'ID', mapping: 'x' })) },
      [`${F}: message.fields[1] (ID).name: "ID" repeats fields[0].name (Athena ignores case); give each column a distinct name`],
    ],
    [
      'a csv mapping that is a key',
      { [F]: doc({}, { dataFormat: 'csv', fields: [field({ mapping: 'id' })] }) },
      [`${F}: message.fields[0] (id).mapping: "id" is not a column index; csv mappings are 0-based column numbers such as "0"`],
    ],
    [
      'a negative csv mapping',
      { [F]: doc({}, { dataFormat: 'csv', fields: [field({ mapping: '-1' })] }) },
      [`${F}: message.fields[0] (id).mapping: "-1" is not a column index; csv mappings are 0-based column numbers such as "0"`],
    ],
    [
      'an upper-case table name',
      { 'shop/Orders.json': doc() },
      ['shop/Orders.json: table name "Orders" is not lower-case letters, digits and _; rename the file, e.g. orders.json'],
    ],
    [
      'a registry name with a dash',
      { 'my-shop/orders.json': doc() },
      ['my-shop: registry name "my-shop" is not lower-case letters, digits and _; rename the folder, e.g. my_shop'],
    ],
    [
      'a table outside any registry',
      { 'orders.json': doc(), [F]: doc() },
      ['orders.json: is not inside a registry folder; move it to ./<registry>/orders.json'],
    ],
    [
      'a registry folder with no tables',
      { 'empty/README.md': 'x', [F]: doc() },
      ['empty: holds no table files; add <table>.json, <topic>.avsc or <topic>.proto, or remove the folder'],
    ],
  ])('refuses %s with one exact line', (_what, files, expected) => {
    expect(problemLines(files)).toEqual(expected);
  });

  it('reports every problem of every file, in a stable order', () => {
    const lines = problemLines({
      'a/one.json': withFields(field({ type: 'ARRAY' }), field({ name: 'ID' })),
      'b/two.json': doc({ topicName: 'bad topic' }, { dataFormat: 'xml' }),
    });
    expect(lines.map((l) => l.split(': ').slice(0, 2).join(': '))).toEqual([
      'a/one.json: message.fields[0] (id).type',
      'a/one.json: message.fields[1] (ID).name',
      'b/two.json: topicName',
      'b/two.json: message.dataFormat',
    ]);
  });

  it.each([
    ['BOOL', 'a boolean column that reads false for every record', 'BOOLEAN'],
    ['long', 'a bigint column handed text: the whole query fails', 'BIGINT'],
    ['INT32', 'an int column handed text: the whole query fails', 'INTEGER'],
    ['INT64', 'a bigint column handed text: the whole query fails', 'BIGINT'],
  ])('refuses %s, which the column mapper takes but the value parser cannot fill, naming the type to use', (type, happens, use) => {
    expect(problemLines({ [F]: withFields(field({ type })) })).toEqual([
      `${F}: message.fields[0] (id).type: "${type}" is not converted by the connector's json/csv parser (${happens}); use ${use}`,
    ]);
  });

  it('accepts every connector type in any case, and formatHint strings on other types', () => {
    const types = ['boolean', 'TinyInt', 'SMALLINT', 'int', 'INTEGER', 'bigint', 'DOUBLE', 'decimal', 'VARCHAR', 'char', 'String'];
    const fields = types.map((type, i) => ({ name: `f${i}`, mapping: `f${i}`, type, formatHint: '' }));
    expect(problemLines({ [F]: withFields(...fields, field({ name: 'ts', type: 'timestamp', formatHint: "yyyy-MM-dd'T'HH:mm:ss.SSSXXX" })) })).toEqual([]);
  });
});

describe('SimpleDateFormat patterns', () => {
  it.each(['yyyy-MM-dd', 'yyyy-MM-dd HH:mm:ss.SSS', "yyyy-MM-dd'T'HH:mm:ssZ", 'EEE, d MMM yyyy HH:mm:ss z', "hh 'o''clock' a, zzzz", 'yyyyMMdd', "''yy''"])(
    'accepts %s',
    (pattern) => expect(simpleDateFormatProblem(pattern)).toBeUndefined(),
  );
  it.each([
    ['yyyy-QQ', "has the unknown pattern letter 'Q' at position 6"],
    ['YYYY-MM-DDTHH', "has the unknown pattern letter 'T' at position 11"],
    ["yyyy'", 'has an unterminated quote'],
    ["'literal only'", 'has no date or time letters'],
    ['  ', 'is empty'],
  ])('refuses %s', (pattern, problem) => expect(simpleDateFormatProblem(pattern)).toBe(problem));
});

describe('formatHint warnings (valid for Java, probably not meant)', () => {
  const warningsFor = (formatHint: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'msk-athena-schemas-'));
    mkdirSync(join(dir, 'shop'));
    writeFileSync(join(dir, F), withFields(field({ name: 't', mapping: 't', type: 'TIMESTAMP', formatHint })));
    const report = checkSchemaFolder(dir, dir);
    expect(report.problems).toEqual([]);
    return report.warnings.map(formatProblem);
  };

  it.each([
    ['YYYY-MM-dd', `"YYYY-MM-dd" uses 'Y' (week year: late December reads as the next year); write yyyy for the calendar year`],
    ['yyyy-mm-dd', `"yyyy-mm-dd" uses 'mm' (minutes) among date letters; write MM for the month`],
    ['yyyy-MM-dd HH:MM:ss', `"yyyy-MM-dd HH:MM:ss" uses 'MM' (month) among time letters; write mm for minutes`],
    ['yyyy-MM-dd hh:mm:ss', `"yyyy-MM-dd hh:mm:ss" uses 'hh' (hour 1-12) without 'a' (AM/PM): 13:00 cannot be told from 01:00; write HH for hours 0-23`],
    [
      'yyyy-MM-dd HH:mm:ss.S',
      `"yyyy-MM-dd HH:mm:ss.S" uses 'S': S counts milliseconds, so ".5" reads as 5 ms, not 500; write SSS and produce exactly three digits`,
    ],
    ['yyyy-DD-MM', `"yyyy-DD-MM" uses 'D' (day of the year) beside a month; write dd for the day of the month`],
  ])('%s', (hint, warning) => {
    expect(warningsFor(hint)).toEqual([`${F}: message.fields[0] (t).formatHint: ${warning}`]);
  });

  it.each(['yyyy-MM-dd HH:mm:ss.SSS', 'dd/MM/yy hh:mm a', "yyyy-MM-dd'T'HH:mm:ssXXX", 'HH:mm'])('none for %s', (hint) => {
    expect(warningsFor(hint)).toEqual([]);
  });
});
