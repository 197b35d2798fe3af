import { encodeWireFormat } from '../../../../core/records/glue-wire-format';
import { detectFormat } from '../../../../core/tables/infer/detect-format';
import { InferenceRefusal } from '../../../../core/tables/infer/refusal';
import { inferRegistryTable } from '../../../../core/tables/infer/registry-infer';
import type { SampleRecord } from '../../../../core/tables/infer/sample';
import { checkAvroSchema } from '../../../../core/tables/avro-schema';
import { jsonRecords, records } from './records';

const V1 = '11111111-1111-1111-1111-111111111111';
const V2 = '22222222-2222-2222-2222-222222222222';
const wire = (id: string, partition: number, offset: number): SampleRecord => {
  const bytes = encodeWireFormat(id, Buffer.from([2, 0x61]));
  return { partition, offset: String(offset), value: bytes.toString(), bytes };
};
const avro = (fields: unknown[]) => JSON.stringify({ type: 'record', name: 'Event', fields });
const version = (definition: string, schema = 'events', dataFormat = 'AVRO') => ({ registry: 'team', schema, dataFormat, definition });

describe('what a topic holds', () => {
  it('tells wire-format records, JSON objects and CSV apart', () => {
    expect(detectFormat('t', [wire(V1, 0, 0)])).toBe('registry');
    expect(detectFormat('t', jsonRecords({ a: 1 }, { b: 2 }))).toBe('json');
    expect(detectFormat('t', records('1,a', '[1,2]', '42'))).toBe('csv');
  });

  it('refuses an empty topic and one of tombstones only: nothing to infer from', () => {
    expect(() => detectFormat('t', [])).toThrow('topic t has no records, nothing written; produce some records first (or check --brokers)');
    expect(() => detectFormat('t', records(null, null))).toThrow('topic t holds only 2 tombstones, nothing written');
  });

  it('refuses a sample that mixes JSON objects with other records, naming the first of each', () => {
    const run = () => detectFormat('t', records('{"a":1}', 'a,b'));
    expect(run).toThrow(InferenceRefusal);
    expect(run).toThrow(
      '  JSON objects: 1 record, first at partition 0 offset 0: "{\\"a\\":1}"\n  not JSON objects: 1 record, first at partition 0 offset 1: "a,b"',
    );
  });
});

describe('Avro and Protobuf topics', () => {
  it("writes the writer's schema of the newest records as <topic>.avsc, laid out for review", () => {
    const old = avro([{ name: 'id', type: 'string' }]);
    const now = avro([
      { name: 'id', type: 'string' },
      { name: 'qty', type: 'int', default: 0 },
    ]);
    const sample = [wire(V1, 0, 0), wire(V2, 0, 1), wire(V1, 1, 0)];
    const inferred = inferRegistryTable(
      'team-events',
      sample,
      new Map([
        [V1, version(old)],
        [V2, version(now)],
      ]),
      'Glue',
    );
    // Partition 0 ends with V2, partition 1 with V1: a tie goes to the first partition's newest.
    expect(inferred).toMatchObject({ format: 'avro', fileName: 'team-events.avsc', versionId: V2, text: `${JSON.stringify(JSON.parse(now), null, 2)}\n` });
    expect(inferred.notes[0].text).toMatch(/records carry 2 versions of team\/events; the table takes 2222/);
  });

  it('writes Protobuf definitions as they are, as <topic>.proto', () => {
    const proto = 'syntax = "proto2";\nmessage Reading { optional string id = 1; }';
    expect(inferRegistryTable('r', [wire(V1, 0, 0)], new Map([[V1, version(proto, 'r', 'PROTOBUF')]]), 'Glue')).toMatchObject({
      format: 'protobuf',
      fileName: 'r.proto',
      text: `${proto}\n`,
    });
  });

  it('leaves judging the schema to the rules of a hand-written file: a union is listed with its fix', () => {
    const inferred = inferRegistryTable('t', [wire(V1, 0, 0)], new Map([[V1, version(avro([{ name: 'note', type: ['null', 'string'] }]))]]), 'Glue');
    expect(checkAvroSchema('schemas/db/t.avsc', inferred.text).problems.map((p) => p.problem)).toEqual([
      expect.stringMatching(/is the union \["null","string"\]/),
    ]);
  });

  it('refuses records whose version the registry does not have, and records of two schemas', () => {
    expect(() => inferRegistryTable('t', [wire(V1, 0, 0)], new Map([[V1, undefined]]), 'http://127.0.0.1:1')).toThrow(
      /1 record of t name schema versions http:\/\/127\.0\.0\.1:1 does not have, nothing written:\n {2}1111.* \(first at partition 0 offset 0\)/,
    );
    const two = new Map([
      [V1, version(avro([]), 'a')],
      [V2, version(avro([]), 'b')],
    ]);
    expect(() => inferRegistryTable('t', [wire(V1, 0, 0), wire(V2, 0, 1)], two, 'Glue')).toThrow(
      /written with 2 different schemas\n {2}team\/a \(AVRO\): 1 record, first at partition 0 offset 0/,
    );
  });
});
