import { GatewayError, invalid, missing } from "../errors";

/**
 * Request parameters: parsing of the query string and form body, and typed accessors for handlers.
 *
 * Wire form (Alibaba Cloud API signature (RPC, signature v1)): lists are `Name.N` (1-based) and lists of objects `Name.N.Field`.
 * Type errors (a non-integer `PageSize`) and missing required parameters are gateway errors
 * (HTTP 400 `InvalidParameter` / `MissingParameter`), as the POP gateway checks them against the
 * API metadata before the IoT service sees the call.
 */

/** Flat parameters (null prototype, so `__proto__` is just a name). */
export type Params = Record<string, string>;

export const newParams = (): Params => Object.create(null) as Params;

function decode(s: string): string {
  if (s.indexOf("+") >= 0) s = s.replace(/\+/g, " ");
  if (s.indexOf("%") < 0) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    throw GatewayError.of("InvalidParameter", `malformed percent-encoding in ${s.slice(0, 40)}`);
  }
}

/** Parses `a=1&b=2` (query string or x-www-form-urlencoded body) into `into`; later keys win. */
export function parseUrlEncoded(text: string, into: Params): Params {
  if (!text) return into;
  let start = 0;
  const n = text.length;
  while (start <= n) {
    let amp = text.indexOf("&", start);
    if (amp < 0) amp = n;
    if (amp > start) {
      const eq = text.indexOf("=", start);
      if (eq >= 0 && eq < amp) into[decode(text.slice(start, eq))] = decode(text.slice(eq + 1, amp));
      else into[decode(text.slice(start, amp))] = "";
    }
    start = amp + 1;
  }
  return into;
}

/** A parameter, or undefined when absent or empty. */
export function str(p: Params, name: string): string | undefined {
  const v = p[name];
  return v === undefined || v === "" ? undefined : v;
}

export function reqStr(p: Params, name: string): string {
  const v = str(p, name);
  if (v === undefined) throw missing(name);
  return v;
}

const INT_RE = /^-?\d{1,15}$/;

export function int(p: Params, name: string): number | undefined {
  const v = str(p, name);
  if (v === undefined) return undefined;
  if (!INT_RE.test(v)) throw invalid(name);
  return Number(v);
}

export function reqInt(p: Params, name: string): number {
  const v = int(p, name);
  if (v === undefined) throw missing(name);
  return v;
}

export function bool(p: Params, name: string): boolean | undefined {
  const v = str(p, name);
  if (v === undefined) return undefined;
  const l = v.toLowerCase();
  if (l === "true") return true;
  if (l === "false") return false;
  throw invalid(name);
}

/**
 * `Name.1`, `Name.2`, … in index order (gaps allowed, as the SDK skips null items). Non-numeric
 * suffixes are not list items and are ignored.
 */
export function list(p: Params, name: string): string[] {
  const prefix = name + ".";
  const items: [number, string][] = [];
  for (const k in p) {
    if (!k.startsWith(prefix)) continue;
    const rest = k.slice(prefix.length);
    if (!/^\d+$/.test(rest)) continue;
    items.push([Number(rest), p[k]]);
  }
  items.sort((a, b) => a[0] - b[0]);
  return items.map((i) => i[1]);
}

/** `Name.N.Field` → one object per N, in index order. */
export function objectList(p: Params, name: string): Record<string, string>[] {
  const prefix = name + ".";
  const byIndex = new Map<number, Record<string, string>>();
  for (const k in p) {
    if (!k.startsWith(prefix)) continue;
    const rest = k.slice(prefix.length);
    const dot = rest.indexOf(".");
    if (dot <= 0) continue;
    const idx = rest.slice(0, dot);
    if (!/^\d+$/.test(idx)) continue;
    const field = rest.slice(dot + 1);
    let o = byIndex.get(Number(idx));
    if (!o) {
      o = Object.create(null) as Record<string, string>;
      byIndex.set(Number(idx), o);
    }
    o[field] = p[k];
  }
  return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
}
