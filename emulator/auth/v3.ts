import { createHash, createHmac } from "crypto";
import type { IncomingHttpHeaders } from "http";
import { percentEncode } from "../../provider/client/percentEncode";
import type { Params } from "../http/params";

/**
 * Signature V3 (`ACS3-HMAC-SHA256`, the official SDK's default; V3 request body and signature mechanism) verification.
 *
 *   CanonicalRequest = METHOD \n path \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n HashedPayload
 *   StringToSign     = "ACS3-HMAC-SHA256\n" + hex(sha256(CanonicalRequest))
 *   Signature        = hex(hmac-sha256(AccessKeySecret, StringToSign))       (no trailing "&" on the key)
 *
 * CanonicalQuery is the URL query only, keys sorted by plain string comparison, `key=encode(value)`;
 * CanonicalHeaders are the signed headers, lower-case, `name:trimmed value\n` each, sorted.
 */

export const V3_ALGORITHM = "ACS3-HMAC-SHA256";

/** Headers a V3 request must sign; the action, version, time and nonce are only trustworthy if signed. */
export const V3_MUST_SIGN = ["host", "x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"] as const;

export interface V3Authorization {
  readonly accessKeyId: string;
  readonly signedHeaders: string[];
  readonly signature: string;
}

/** Parses `ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=a;b,Signature=hex`; undefined when malformed. */
export function parseV3Authorization(header: string): V3Authorization | undefined {
  const m = /^ACS3-HMAC-SHA256\s+(.+)$/.exec(header.trim());
  if (!m) return undefined;
  const fields: Record<string, string> = {};
  for (const part of m[1].split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) return undefined;
    fields[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  const { Credential, SignedHeaders, Signature } = fields;
  if (!Credential || !SignedHeaders || !Signature) return undefined;
  return { accessKeyId: Credential, signedHeaders: SignedHeaders.split(";").map((h) => h.trim().toLowerCase()).filter(Boolean), signature: Signature };
}

export function v3CanonicalQuery(query: Params): string {
  return Object.keys(query)
    .sort()
    .map((k) => `${k}=${percentEncode(query[k])}`)
    .join("&");
}

export function v3CanonicalRequest(method: string, pathname: string, query: Params, headers: IncomingHttpHeaders, signedHeaders: readonly string[], hashedPayload: string): string {
  const names = [...signedHeaders].sort();
  let canonicalHeaders = "";
  for (const n of names) {
    const v = headers[n];
    const value = Array.isArray(v) ? v.map((x) => x.trim()).sort().join(",") : (v ?? "").trim();
    canonicalHeaders += `${n}:${value}\n`;
  }
  return `${method.toUpperCase()}\n${pathname}\n${v3CanonicalQuery(query)}\n${canonicalHeaders}\n${names.join(";")}\n${hashedPayload}`;
}

export const sha256Hex = (data: string | Buffer): string => createHash("sha256").update(data).digest("hex");

export function v3StringToSign(canonicalRequest: string): string {
  return `${V3_ALGORITHM}\n${sha256Hex(canonicalRequest)}`;
}

export function v3Signature(secret: string, stringToSign: string): string {
  return createHmac("sha256", secret).update(stringToSign, "utf8").digest("hex");
}
