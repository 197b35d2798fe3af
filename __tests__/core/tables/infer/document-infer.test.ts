import { RecordChecker } from '../../../../core/records/record-check';
import { inferDocument } from '../../../../core/tables/infer/document-infer';
import { InferenceRefusal } from '../../../../core/tables/infer/refusal';
import { readDocumentTable } from '../../../../core/tables/document-table';
import { jsonRecords, records } from './records';

const fieldsOf = (r: ReturnType<typeof inferDocument>) => r.document.message.fields;
const field = (r: ReturnType<typeof inferDocument>, name: string) => r.fields.find((f) => f.name === name)!;

/** The inferred file as schemas:check reads it, and verify's problems over the same sample. */
function judged(topic: string, format: 'json' | 'csv', sample: ReturnType<typeof records>, columns?: string[], narrowIntegers?: boolean) {
  const inference = inferDocument(topic, format, sample, { columns, narrowIntegers });
  const read = readDocumentTable(`schemas/db/${topic}.json`, JSON.stringify(inference.document));
  const checker = new RecordChecker(`db.${topic}`, inference.document);
  for (const r of sample) checker.add(r.value, r.partition, r.offset);
  return { inference, problems: read.problems, verifyProblems: checker.problems };
}

describe('JSON topics', () => {
  it("types whole numbers BIGINT (the sample's range is not the topic's), numbers with fractions DOUBLE, and says why", () => {
    const sample = jsonRecords({ qty: 1, big: 3_000_000_000, price: 2, ratio: 0.5 }, { qty: -7, big: 12, price: 2.25, ratio: 1e-3 });
    const { inference, problems, verifyProblems } = judged('t', 'json', sample);
    expect(fieldsOf(inference)).toEqual([
      { name: 'qty', mapping: 'qty', type: 'BIGINT' },
      { name: 'big', mapping: 'big', type: 'BIGINT' },
      { name: 'price', mapping: 'price', type: 'DOUBLE' },
      { name: 'ratio', mapping: 'ratio', type: 'DOUBLE' },
    ]);
    expect(field(inference, 'qty').evidence).toBe(
      '2 of 2 values are whole numbers (-7 to 1); BIGINT, as later values may outgrow the sample (--narrow-integers: INTEGER)',
    );
    expect(field(inference, 'big').evidence).toMatch(/beyond INTEGER, within BIGINT/);
    expect({ problems, verifyProblems }).toEqual({ problems: [], verifyProblems: 0 });
  });

  it('types whole numbers INTEGER by range only when asked (--narrow-integers), BIGINT beyond it', () => {
    const sample = jsonRecords({ user_id: 3_114, big: 3_000_000_000 }, { user_id: 997_805, big: 12 });
    const { inference, verifyProblems } = judged('t', 'json', sample, undefined, true);
    expect(fieldsOf(inference).map((f) => f.type)).toEqual(['INTEGER', 'BIGINT']);
    expect(field(inference, 'user_id').evidence).toBe('2 of 2 values are whole numbers within INTEGER (3114 to 997805)');
    expect(verifyProblems).toBe(0);
    expect(fieldsOf(judged('t', 'json', sample).inference).map((f) => f.type)).toEqual(['BIGINT', 'BIGINT']);
  });

  it('keeps whole numbers beyond BIGINT as VARCHAR, exact to the digit', () => {
    const { inference, verifyProblems } = judged('t', 'json', records('{"n": 123456789012345678901234}', '{"n": 1}'));
    expect(fieldsOf(inference)[0].type).toBe('VARCHAR');
    expect(verifyProblems).toBe(0);
  });

  it('types BOOLEAN only for JSON booleans: the text "true" stays VARCHAR', () => {
    const { inference, verifyProblems } = judged('t', 'json', jsonRecords({ a: true, b: 'true' }, { a: false, b: 'false' }));
    expect(fieldsOf(inference).map((f) => f.type)).toEqual(['BOOLEAN', 'VARCHAR']);
    expect(verifyProblems).toBe(0);
  });

  it.each([
    [['2024-03-01T12:30:00.123Z', '2023-12-31T23:59:59.000+02:00'], "yyyy-MM-dd'T'HH:mm:ss.SSSXXX"],
    [['2024-03-01T12:30:00Z', '2024-03-01T12:30:00-05:30'], "yyyy-MM-dd'T'HH:mm:ssXXX"],
    [['2024-03-01T12:30:00+0200', '2024-03-01T12:30:00Z'], "yyyy-MM-dd'T'HH:mm:ssXX"],
    [['2024-03-01 12:30:00.250', '1999-01-02 00:00:00.000'], 'yyyy-MM-dd HH:mm:ss.SSS'],
    [['2024-03-01 12:30:00', '1999-01-02 00:00:01'], 'yyyy-MM-dd HH:mm:ss'],
    [['2024-03-01T12:30', '1999-01-02T00:00'], "yyyy-MM-dd'T'HH:mm"],
  ])('types ISO 8601 texts %j TIMESTAMP with the formatHint %s, which reads each exactly', (values, hint) => {
    const { inference, problems, verifyProblems } = judged('t', 'json', jsonRecords(...values.map((at) => ({ at }))));
    expect(fieldsOf(inference)[0]).toEqual({ name: 'at', mapping: 'at', type: 'TIMESTAMP', formatHint: hint });
    expect({ problems, verifyProblems }).toEqual({ problems: [], verifyProblems: 0 });
  });

  it('types dates DATE "yyyy-MM-dd", before 1970 too', () => {
    const { inference, verifyProblems } = judged('t', 'json', jsonRecords({ d: '2024-02-29' }, { d: '1969-07-20' }));
    expect(fieldsOf(inference)[0]).toMatchObject({ type: 'DATE', formatHint: 'yyyy-MM-dd' });
    expect(verifyProblems).toBe(0);
  });

  it.each([
    [['2026/11/05', '2024/02/29'], 'DATE', 'yyyy/MM/dd'],
    [['05.11.2026', '29.02.2024'], 'DATE', 'dd.MM.yyyy'],
    [['11/05/2026', '02/29/2024'], 'DATE', 'MM/dd/yyyy'],
    [['05/11/2026', '29/02/2024'], 'DATE', 'dd/MM/yyyy'],
    [['05-11-2026', '31-12-1999'], 'DATE', 'dd-MM-yyyy'],
    [['2026/11/05 08:15:00', '2024/02/29 23:59:59'], 'TIMESTAMP', 'yyyy/MM/dd HH:mm:ss'],
    [['05.11.2026 08:15', '29.02.2024 23:59'], 'TIMESTAMP', 'dd.MM.yyyy HH:mm'],
    [['11/05/2026 08:15:00.250', '12/31/2024 23:59:59.999'], 'TIMESTAMP', 'MM/dd/yyyy HH:mm:ss.SSS'],
  ])('types dates and times written %j %s with the layout %s, which SimpleDateFormat reads exactly', (values, type, hint) => {
    const { inference, problems, verifyProblems } = judged('t', 'json', jsonRecords(...values.map((at) => ({ at }))));
    expect(fieldsOf(inference)[0]).toEqual({ name: 'at', mapping: 'at', type, formatHint: hint });
    expect({ problems, verifyProblems }).toEqual({ problems: [], verifyProblems: 0 });
  });

  it.each([
    // No day above 12: month-first and day-first read every value, each as another date.
    [['01/02/2026', '03/04/2026'], /reads as MM\/dd\/yyyy and as dd\/MM\/yyyy/],
    // One value is not a date (day 31 in a 30-day month): Java would roll it over into the next month.
    [['31.04.2026', '01.05.2026'], /no one date layout/],
    // Two layouts in one field: no formatHint reads both.
    [['2026/11/05', '05.11.2026'], /no one date layout/],
    // Two-digit years: yy reads them in a window around today, so they are not taken.
    [['05.11.26', '06.11.26'], /no one date layout/],
  ])('leaves %j VARCHAR, saying why', (values, why) => {
    const { inference, verifyProblems } = judged('t', 'json', jsonRecords(...values.map((at) => ({ at }))));
    expect(fieldsOf(inference)[0].type).toBe('VARCHAR');
    expect(
      field(inference, 'at')
        .notes.map((n) => n.text)
        .join(' '),
    ).toMatch(why);
    expect(verifyProblems).toBe(0);
  });

  it('types CSV dates in another layout the same way', () => {
    const { inference, verifyProblems } = judged('t', 'csv', records('a,2026/11/05 08:15:00', 'b,2024/01/31 00:00:00'));
    expect(fieldsOf(inference)[1]).toEqual({ name: 'c1', mapping: '1', type: 'TIMESTAMP', formatHint: 'yyyy/MM/dd HH:mm:ss' });
    expect(verifyProblems).toBe(0);
  });

  it.each([
    [['2024-03-01T12:30:00.123456Z', '2024-03-01T12:30:00.000001Z'], /fraction that is not 3 digits/],
    [['2024-03-01T12:30:00Z', '2024-03-01T12:30:00.123Z'], /mix forms/],
    [['2024-02-30T00:00:00Z'], /not an ISO 8601 date or time/],
  ])('leaves texts %j VARCHAR when no formatHint reads every one exactly, saying why', (values, why) => {
    const { inference, verifyProblems } = judged('t', 'json', jsonRecords(...values.map((at) => ({ at }))));
    expect(fieldsOf(inference)[0].type).toBe('VARCHAR');
    expect(
      field(inference, 'at')
        .notes.map((n) => n.text)
        .join(' '),
    ).toMatch(why);
    expect(verifyProblems).toBe(0);
  });

  it('types epoch milliseconds BIGINT with a note, and epoch seconds under a time-like name', () => {
    const { inference } = judged(
      't',
      'json',
      jsonRecords(
        { created_at: 1_700_000_000, ms: 1_700_000_000_123, count: 1_700_000_000 },
        { created_at: 1_700_000_100, ms: 1_700_000_001_000, count: 1_700_000_001 },
      ),
    );
    expect(fieldsOf(inference).map((f) => f.type)).toEqual(['BIGINT', 'BIGINT', 'BIGINT']);
    expect(field(inference, 'count').notes).toEqual([]);
    expect(field(inference, 'ms').evidence).toMatch(/epoch milliseconds \(2023-11-14T22:13:20\.123Z to 2023-11-14T22:13:21\.000Z\)/);
    expect(field(inference, 'created_at').notes[0].text).toMatch(/from_unixtime\(<column>\)/);
  });

  it('types nested objects and arrays VARCHAR with a warning that they read empty', () => {
    const { inference } = judged('t', 'json', jsonRecords({ items: [{ sku: 'a' }], card: { brand: 'x' } }));
    expect(fieldsOf(inference).map((f) => f.type)).toEqual(['VARCHAR', 'VARCHAR']);
    expect(field(inference, 'items').notes).toEqual([
      { level: 'warning', text: '1 value is a nested object or array: they read empty ("") until producers write them as JSON strings' },
    ]);
  });

  it('names camelCase, spaced and dashed keys in snake_case, keeps the key as mapping, and leaves dotted keys out', () => {
    const sample = jsonRecords({ orderId: 'a', 'First Name': 'b', 'zip-code': 'c', HTTPStatus: 200, 'user.id': 'u', user_id: 'd', userId: 'e' });
    const { inference, problems, verifyProblems } = judged('t', 'json', sample);
    expect(fieldsOf(inference).map((f) => [f.name, f.mapping])).toEqual([
      ['order_id', 'orderId'],
      ['first_name', 'First Name'],
      ['zip_code', 'zip-code'],
      ['http_status', 'HTTPStatus'],
      ['user_id', 'user_id'],
      ['user_id_2', 'userId'],
    ]);
    expect(inference.notes.map((n) => n.text).join(' ')).toMatch(/left out 1 key with a dot \("user\.id"\)/);
    expect({ problems, verifyProblems }).toEqual({ problems: [], verifyProblems: 0 });
  });

  it('counts absent keys and JSON nulls as notes, not evidence', () => {
    const { inference } = judged('t', 'json', jsonRecords({ a: 1, b: 'x' }, { a: null }, {}));
    expect(fieldsOf(inference).map((f) => f.type)).toEqual(['BIGINT', 'VARCHAR']);
    expect(field(inference, 'a').evidence).toMatch(/^1 of 3 values are whole numbers \(all 1\); BIGINT/);
    expect(field(inference, 'a').notes.map((n) => n.text)).toEqual(['absent from 1 record: NULL there', '1 JSON null read as NULL']);
    expect(field(inference, 'b').notes.map((n) => n.text)).toEqual(['absent from 2 records: NULL there']);
  });

  it('reads numbers and texts of one key as VARCHAR when it reads every value as written', () => {
    const { inference, verifyProblems } = judged('t', 'json', jsonRecords({ code: 42 }, { code: 'A7' }, { code: true }));
    expect(fieldsOf(inference)[0].type).toBe('VARCHAR');
    expect(field(inference, 'code').evidence).toMatch(/mixed kinds \(1 boolean, 1 whole number, 1 text\)/);
    expect(verifyProblems).toBe(0);
  });

  it('refuses a contradictory sample, naming the key and the records that disagree', () => {
    const run = () => inferDocument('t', 'json', records('{"price": 1.50}', '{"price": "n/a"}'));
    expect(run).toThrow(InferenceRefusal);
    expect(run).toThrow(
      'key "price": partition 0 offset 1 holds the text "n/a"; as VARCHAR, partition 0 offset 0: "1.50" reads as "1.5"; no column type reads every value as written',
    );
  });
});

describe('CSV topics', () => {
  it('types columns by index as c0, c1, ... with the same rules', () => {
    const { inference, problems, verifyProblems } = judged('t', 'csv', records('1,2024-01-01,true,x,2.5', '2,2024-01-02,false,y,3'));
    expect(fieldsOf(inference)).toEqual([
      { name: 'c0', mapping: '0', type: 'BIGINT' },
      { name: 'c1', mapping: '1', type: 'DATE', formatHint: 'yyyy-MM-dd' },
      { name: 'c2', mapping: '2', type: 'BOOLEAN' },
      { name: 'c3', mapping: '3', type: 'VARCHAR' },
      { name: 'c4', mapping: '4', type: 'DOUBLE' },
    ]);
    expect({ problems, verifyProblems }).toEqual({ problems: [], verifyProblems: 0 });
  });

  it('keeps "007" VARCHAR: BIGINT would read it as 7', () => {
    const { inference } = judged('t', 'csv', records('007,5', '010,6'));
    expect(fieldsOf(inference).map((f) => f.type)).toEqual(['VARCHAR', 'BIGINT']);
  });

  it('names the columns from --columns', () => {
    const { inference, problems } = judged('t', 'csv', records('1,a', '2,b'), ['id', 'label']);
    expect(fieldsOf(inference).map((f) => f.name)).toEqual(['id', 'label']);
    expect(problems).toEqual([]);
    expect(() => inferDocument('t', 'csv', records('1,a'), { columns: ['id'] })).toThrow(
      '--columns names 1 column, the records have 2; give 2 names, one per column in order',
    );
  });

  it('takes a header row for the names when its texts stand over typed columns, and says Athena returns it', () => {
    const { inference, problems } = judged('t', 'csv', records('Order Id,amount,note', '1,2.5,x', '2,3.5,y'));
    expect(fieldsOf(inference)).toEqual([
      { name: 'order_id', mapping: '0', type: 'BIGINT' },
      { name: 'amount', mapping: '1', type: 'DOUBLE' },
      { name: 'note', mapping: '2', type: 'VARCHAR' },
    ]);
    expect(inference.notes[0].text).toMatch(
      /^partition 0 offset 0 is a header row \("Order Id,amount,note"\): its texts name the columns; Athena returns it as a row/,
    );
    expect(problems).toEqual([]);
  });

  it('reads a first row of texts over text columns as data (there is nothing to tell a header by)', () => {
    const { inference } = judged('t', 'csv', records('name,city', 'ann,oslo'));
    expect(fieldsOf(inference).map((f) => f.name)).toEqual(['c0', 'c1']);
    expect(inference.notes).toEqual([]);
  });

  it('notes rows with fewer columns: the missing ones read NULL', () => {
    const { inference } = judged('t', 'csv', records('1,2,3', '4'));
    expect(field(inference, 'c2').notes.map((n) => n.text)).toEqual(['absent from 1 record: NULL there']);
  });
});
