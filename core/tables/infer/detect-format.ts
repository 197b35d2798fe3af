import { parseJsonRecord } from '../../records/connector-values';
import { decodeWireFormat } from '../../records/glue-wire-format';
import { counted } from '../../problems';
import { InferenceRefusal } from './refusal';
import { quote, where, type SampleRecord } from './sample';

/*
 * What a topic's records are: Avro or Protobuf in the Glue Schema Registry wire
 * format (a header naming the writer's schema version), JSON objects, or, when
 * no record is a JSON object, CSV. A sample that mixes them makes no table.
 */

export type SampleFormat = 'json' | 'csv' | 'registry';

const isWire = (r: SampleRecord) => {
  if (!r.bytes) return false;
  try {
    decodeWireFormat(r.bytes);
    return true;
  } catch {
    return false;
  }
};

const isJsonObject = (r: SampleRecord) => {
  const v = parseJsonRecord(r.value!);
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v as { isLosslessNumber?: boolean }).isLosslessNumber;
};

function mixed(topic: string, a: SampleRecord[], aWhat: string, b: SampleRecord[], bWhat: string): InferenceRefusal {
  const shown = (r: SampleRecord) => (isWire(r) ? where(r) : `${where(r)}: ${quote(r.value!)}`);
  return new InferenceRefusal([
    `the sample of ${topic} is contradictory, nothing written:`,
    `  ${aWhat}: ${counted(a.length, 'record')}, first at ${shown(a[0])}`,
    `  ${bWhat}: ${counted(b.length, 'record')}, first at ${shown(b[0])}`,
    '  one table reads one format: move the other records to a topic of their own',
  ]);
}

/** The format of the sample's records (tombstones aside); throws InferenceRefusal for an empty or mixed sample. */
export function detectFormat(topic: string, records: readonly SampleRecord[]): SampleFormat {
  const readable = records.filter((r) => r.value !== null);
  if (readable.length === 0) {
    const what = records.length === 0 ? 'has no records' : `holds only ${counted(records.length, 'tombstone')}`;
    throw new InferenceRefusal([`topic ${topic} ${what}, nothing written; produce some records first (or check --brokers)`]);
  }
  const wire = readable.filter(isWire);
  if (wire.length === readable.length) return 'registry';
  if (wire.length > 0)
    throw mixed(
      topic,
      wire,
      'in the Glue Schema Registry wire format',
      readable.filter((r) => !isWire(r)),
      'not in the wire format',
    );
  const objects = readable.filter(isJsonObject);
  if (objects.length === readable.length) return 'json';
  if (objects.length === 0) return 'csv';
  throw mixed(
    topic,
    objects,
    'JSON objects',
    readable.filter((r) => !isJsonObject(r)),
    'not JSON objects',
  );
}
