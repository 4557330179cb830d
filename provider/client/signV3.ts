import { createHash, createHmac } from "crypto";
import { percentEncode } from "./percentEncode";

/** The V3 algorithm name (Alibaba Cloud API reference: V3 request body and signature mechanism). */
export const V3_ALGORITHM = "ACS3-HMAC-SHA256";

/** Input of {@link signV3}: the request as it will be sent, minus `Authorization`. */
export interface V3SignInput {
  readonly method: string;
  /** The URL path, e.g. `/`. */
  readonly pathname: string;
  /** URL query parameters, unencoded. */
  readonly query: Readonly<Record<string, string>>;
  /** Request headers; names in any case. */
  readonly headers: Readonly<Record<string, string>>;
  /** Lower-case hex SHA-256 of the body (the `x-acs-content-sha256` value). */
  readonly hashedPayload: string;
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
}

export interface V3SignResult {
  /** The `Authorization` header value. */
  readonly authorization: string;
  readonly signature: string;
  readonly canonicalRequest: string;
  readonly stringToSign: string;
  readonly signedHeaders: readonly string[];
}

/** Lower-case hex SHA-256 of `data` (the V3 payload hash; `e3b0c442…b855` for an empty body). */
export function sha256Hex(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * Signature V3 (Alibaba Cloud API reference: V3 request body and signature mechanism). Pure:
 *
 *   CanonicalRequest = METHOD \n path \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n HashedPayload
 *   StringToSign     = "ACS3-HMAC-SHA256\n" + hex(sha256(CanonicalRequest))
 *   Signature        = hex(hmac-sha256(key = AccessKeySecret, StringToSign))   (no trailing "&")
 *
 * CanonicalQuery: keys sorted by plain string comparison, `key=percentEncode(value)`, joined by `&`.
 * Signed headers: `host`, `content-type` and every `x-acs-*` header, names lower-cased and sorted,
 * values trimmed; two spellings of one name are joined by `,` in sorted order.
 */
export function signV3(input: V3SignInput): V3SignResult {
  const byName = new Map<string, string[]>();
  for (const [name, value] of Object.entries(input.headers)) {
    const lower = name.toLowerCase();
    if (lower !== "host" && lower !== "content-type" && !lower.startsWith("x-acs-")) continue;
    const values = byName.get(lower) ?? [];
    values.push((value ?? "").trim());
    byName.set(lower, values);
  }
  const signedHeaders = [...byName.keys()].sort();
  const canonicalHeaders = signedHeaders.map((n) => `${n}:${(byName.get(n) as string[]).sort().join(",")}\n`).join("");
  const canonicalQuery = Object.keys(input.query)
    .sort()
    .map((k) => `${k}=${percentEncode(input.query[k])}`)
    .join("&");
  const canonicalRequest = [input.method.toUpperCase(), input.pathname, canonicalQuery, canonicalHeaders, signedHeaders.join(";"), input.hashedPayload].join("\n");
  const stringToSign = `${V3_ALGORITHM}\n${sha256Hex(canonicalRequest)}`;
  const signature = createHmac("sha256", input.accessKeySecret).update(stringToSign, "utf8").digest("hex");
  return {
    authorization: `${V3_ALGORITHM} Credential=${input.accessKeyId},SignedHeaders=${signedHeaders.join(";")},Signature=${signature}`,
    signature,
    canonicalRequest,
    stringToSign,
    signedHeaders,
  };
}
