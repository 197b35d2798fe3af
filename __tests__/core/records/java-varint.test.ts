import { javaVarint32, javaVarint64 } from '../../../core/records/java-varint';

/* CodedInputStream.readRawVarint64 and readRawVarint32 over a byte array (protobuf-java 3.25.5), with what a JVM answered for each. */
const bytes = (hex: string) => Buffer.from(hex, 'hex');
const read64 = (hex: string) => javaVarint64(bytes(hex), 0, hex.length / 2);
const read32 = (hex: string) => javaVarint32(bytes(hex), 0, hex.length / 2);

describe("protobuf-java's 64-bit varints", () => {
  it.each([
    ['ac02', 300n, 2],
    ['ffffffffffffffff7f', 2n ** 63n - 1n, 9],
    ['ffffffffffffffffff01', 2n ** 64n - 1n, 10],
    // Ten bytes: bit 63 is set whatever the tenth byte holds.
    ['80808080808080808000', 2n ** 63n, 10],
    ['8080808080808080807f', 2n ** 63n, 10],
    ['ffffffffffffffffff00', 2n ** 64n - 1n, 10],
    ['ffffffffffffffffff7e', 2n ** 64n - 1n, 10],
  ])('reads %s as %p, %p bytes', (hex, value, end) => {
    expect(read64(hex)).toEqual({ value, end });
  });

  it('refuses an eleventh byte and a varint the limit cuts off', () => {
    expect(read64('8080808080808080808000')).toBeUndefined();
    expect(read64('808080808080808080')).toBeUndefined();
    expect(read64('96')).toBeUndefined();
    expect(javaVarint64(bytes('ac02'), 0, 1)).toBeUndefined();
  });

  it('reads from a position up to a limit', () => {
    expect(javaVarint64(bytes('00ac0201'), 1, 3)).toEqual({ value: 300n, end: 3 });
  });
});

describe("protobuf-java's 32-bit varints (tags, lengths, int32)", () => {
  it.each([
    ['ac02', 300, 2],
    ['ffffffff0f', -1, 5],
    // The low 32 bits of up to ten bytes, as a Java int.
    ['8280808010', 2, 5],
    ['8280808008', -2147483646, 5],
    ['a080808080800107', 32, 7],
    ['80808080808080808000', 0, 10],
    ['ffffffffffffffffff7f', -1, 10],
  ])('reads %s as %p, %p bytes', (hex, value, end) => {
    expect(read32(hex)).toEqual({ value, end });
  });

  it('refuses an eleventh byte', () => {
    expect(read32('8080808080808080808000')).toBeUndefined();
  });
});
