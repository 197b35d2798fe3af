/*
 * Java's new String(bytes, UTF_8), which Apache Avro (Utf8.toString) and
 * protobuf-java (CodedInputStream.readString for fields it does not check)
 * use to turn a string's bytes into text. Malformed input becomes U+FFFD, but
 * not always as many of them as the WHATWG decoder of Node.js writes: an
 * encoded surrogate (ED A0 80) or a cut-off one (ED A0 before a non-continuation
 * byte) is one U+FFFD in Java, three or two in Node.js; a sequence cut off by
 * the end of the bytes is one U+FFFD.
 */

const REPLACEMENT = 0xfffd;
const isContinuation = (b: number | undefined) => b !== undefined && (b & 0xc0) === 0x80;

/** Whether the bytes are well-formed UTF-8 (what protobuf-java requires of checked strings). */
export function isWellFormedUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The text Java's UTF-8 decoder makes of the bytes, replacing malformed input as Java does. */
export function javaUtf8(bytes: Uint8Array): string {
  if (isWellFormedUtf8(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  const units: number[] = [];
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b1 = bytes[i];
    if (b1 < 0x80) {
      units.push(b1);
      i++;
    } else if (b1 >= 0xc2 && b1 <= 0xdf) {
      // Two bytes: a bad second byte costs only the first.
      if (i + 1 >= n) {
        units.push(REPLACEMENT);
        break;
      }
      const b2 = bytes[i + 1];
      if (isContinuation(b2)) {
        units.push(((b1 & 0x1f) << 6) | (b2 & 0x3f));
        i += 2;
      } else {
        units.push(REPLACEMENT);
        i++;
      }
    } else if (b1 >= 0xe0 && b1 <= 0xef) {
      const b2 = bytes[i + 1];
      const overlong = b1 === 0xe0 && b2 !== undefined && (b2 & 0xe0) === 0x80;
      if (i + 2 < n) {
        const b3 = bytes[i + 2];
        if (overlong || !isContinuation(b2) || !isContinuation(b3)) {
          units.push(REPLACEMENT);
          i += overlong || !isContinuation(b2) ? 1 : 2;
        } else {
          const c = ((b1 & 0x0f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f);
          // A surrogate's three bytes are one replacement.
          units.push(c >= 0xd800 && c <= 0xdfff ? REPLACEMENT : c);
          i += 3;
        }
      } else if (i + 1 < n && (overlong || !isContinuation(b2))) {
        units.push(REPLACEMENT);
        i++;
      } else {
        // Cut off by the end: one replacement for what is left.
        units.push(REPLACEMENT);
        break;
      }
    } else if (b1 >= 0xf0 && b1 <= 0xf7) {
      const b2 = bytes[i + 1];
      const badSecond = (b: number) => b1 > 0xf4 || (b1 === 0xf0 && (b < 0x90 || b > 0xbf)) || (b1 === 0xf4 && (b & 0xf0) !== 0x80) || !isContinuation(b);
      if (i + 3 < n) {
        const b3 = bytes[i + 2];
        const b4 = bytes[i + 3];
        const cp = ((b1 & 0x07) << 18) | ((b2 & 0x3f) << 12) | ((b3 & 0x3f) << 6) | (b4 & 0x3f);
        if (!isContinuation(b2) || !isContinuation(b3) || !isContinuation(b4) || cp < 0x10000 || cp > 0x10ffff) {
          units.push(REPLACEMENT);
          i += badSecond(b2) ? 1 : !isContinuation(b3) ? 2 : 3;
        } else {
          const v = cp - 0x10000;
          units.push(0xd800 | (v >> 10), 0xdc00 | (v & 0x3ff));
          i += 4;
        }
      } else if (b1 > 0xf4 || (i + 1 < n && badSecond(b2))) {
        units.push(REPLACEMENT);
        i++;
      } else {
        units.push(REPLACEMENT);
        i += 2;
        if (i < n && !isContinuation(bytes[i])) continue;
        break;
      }
    } else {
      units.push(REPLACEMENT);
      i++;
    }
  }
  let out = '';
  for (let k = 0; k < units.length; k += 8192) out += String.fromCharCode(...units.slice(k, k + 8192));
  return out;
}
