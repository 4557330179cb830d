import { isValidCheckNickname, isValidDeviceName } from "../../provider/rules/deviceNameRules";
import type { SeedDevice, SeedDeviceRef } from "./seedSpec";
import { isObj, Problems, show } from "./seedProblems";

/** Largest `count` of one device range (a million-device fleet is ten thousand lines shorter this way). */
export const MAX_RANGE_COUNT = 5_000_000;

/** Expands one device entry: a name, `{name, nickname}`, or a range `{prefix, count, start?, digits?, nicknamePrefix?}`. */
export function deviceEntries(entry: unknown, path: string, p: Problems): SeedDevice[] {
  if (typeof entry === "string") {
    if (!isValidDeviceName(entry)) p.add(path, `${show(entry)} is not a DeviceName (4–32 of A–Z a–z 0–9 _ - @ . :)`);
    return [{ name: entry }];
  }
  if (!isObj(entry)) {
    p.add(path, `expected a device name, {name, nickname} or {prefix, count}, got ${show(entry)}`);
    return [];
  }
  if (entry.prefix !== undefined || entry.count !== undefined) {
    p.keys(entry, path, ["prefix", "count", "start", "digits", "nicknamePrefix"]);
    const prefix = p.str(entry, "prefix", path, true) ?? "";
    const count = p.int(entry, "count", path, 1, MAX_RANGE_COUNT);
    const start = p.int(entry, "start", path, 0, Number.MAX_SAFE_INTEGER) ?? 1;
    const nickPrefix = p.str(entry, "nicknamePrefix", path, false);
    if (count === undefined) {
      if (entry.count === undefined) p.add(`${path}.count`, "is required");
      return [];
    }
    const digits = p.int(entry, "digits", path, 1, 28) ?? String(start + count - 1).length;
    const at = (i: number): string => String(start + i).padStart(digits, "0");
    // Check the first and last names (the rest differ only in digits of the same width or fewer).
    for (const i of count > 1 ? [0, count - 1] : [0]) {
      const name = prefix + at(i);
      if (!isValidDeviceName(name)) {
        p.add(path, `range makes ${show(name)}, which is not a DeviceName (4–32 of A–Z a–z 0–9 _ - @ . :)`);
        return [];
      }
      if (nickPrefix !== undefined && !isValidCheckNickname(nickPrefix + at(i))) {
        p.add(`${path}.nicknamePrefix`, `makes ${show(nickPrefix + at(i))}, which is not a nickname (4–64 of Chinese, letters, Japanese, digits, _)`);
        return [];
      }
    }
    const out: SeedDevice[] = new Array(count);
    for (let i = 0; i < count; i++) out[i] = nickPrefix === undefined ? { name: prefix + at(i) } : { name: prefix + at(i), nickname: nickPrefix + at(i) };
    return out;
  }
  p.keys(entry, path, ["name", "nickname"]);
  const name = p.str(entry, "name", path, true);
  const nickname = p.str(entry, "nickname", path, false);
  if (name === undefined) return [];
  if (!isValidDeviceName(name)) p.add(`${path}.name`, `${show(name)} is not a DeviceName (4–32 of A–Z a–z 0–9 _ - @ . :)`);
  if (nickname !== undefined && !isValidCheckNickname(nickname)) p.add(`${path}.nickname`, `${show(nickname)} is not a nickname (4–64 of Chinese, letters, Japanese, digits, _)`);
  return [nickname === undefined ? { name } : { name, nickname }];
}

/** `ProductName/DeviceName`. */
export function parseRef(v: unknown, path: string, p: Problems): SeedDeviceRef | undefined {
  if (typeof v !== "string" || v.split("/").length !== 2) {
    p.add(path, `expected "ProductName/DeviceName", got ${show(v)}`);
    return undefined;
  }
  const [product, device] = v.split("/");
  return { product, device };
}
