import { HAN_RANGES, KANA_RANGES, weightedLength } from "./weightedLength";

/**
 * Naming rules of devices (IoT Platform API reference: BatchCheckDeviceNames, BatchUpdateDeviceNickname), checked
 * before any API call so a preview reports them.
 *
 * Nicknames follow the stricter of the two documented rules: BatchCheckDeviceNames allows 4–64
 * characters including Japanese, BatchUpdateDeviceNickname only 4–32 without Japanese. A
 * nickname registered under the looser rule could not be set again by a later update, so the batch
 * accepts only what both operations accept.
 */

/** DeviceName: 4–32 of `A–Z a–z 0–9 - _ @ . :`, unique within the product. */
export const DEVICE_NAME_PATTERN = /^[A-Za-z0-9_\-@.:]{4,32}$/;

/** The DeviceName rule as a `checkFailure` verb phrase. */
export const DEVICE_NAME_RULE = "be a device name of 4–32 characters from letters, digits, -, _, @, . and :";

/** Shortest and longest nickname, counted by {@link nicknameLength}. */
export const NICKNAME_MIN = 4;
export const NICKNAME_MAX = 32;

/** The nickname rule as a `checkFailure` verb phrase. */
export const NICKNAME_RULE = `be a nickname of ${NICKNAME_MIN}–${NICKNAME_MAX} characters from Chinese characters, letters, digits and _ (a Chinese character counts 2)`;

const NICKNAME_CHARS = new RegExp(`^[${HAN_RANGES}A-Za-z0-9_]*$`);
const HAN = new RegExp(`[${HAN_RANGES}]`);
/** BatchCheckDeviceNames `DeviceNickname`: Chinese, letters, Japanese, digits and `_`. */
const CHECK_NICKNAME_CHARS = new RegExp(`^[A-Za-z0-9_${HAN_RANGES}${KANA_RANGES}]+$`);

/** True when `name` is a valid DeviceName. */
export function isValidDeviceName(name: string): boolean {
  return DEVICE_NAME_PATTERN.test(name);
}

/** Length of a nickname as the API counts it: one per character, two per Chinese character. */
export function nicknameLength(nickname: string): number {
  let n = 0;
  for (const ch of nickname) n += HAN.test(ch) ? 2 : 1;
  return n;
}

/** True when `nickname` satisfies {@link NICKNAME_RULE}. */
export function isValidNickname(nickname: string): boolean {
  if (!NICKNAME_CHARS.test(nickname)) return false;
  const n = nicknameLength(nickname);
  return n >= NICKNAME_MIN && n <= NICKNAME_MAX;
}

/**
 * BatchCheckDeviceNames `DeviceNickname`: 4–64 (Chinese and Japanese count 2), Japanese allowed. The
 * emulator applies it to that operation; DeviceBatch applies the stricter {@link isValidNickname}.
 */
export function isValidCheckNickname(nickname: string): boolean {
  const n = weightedLength(nickname);
  return CHECK_NICKNAME_CHARS.test(nickname) && n >= 4 && n <= 64;
}

/** BatchUpdateDeviceNickname `Nickname`: {@link NICKNAME_RULE}, the same as {@link isValidNickname}. */
export const isValidUpdateNickname = isValidNickname;
