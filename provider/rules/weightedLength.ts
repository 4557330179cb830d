/** Chinese characters: CJK Unified Ideographs, Extension A and Compatibility Ideographs (BMP). */
export const HAN_RANGES = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff";
/** Japanese kana: hiragana, katakana and their phonetic extensions. */
export const KANA_RANGES = "\\u3040-\\u309f\\u30a0-\\u30ff\\u31f0-\\u31ff";
const WIDE = new RegExp(`[${HAN_RANGES}${KANA_RANGES}]`);

/**
 * Length of a name as the IoT Platform counts it: one per character, two per Chinese or Japanese
 * character (IoT Platform API reference: BatchCheckDeviceNames, CreateProduct).
 */
export function weightedLength(s: string): number {
  let n = 0;
  for (const ch of s) n += WIDE.test(ch) ? 2 : 1;
  return n;
}
