import { percentEncode } from "./percentEncode";

/**
 * CanonicalizedQueryString (Alibaba Cloud API signature (RPC, signature v1), step 3): percent-encoded `k=v` pairs sorted by the raw key with
 * plain string comparison, so `X.10` sorts before `X.2` — not numerically. `Signature` is excluded.
 */
export function canonicalQuery(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .filter((k) => k !== "Signature")
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k])}`)
    .join("&");
}
