/** CRC-32 (IEEE 802.3), used to detect corrupt journal and snapshot lines. Node 20 has no zlib.crc32. */

const TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** CRC-32 of the UTF-16 string's UTF-8 encoding, as 8 lower-case hex digits. */
export function crc32Hex(text: string): string {
  const buf = Buffer.from(text, "utf8");
  let c = -1;
  for (let i = 0; i < buf.length; i++) c = TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return ((c ^ -1) >>> 0).toString(16).padStart(8, "0");
}
