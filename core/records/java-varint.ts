/*
 * Varints as protobuf-java's CodedInputStream reads them from a byte array,
 * which is how the connector's deserializer reads a record (and how text
 * format re-reads the bytes of an unknown length-delimited field). For the
 * shortest encodings every decoder agrees; for longer ones (any producer may
 * pad a varint with 0x80 bytes) Java's answers are its own:
 * - a 64-bit varint of ten bytes reads with its top bit set, whatever the
 *   tenth byte holds: Java's fast path keeps the ninth byte's continuation
 *   bit as bit 63 and only checks that the tenth byte ends the varint. So
 *   80 80 80 80 80 80 80 80 80 00 reads 2^63, not 0, and a bool holding it is
 *   true;
 * - a tag or a length is the low 32 bits of a varint of up to ten bytes, a
 *   length that is negative as a Java int failing the record, where
 *   protobufjs refuses any tag or length longer than five bytes;
 * - an eleventh byte, or a varint cut off by the end of its message, fails.
 */

export interface VarintRead<T> {
  readonly value: T;
  /** The position after the varint. */
  readonly end: number;
}

/** The bytes of the varint at `pos`: up to ten, each but the last with its continuation bit; undefined when there is no end before `limit`. */
function varintBytes(buf: Uint8Array, pos: number, limit: number): number | undefined {
  for (let i = 0; i < 10 && pos + i < limit; i++) if (buf[pos + i] < 0x80) return i + 1;
  return undefined;
}

/** CodedInputStream.readRawVarint64 (an unsigned 64-bit pattern), or undefined where Java throws. */
export function javaVarint64(buf: Uint8Array, pos: number, limit: number): VarintRead<bigint> | undefined {
  const n = varintBytes(buf, pos, limit);
  if (n === undefined) return undefined;
  let value = 0n;
  for (let i = 0; i < Math.min(n, 9); i++) value |= BigInt(buf[pos + i] & 0x7f) << BigInt(7 * i);
  if (n === 10) value |= 1n << 63n;
  return { value, end: pos + n };
}

/** CodedInputStream.readRawVarint32 (a Java int: the low 32 bits, signed), or undefined where Java throws. */
export function javaVarint32(buf: Uint8Array, pos: number, limit: number): VarintRead<number> | undefined {
  const n = varintBytes(buf, pos, limit);
  if (n === undefined) return undefined;
  let value = 0;
  for (let i = 0; i < Math.min(n, 5); i++) value |= (buf[pos + i] & 0x7f) << (7 * i);
  return { value: value | 0, end: pos + n };
}
