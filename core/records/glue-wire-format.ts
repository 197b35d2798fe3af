/*
 * The Glue Schema Registry wire format (schema-registry-serde,
 * SerializationDataEncoder): a header version byte (3), a compression byte
 * (0 none, 5 zlib), the 16-byte schema version id, then the Avro or Protobuf
 * bytes. Protobuf bytes start with the message index as a varint
 * (ProtobufWireFormatEncoder).
 */
import { inflateSync } from 'node:zlib';
import { javaVarint32 } from './java-varint';

const HEADER_VERSION = 3;
const UNCOMPRESSED = 0;
const ZLIB = 5;
const HEADER_BYTES = 18;

/** Header plus payload, uncompressed (the serde's default). */
export function encodeWireFormat(schemaVersionId: string, payload: Uint8Array): Buffer {
  const id = Buffer.from(schemaVersionId.replace(/-/g, ''), 'hex');
  if (id.length !== 16) throw new Error(`schema version id "${schemaVersionId}" is not a UUID`);
  return Buffer.concat([Buffer.from([HEADER_VERSION, UNCOMPRESSED]), id, payload]);
}

export interface WireRecord {
  readonly schemaVersionId: string;
  /** The Avro or Protobuf bytes, decompressed. */
  readonly payload: Buffer;
}

/** Splits a record value; throws with what is wrong when it is not the wire format. */
export function decodeWireFormat(value: Buffer): WireRecord {
  if (value.length < HEADER_BYTES) throw new Error(`${value.length} bytes, shorter than the ${HEADER_BYTES}-byte Glue Schema Registry header`);
  if (value[0] !== HEADER_VERSION) throw new Error(`starts with byte ${value[0]}, not the Glue Schema Registry header version ${HEADER_VERSION}`);
  if (value[1] !== UNCOMPRESSED && value[1] !== ZLIB) throw new Error(`compression byte ${value[1]} is neither 0 (none) nor 5 (zlib)`);
  const hex = value.subarray(2, HEADER_BYTES).toString('hex');
  const schemaVersionId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  const body = value.subarray(HEADER_BYTES);
  return { schemaVersionId, payload: value[1] === ZLIB ? inflateSync(body) : Buffer.from(body) };
}

/** Protocol buffers' unsigned varint. */
export function encodeVarint(n: number): Buffer {
  const bytes: number[] = [];
  let v = n >>> 0;
  while (v > 0x7f) {
    bytes.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  bytes.push(v);
  return Buffer.from(bytes);
}

/**
 * The Protobuf message index as the serde reads it (CodedInputStream.readUInt32):
 * a varint of up to ten bytes, its low 32 bits as a Java int (so negative from
 * 2^31). Returns it and the bytes after it.
 */
export function decodeVarint(buf: Buffer): { value: number; rest: Buffer } {
  const read = javaVarint32(buf, 0, buf.length);
  if (!read) throw new Error('the Protobuf message index is not a valid varint');
  return { value: read.value, rest: buf.subarray(read.end) };
}
