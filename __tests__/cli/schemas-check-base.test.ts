import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { formatProblem } from '../../core/problems';
import { main } from '../../cli/schemas/check-command';
import { BaseRefError, compareWithBase, reportComparison } from '../../cli/lib/base-check';

/*
 * `schemas:check --base REF` against a real git repository: a schema folder is
 * committed, a user edits it, and each change is judged against the commit as
 * Glue would take it (Avro and Protobuf under BACKWARD, documents under NONE).
 */
const AVRO = {
  type: 'record',
  name: 'Shipment',
  namespace: 'example',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'qty', type: 'int' },
    { name: 'weight', type: 'long' },
  ],
};
const avro = (fields: object[]) => `${JSON.stringify({ ...AVRO, fields }, null, 2)}\n`;
const PROTO =
  'syntax = "proto2";\npackage example;\n\nmessage Reading {\n  required string device = 1;\n  optional int64 count = 2;\n  optional string note = 3;\n}\n';
const DOC = {
  topicName: 'events',
  message: {
    dataFormat: 'json',
    fields: [
      { name: 'id', mapping: 'id', type: 'VARCHAR' },
      { name: 'amount', mapping: 'amount', type: 'VARCHAR' },
      { name: 'at', mapping: 'at', type: 'TIMESTAMP', formatHint: 'yyyy-MM-dd HH:mm:ss.SSS' },
    ],
  },
};
const CSV = {
  topicName: 'lines',
  message: {
    dataFormat: 'csv',
    fields: [
      { name: 'a', mapping: '0', type: 'VARCHAR' },
      { name: 'b', mapping: '1', type: 'INTEGER' },
    ],
  },
};
const json = (doc: object) => `${JSON.stringify(doc, null, 2)}\n`;

const FILES: Record<string, string> = {
  'schemas/shop/shipments.avsc': avro(AVRO.fields),
  'schemas/shop/readings.proto': PROTO,
  'schemas/shop/events.json': json(DOC),
  'schemas/shop/lines.json': json(CSV),
};

let repo: string;
const sh = (args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: repo, encoding: 'utf8' });
const write = (path: string, text: string) => {
  mkdirSync(dirname(join(repo, path)), { recursive: true });
  writeFileSync(join(repo, path), text);
};

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'msk-athena-base-'));
  sh(['init', '-q']);
  for (const [path, text] of Object.entries(FILES)) write(path, text);
  sh(['add', '.']);
  sh(['commit', '-q', '-m', 'tables']);
  sh(['tag', 'base']);
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));
// Each test edits the working tree; the next starts from the committed tables again.
afterEach(() => {
  sh(['checkout', '-q', '--', '.']);
  sh(['clean', '-qfd']);
});

/** The change to one file, judged against the tag `base`: refusals and warnings as the tool prints them. */
function judge(path: string, text: string) {
  write(path, text);
  const c = compareWithBase(join(repo, 'schemas'), repo, 'base');
  return { refused: c.refused.map(formatProblem), warnings: c.warnings.map(formatProblem) };
}

describe('schemas:check --base: Avro under BACKWARD', () => {
  const file = 'schemas/shop/shipments.avsc';
  const [id, qty, weight] = AVRO.fields;

  it('accepts a new field with a default, and says older records read NULL in it', () => {
    const r = judge(file, avro([...AVRO.fields, { name: 'carrier', type: 'string', default: '' }]));
    expect(r.refused).toEqual([]);
    expect(r.warnings).toEqual([
      'schemas/shop/shipments.avsc: fields[3] (carrier): is new: records already on the topic read NULL in it, not its default ' +
        '(the connector decodes each record with the schema it was written with); expect NULL for older records in SQL, e.g. coalesce(column, default)',
    ]);
  });

  it('refuses a new field without a default, with the field and the fix', () => {
    expect(judge(file, avro([...AVRO.fields, { name: 'carrier', type: 'string' }])).refused).toEqual([
      'schemas/shop/shipments.avsc: fields[3] (carrier): is new and has no "default": records already on the topic have no value for it; ' +
        'Glue refuses this version (compatibility BACKWARD), so terraform apply fails; give it a default, e.g. "default": ""',
    ]);
  });

  it("accepts removing a field (Glue ignores the old records' value), warning that the column goes", () => {
    const r = judge(file, avro([id, qty]));
    expect(r.refused).toEqual([]);
    expect(r.warnings).toEqual([
      'schemas/shop/shipments.avsc: fields (weight): is removed: Athena no longer shows the column, and queries that name it fail ' +
        '(records already on the topic keep its values); update the saved queries that read it',
    ]);
  });

  it('accepts the promotion int -> long, refuses long -> int', () => {
    expect(judge(file, avro([id, { name: 'qty', type: 'long' }, weight]))).toEqual({ refused: [], warnings: [] });
    expect(judge(file, avro([id, qty, { name: 'weight', type: 'int' }])).refused).toEqual([
      'schemas/shop/shipments.avsc: fields[2] (weight).type: changes type from long to int, which is not an Avro promotion ' +
        '(int -> long, float or double; long -> float or double; float -> double; string <-> bytes): records already on the topic cannot be read as int; ' +
        'Glue refuses this version (compatibility BACKWARD), so terraform apply fails; keep "long" (or widen it to float or double); ' +
        'for another type, add a new field with a "default" and stop writing this one',
    ]);
  });

  it('refuses a renamed field, offering an alias; accepts it with the alias', () => {
    expect(judge(file, avro([id, qty, { name: 'grams', type: 'long' }])).refused).toEqual([
      'schemas/shop/shipments.avsc: fields[2] (grams): is new and has no "default": records already on the topic have no value for it; ' +
        'Glue refuses this version (compatibility BACKWARD), so terraform apply fails; give it a default, e.g. "default": 0; ' +
        'if it renames weight, add "aliases": ["weight"] instead',
    ]);
    const aliased = judge(file, avro([id, qty, { name: 'grams', type: 'long', aliases: ['weight'] }]));
    expect(aliased.refused).toEqual([]);
    expect(aliased.warnings[0]).toContain('fields[2] (grams): renames weight through an alias: records already on the topic read NULL in it');
  });

  it('refuses a renamed record', () => {
    expect(judge(file, `${JSON.stringify({ ...AVRO, name: 'Parcel' })}\n`).refused).toEqual([
      'schemas/shop/shipments.avsc: name: renames the record from Shipment to Parcel, and Avro reads a record only under its own name (namespace aside) ' +
        'or an alias; Glue refuses this version (compatibility BACKWARD), so terraform apply fails; keep "name" as "Shipment", or add "aliases": ["example.Shipment"]',
    ]);
    expect(judge(file, `${JSON.stringify({ ...AVRO, name: 'Parcel', aliases: ['Shipment'] })}\n`)).toEqual({ refused: [], warnings: [] });
  });

  it("accepts a namespace-only change, as Avro's SchemaCompatibility does (names are compared without it)", () => {
    expect(judge(file, `${JSON.stringify({ ...AVRO, namespace: 'example.shop' })}\n`)).toEqual({ refused: [], warnings: [] });
  });

  it('offers the rename only when a removed field of the same type makes one likely', () => {
    const tracking = { name: 'tracking_url', type: 'string' };
    // id (a string) is removed from the front and an unrelated string appended: two changes, no rename.
    expect(judge(file, avro([qty, weight, tracking])).refused).toEqual([
      expect.stringMatching(/fields\[2\] \(tracking_url\): is new and has no "default".*give it a default, e\.g\. "default": ""$/),
    ]);
    // The same type in the removed field's place, or a name sharing a word: a rename is likely.
    expect(judge(file, avro([id, { name: 'quantity', type: 'int' }, weight])).refused[0]).toMatch(/if it renames qty, add "aliases": \["qty"\] instead$/);
    expect(judge(file, avro([id, weight, { name: 'qty_total', type: 'int' }])).refused[0]).toMatch(/if it renames qty, add "aliases": \["qty"\] instead$/);
    // A removed field of another type never is.
    expect(judge(file, avro([id, { name: 'qty_label', type: 'string' }, weight])).refused[0]).toMatch(/"default": ""$/);
  });
});

describe('schemas:check --base: Protobuf under BACKWARD', () => {
  const file = 'schemas/shop/readings.proto';
  const edit = (from: string, to: string) => judge(file, PROTO.replace(from, to));

  it('accepts a new optional field', () => {
    expect(edit('  optional string note = 3;\n', '  optional string note = 3;\n  optional double level = 4;\n')).toEqual({ refused: [], warnings: [] });
  });

  it('refuses a field whose type no longer reads the old records', () => {
    expect(edit('optional int64 count = 2;', 'optional string count = 2;').refused).toEqual([
      'schemas/shop/readings.proto: Reading.count (= 2): changes type from int64 to string: records already on the topic hold a varint at 2, which string cannot read; ' +
        'Glue refuses this version (compatibility BACKWARD), so terraform apply fails; keep int64 at 2; for another type, add a field with a new number and add "reserved 2;"',
    ]);
  });

  it('accepts a type of the same wire encoding (int64 -> uint64), warning that older values are re-read', () => {
    const r = edit('optional int64 count = 2;', 'optional uint64 count = 2;');
    expect(r.refused).toEqual([]);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(
      /^schemas\/shop\/readings\.proto: Reading\.count \(= 2\): changes type from int64 to uint64 \(same wire encoding, so Glue accepts it\)/,
    );
  });

  it('refuses a number reused for another type', () => {
    expect(edit('optional string note = 3;', 'optional int32 level = 3;').refused).toEqual([
      'schemas/shop/readings.proto: Reading.level (= 3): reuses number 3, which was note (string), for level (int32): records already on the topic hold ' +
        'length-delimited bytes at 3, which int32 cannot read; Glue refuses this version (compatibility BACKWARD), so terraform apply fails; ' +
        'give level a number never used in Reading, and add "reserved 3;" so it is not reused',
    ]);
  });

  it('accepts a renamed field at the same number, warning that queries naming the old column fail', () => {
    const r = edit('optional string note = 3;', 'optional string comment = 3;');
    expect(r.refused).toEqual([]);
    expect(r.warnings).toEqual([
      'schemas/shop/readings.proto: Reading.comment (= 3): renames the column note to comment (Glue accepts it: the number is what records carry); ' +
        'queries that name note fail; update the saved queries',
    ]);
  });

  it('refuses removing or adding a required field, and a renamed message', () => {
    expect(edit('  required string device = 1;\n', '').refused[0]).toMatch(
      /^schemas\/shop\/readings\.proto: Reading\.device \(= 1\): removes the required field device/,
    );
    expect(edit('  optional string note = 3;\n', '  optional string note = 3;\n  required int32 zone = 4;\n').refused[0]).toMatch(
      /^schemas\/shop\/readings\.proto: Reading\.zone \(= 4\): adds the required field zone: records already on the topic lack it; Glue refuses/,
    );
    expect(edit('message Reading', 'message Sample').refused).toEqual([
      'schemas/shop/readings.proto: message Reading: is removed or renamed: records already on the topic were written with it; ' +
        'Glue refuses this version (compatibility BACKWARD), so terraform apply fails; keep message Reading (field names may change: the numbers are what records carry)',
    ]);
  });

  it('accepts removing an optional field, warning that the column goes', () => {
    const r = edit('  optional string note = 3;\n', '');
    expect(r.refused).toEqual([]);
    expect(r.warnings).toEqual([
      'schemas/shop/readings.proto: Reading.note (= 3): is removed: Athena no longer shows the column, and queries that name it fail; ' +
        'update the saved queries that read it, and add "reserved 3;" so the number is not reused',
    ]);
  });
});

describe('schemas:check --base: JSON and CSV documents (Glue compatibility NONE)', () => {
  it('warns, field by field, what records already on the topic will read', () => {
    const [id, amount, at] = DOC.message.fields;
    const next = {
      ...DOC,
      message: {
        ...DOC.message,
        fields: [
          { ...id, mapping: 'order_id' },
          { ...amount, type: 'DOUBLE' },
          { ...at, formatHint: "yyyy-MM-dd'T'HH:mm:ss" },
        ],
      },
    };
    const r = judge('schemas/shop/events.json', json(next));
    expect(r.refused).toEqual([]);
    expect(r.warnings).toEqual([
      'schemas/shop/events.json: message.fields[0] (id).mapping: "id" -> "order_id": records already on the topic are read from key "order_id" instead of key "id"; ' +
        'those without key "order_id" read NULL; keep the mapping "id" if older records matter, or add a column for key "order_id" beside it',
      "schemas/shop/events.json: message.fields[1] (amount).type: VARCHAR -> DOUBLE: records already on the topic now read NULL unless the value is a number (Java's Double.parseDouble); " +
        'keep the type if older records matter, or add a column with the new type beside it',
      'schemas/shop/events.json: message.fields[2] (at).formatHint: "yyyy-MM-dd HH:mm:ss.SSS" -> "yyyy-MM-dd\'T\'HH:mm:ss": records already on the topic, written as ' +
        '"yyyy-MM-dd HH:mm:ss.SSS", read NULL: e.g. "2024-03-09 14:05:06.789" does not match "yyyy-MM-dd\'T\'HH:mm:ss" (expected "T" at position 11); ' +
        'keep the pattern records were written with, or add a column with the new pattern beside it',
    ]);
  });

  it('warns on a removed field and a moved CSV column; says nothing of a widened integer', () => {
    const [a, b] = CSV.message.fields;
    const r = judge('schemas/shop/lines.json', json({ ...CSV, message: { ...CSV.message, fields: [{ ...b, mapping: '2', type: 'BIGINT' }] } }));
    expect(r.warnings).toEqual([
      'schemas/shop/lines.json: message.fields[0] (b).mapping: "1" -> "2": records already on the topic are read from column 2 instead of column 1; ' +
        'those without column 2 read NULL; keep the mapping "1" if older records matter, or add a column for column 2 beside it',
      `schemas/shop/lines.json: message.fields (${a.name}): is removed: Athena no longer shows the column, and queries that name it fail ` +
        '(records already on the topic keep the value); update the saved queries that read it',
    ]);
  });
});

describe('schemas:check --base: files and refs', () => {
  it('lists files new and gone since the ref, and a table that changes format', () => {
    unlinkSync(join(repo, 'schemas/shop/events.json'));
    write('schemas/shop/events.avsc', avro(AVRO.fields));
    write('schemas/more/clicks.json', json({ ...DOC, topicName: 'clicks' }));
    const c = compareWithBase(join(repo, 'schemas'), repo, 'base');
    expect({ added: c.added, removed: c.removed }).toEqual({
      added: ['schemas/more/clicks.json', 'schemas/shop/events.avsc'],
      removed: ['schemas/shop/events.json'],
    });
    expect(c.warnings.map(formatProblem)).toEqual([
      "schemas/shop/events.avsc: replaces schemas/shop/events.json: the table changes from a JSON or CSV document to Avro, and a Glue schema's data format cannot change, " +
        'so Terraform replaces the schema and its versions; make sure producers write the new format before this is deployed',
    ]);
    expect(reportComparison(c).out).toEqual([
      'new since base: schemas/more/clicks.json',
      'new since base: schemas/shop/events.avsc',
      'gone since base: schemas/shop/events.json (Terraform destroys its Glue schema and every version)',
      'ok: compared with base: 0 files changed, 2 new, 1 gone; nothing Glue would refuse',
    ]);
  });

  it('names a ref that does not exist, and a folder outside git', () => {
    expect(() => compareWithBase(join(repo, 'schemas'), repo, 'no-such-branch')).toThrow(
      new BaseRefError('no-such-branch names no commit, branch or tag here (fetch it first, e.g. git fetch origin no-such-branch)'),
    );
    const outside = mkdtempSync(join(tmpdir(), 'msk-athena-nogit-'));
    try {
      expect(() => compareWithBase(outside, outside, 'main')).toThrow('needs git history, and . is not in a git work tree');
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('npm run schemas:check -- --base', () => {
  async function run(argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
    const error = jest.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
    const cwd = process.cwd();
    process.chdir(repo);
    try {
      const status = await main(argv);
      return { status, out, err };
    } finally {
      process.chdir(cwd);
      log.mockRestore();
      error.mockRestore();
    }
  }

  it('fails with the refusal and a tally when Glue would refuse a change', async () => {
    write('schemas/shop/shipments.avsc', avro([...AVRO.fields, { name: 'carrier', type: 'string' }]));
    const r = await run(['schemas', '--base', 'base']);
    expect(r.status).toBe(1);
    expect(r.out[0]).toBe('ok: 4 tables in 1 registry (shop)');
    expect(r.err[0]).toMatch(/^schemas\/shop\/shipments\.avsc: fields\[3\] \(carrier\): is new and has no "default"/);
    expect(r.err.at(-1)).toBe('1 change Glue would refuse since base (1 file changed, 0 new, 0 gone); fix them before merging.');
  });

  it('passes a compatible change, and refuses an unknown ref as a usage error', async () => {
    write('schemas/shop/shipments.avsc', avro([...AVRO.fields, { name: 'carrier', type: 'string', default: '' }]));
    const ok = await run(['schemas', '--base', 'base']);
    expect({ status: ok.status, last: ok.out.at(-1) }).toEqual({
      status: 0,
      last: 'ok: compared with base: 1 file changed, 0 new, 0 gone; nothing Glue would refuse',
    });
    const bad = await run(['schemas', '--base', 'nope']);
    expect({ status: bad.status, err: bad.err }).toEqual({
      status: 2,
      err: ['schemas:check: --base nope names no commit, branch or tag here (fetch it first, e.g. git fetch origin nope); see --help'],
    });
  });
});
