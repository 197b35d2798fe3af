import { checkAvroSchema } from '../../../core/tables/avro-schema';

/*
 * An .avsc file Avro refuses: the problem names the field it is about (avsc's
 * own message names only the type), and a type name people write for Avro's
 * (integer, strng) gets "did you mean".
 */
const schema = (fields: object[]) => JSON.stringify({ type: 'record', name: 'Shipment', namespace: 'example.customer', fields });

describe('an Avro schema Avro refuses', () => {
  it('names the field with an unknown type, and the type it likely means', () => {
    const { problems } = checkAvroSchema(
      'schemas/customer/shipments.avsc',
      schema([
        { name: 'id', type: 'string' },
        { name: 'parcels', type: 'integer' },
      ]),
    );
    expect(problems).toEqual([
      {
        file: 'schemas/customer/shipments.avsc',
        field: 'fields[1] (parcels).type',
        problem: '"integer" is not an Avro type, nor a type defined earlier in the schema (Avro read it as the name example.customer.integer)',
        fix: 'did you mean "int"? Avro\'s types: boolean, int, long, float, double, string',
      },
    ]);
  });

  it('offers the nearest Avro type for a typo, and none for a far name', () => {
    const fix = (type: string) => checkAvroSchema('s.avsc', schema([{ name: 'a', type }])).problems[0].fix;
    expect(fix('strng')).toMatch(/^did you mean "string"\?/);
    expect(fix('Long')).toMatch(/^did you mean "long"\?/);
    expect(fix('geometry')).toBe('use boolean, int, long, float, double or string');
  });

  it('names the field of any other refusal, such as a default of the wrong type', () => {
    const [p] = checkAvroSchema(
      's.avsc',
      schema([
        { name: 'a', type: 'int' },
        { name: 'b', type: 'string', default: 3 },
      ]),
    ).problems;
    expect(p.field).toBe('fields[1] (b)');
    expect(p.problem).toMatch(/^is not a valid Avro schema: .*default/);
  });
});
