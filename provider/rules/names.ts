/**
 * Naming rules of devices, nicknames and products (IoT Platform API reference:
 * BatchCheckDeviceNames, BatchUpdateDeviceNickname). Lengths are "characters" where one Chinese or Japanese character
 * counts as two.
 */

/** DeviceName: 4–32 of `A–Z a–z 0–9 - _ @ . :`; unique within a product. */
export const DEVICE_NAME_RE = /^[A-Za-z0-9_\-@.:]{4,32}$/;

export const isValidDeviceName = (name: string): boolean => DEVICE_NAME_RE.test(name);

const CJK = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff";
const JAPANESE_KANA = "\\u3040-\\u309f\\u30a0-\\u30ff\\u31f0-\\u31ff";
const WIDE_RE = new RegExp(`[${CJK}${JAPANESE_KANA}]`);

/** Length with each Chinese or Japanese character counted as 2. */
export function weightedLength(s: string): number {
  let n = 0;
  for (const ch of s) n += WIDE_RE.test(ch) ? 2 : 1;
  return n;
}

/** BatchCheckDeviceNames `DeviceNickname`: Chinese, letters, Japanese, digits, `_`; 4–64 (CJK/Japanese = 2). */
const CHECK_NICKNAME_RE = new RegExp(`^[A-Za-z0-9_${CJK}${JAPANESE_KANA}]+$`);
export function isValidCheckNickname(s: string): boolean {
  const n = weightedLength(s);
  return CHECK_NICKNAME_RE.test(s) && n >= 4 && n <= 64;
}

/** BatchUpdateDeviceNickname `Nickname`: Chinese, letters, digits, `_`; 4–32 (Chinese = 2). Per-operation rule (BatchCheckDeviceNames allows 4–64). */
const UPDATE_NICKNAME_RE = new RegExp(`^[A-Za-z0-9_${CJK}]+$`);
export function isValidUpdateNickname(s: string): boolean {
  const n = weightedLength(s);
  return UPDATE_NICKNAME_RE.test(s) && n >= 4 && n <= 32;
}

/**
 * ProductName: Chinese, letters, Japanese, digits and `_ - @ ( )`; 4–30 (CJK/Japanese = 2).
 * From the CreateProduct page of the current help: treated as the rule.
 */
const PRODUCT_NAME_RE = new RegExp(`^[A-Za-z0-9_\\-@()${CJK}${JAPANESE_KANA}]+$`);
export function isValidProductName(s: string): boolean {
  const n = weightedLength(s);
  return PRODUCT_NAME_RE.test(s) && n >= 4 && n <= 30;
}
