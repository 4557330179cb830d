import { randomBytes, randomUUID } from "crypto";

/**
 * Identifier generators in the shapes the real service returns (IoT Platform API reference examples: QueryEdgeDriver, QueryPageByApplyId):
 * ProductKey `a1` + 9 alphanumerics, DriverId 32 hex, IotId 20 alphanumerics + `000100`,
 * DeviceSecret 32 alphanumerics, random DeviceNames 20 alphanumerics, RequestId an upper-case UUID.
 * Random bytes come from a pool so that registering a million devices does not make a million
 * `randomBytes` calls.
 */

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const HEX = "0123456789abcdef";

let pool = Buffer.alloc(0);
let pos = 0;

function nextByte(): number {
  if (pos >= pool.length) {
    pool = randomBytes(65536);
    pos = 0;
  }
  return pool[pos++];
}

/**
 * `n` characters from `alphabet`, rejection-sampled so the distribution is uniform. Built in a
 * buffer, not with `+=`: a string grown one character at a time is a chain of V8 cons-strings
 * (~1 KB for 32 characters) that stays that big for as long as it is held — a million device
 * secrets would cost a gigabyte.
 */
function randomString(n: number, alphabet: string): string {
  const limit = 256 - (256 % alphabet.length);
  const out = Buffer.allocUnsafe(n);
  let i = 0;
  while (i < n) {
    const b = nextByte();
    if (b < limit) out[i++] = alphabet.charCodeAt(b % alphabet.length);
  }
  return out.toString("latin1");
}

export const newRequestId = (): string => randomUUID().toUpperCase();
export const newProductKey = (): string => `a1${randomString(9, ALNUM)}`;
export const newProductSecret = (): string => randomString(16, ALNUM);
export const newDriverId = (): string => randomString(32, HEX);
export const newIotId = (): string => `${randomString(20, ALNUM)}000100`;
export const newDeviceSecret = (): string => randomString(32, ALNUM);
export const newRandomDeviceName = (): string => randomString(20, ALNUM);
export const newHex = (n: number): string => randomString(n, HEX);
