import { timingSafeEqual } from "crypto";
import { signRpc } from "../../provider/client/signRpc";
import type { Params } from "../http/params";

/**
 * Signature v1 (HMAC-SHA1, Alibaba Cloud API signature (RPC, signature v1)) verification, using the same `signRpc` the client signs with.
 * The signed set is every parameter of the query and the form body together, minus `Signature`,
 * with the verb the request actually used.
 */

/** The v1 common parameters a signed request must carry (IoT Platform API reference: Common parameters), in the order they are checked. */
export const V1_REQUIRED = ["AccessKeyId", "SignatureMethod", "SignatureVersion", "SignatureNonce", "Timestamp", "Signature"] as const;

/** `YYYY-MM-DDThh:mm:ssZ`, UTC, no milliseconds (IoT Platform API reference: Common parameters). */
export const V1_TIMESTAMP_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

/** Parses an ISO-8601 UTC timestamp without milliseconds; undefined when malformed. */
export function parseTimestamp(s: string): number | undefined {
  const m = V1_TIMESTAMP_RE.exec(s);
  if (!m) return undefined;
  const t = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  // Reject out-of-range fields (Date.UTC would roll 2016-02-30 over into March).
  if (new Date(t).toISOString().slice(0, 19) + "Z" !== s) return undefined;
  return t;
}

export interface V1Check {
  readonly ok: boolean;
  /** The server's StringToSign, echoed in SignatureDoesNotMatch (Alibaba Cloud API signature (RPC, signature v1)). */
  readonly stringToSign: string;
}

/** Verifies `params.Signature` over `params` (query ∪ body) for `method` and `secret`. */
export function verifyV1Signature(method: string, params: Params, secret: string): V1Check {
  const { signature, stringToSign } = signRpc({ method, params, accessKeySecret: secret });
  return { ok: safeEqual(signature, params.Signature ?? ""), stringToSign };
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
