import type { IncomingHttpHeaders } from "http";
import { GatewayError, missing } from "../errors";
import { Params, str } from "../http/params";
import { NonceCache } from "./nonces";
import { parseTimestamp, safeEqual, V1_REQUIRED, verifyV1Signature } from "./v1";
import { parseV3Authorization, sha256Hex, V3_MUST_SIGN, v3CanonicalRequest, v3Signature, v3StringToSign } from "./v3";

/**
 * Who is calling and what they call: identifies the Action (v1: `Action`/`Version` parameters;
 * V3: `x-acs-action`/`x-acs-version` headers), then verifies the caller. Checks run in the order a
 * POP gateway does them, each failing with the gateway's code and HTTP status (IoT Platform API reference: Common parameters; Alibaba Cloud API signature (RPC, signature v1)):
 *
 *   Action/Version present → Version known → Action known → common parameters present →
 *   AccessKeyId known → timestamp inside the window → signature matches → nonce unused.
 */

export const API_VERSION = "2018-01-20";

export type Scheme = "v1" | "v3";

export interface RawRequest {
  readonly method: string;
  readonly pathname: string;
  readonly headers: IncomingHttpHeaders;
  /** URL query parameters only. */
  readonly query: Params;
  /** Query ∪ form body (body wins on a clash, as the SDK's v1 signer merges them). */
  readonly params: Params;
  readonly rawBody: Buffer;
}

export interface Identified {
  readonly scheme: Scheme;
  readonly action: string;
  readonly format: "JSON" | "XML";
}

export interface Credential {
  readonly accessKeySecret: string;
  readonly account: string;
  /** STS credentials (sts/StsServer.ts): the token that must accompany the key, and when it stops working (emulator clock, ms). */
  readonly securityToken?: string;
  readonly expiresAt?: number;
}

/** An STS key is valid only with its token and before its expiry (v1: `SecurityToken`; V3: `x-acs-security-token`). */
function checkSecurityToken(cred: Credential, token: string | undefined, now: number): void {
  if (cred.securityToken === undefined) return;
  if (token === undefined) throw GatewayError.of("MissingSecurityToken");
  if (!safeEqual(token, cred.securityToken)) throw GatewayError.of("InvalidSecurityToken.MismatchWithAccessKey");
  if (cred.expiresAt !== undefined && now >= cred.expiresAt) throw GatewayError.of("InvalidSecurityToken.Expired");
}

export interface AuthSettings {
  readonly credentials: ReadonlyMap<string, Credential>;
  readonly nonces: NonceCache;
  readonly timestampWindowMs: number;
  /**
   * `--accept-any-credentials`: an AccessKeyId the emulator does not know is accepted without
   * verifying its signature (its secret is unknown); it acts in this account, and is counted as its
   * own account for quotas. Known keys are still verified with their secret.
   */
  readonly acceptAnyCredentials?: { readonly account: string };
}

export interface Authenticated {
  readonly accessKeyId: string;
  /** Whose resources the call sees and changes. */
  readonly account: string;
  /** Whose quota the call uses: the account for a known key; the AccessKeyId itself for a key accepted unverified. */
  readonly quotaKey: string;
  /** False when the key was accepted unverified (`acceptAnyCredentials`). */
  readonly signatureVerified: boolean;
}

/** The identity of a key accepted under `acceptAnyCredentials` (quota per AccessKeyId, as the cloud counts per account). */
function unverified(accessKeyId: string, settings: AuthSettings): Authenticated | undefined {
  if (!settings.acceptAnyCredentials) return undefined;
  return { accessKeyId, account: settings.acceptAnyCredentials.account, quotaKey: `key:${accessKeyId}`, signatureVerified: false };
}

function header(h: IncomingHttpHeaders, name: string): string | undefined {
  const v = h[name];
  if (Array.isArray(v)) return v[0];
  return v === undefined || v === "" ? undefined : v;
}

/** Decides the signature scheme and the Action. Throws MissingParameter / InvalidVersion / InvalidAction.NotFound. */
export function identify(req: RawRequest, isKnownAction: (action: string) => boolean): Identified {
  const auth = header(req.headers, "authorization");
  const v3 = (auth !== undefined && /^ACS3-/i.test(auth)) || (str(req.params, "Action") === undefined && header(req.headers, "x-acs-action") !== undefined);
  let action: string | undefined;
  let version: string | undefined;
  let format: "JSON" | "XML" = "JSON";
  if (v3) {
    action = header(req.headers, "x-acs-action");
    if (action === undefined) throw missing("x-acs-action");
    version = header(req.headers, "x-acs-version");
    if (version === undefined) throw missing("x-acs-version");
    const accept = header(req.headers, "accept") ?? "";
    if (/xml/i.test(accept) && !/json/i.test(accept)) format = "XML";
  } else {
    action = str(req.params, "Action");
    if (action === undefined) throw missing("Action");
    version = str(req.params, "Version");
    if (version === undefined) throw missing("Version");
    // The documented default Format is XML (IoT Platform API reference: Common parameters); SDKs send JSON/json.
    const f = str(req.params, "Format");
    if (f === undefined || f.toUpperCase() === "XML") format = "XML";
    else if (f.toUpperCase() === "JSON") format = "JSON";
    else throw GatewayError.of("InvalidParameter", "Format");
  }
  if (version !== API_VERSION) throw GatewayError.of("InvalidVersion");
  if (!isKnownAction(action)) throw GatewayError.of("InvalidAction.NotFound");
  return { scheme: v3 ? "v3" : "v1", action, format };
}

/** Verifies the signature, time and nonce. Throws the gateway error the service answers with. */
export function verify(req: RawRequest, id: Identified, settings: AuthSettings, now: number): Authenticated {
  return id.scheme === "v3" ? verifyV3(req, settings, now) : verifyV1(req, settings, now);
}

function checkTime(t: number | undefined, settings: AuthSettings, now: number): void {
  if (t === undefined) throw GatewayError.of("InvalidTimeStamp.Format");
  if (Math.abs(now - t) > settings.timestampWindowMs) throw GatewayError.of("InvalidTimeStamp.Expired");
}

function verifyV1(req: RawRequest, settings: AuthSettings, now: number): Authenticated {
  const p = req.params;
  for (const name of V1_REQUIRED) if (str(p, name) === undefined) throw missing(name);
  if (p.SignatureMethod !== "HMAC-SHA1") throw GatewayError.of("IncompleteSignature", `SignatureMethod ${p.SignatureMethod} is not supported; use HMAC-SHA1.`);
  if (p.SignatureVersion !== "1.0") throw GatewayError.of("IncompleteSignature", `SignatureVersion ${p.SignatureVersion} is not supported; use 1.0.`);
  const t = parseTimestamp(p.Timestamp);
  if (t === undefined) throw GatewayError.of("InvalidTimeStamp.Format");
  const cred = settings.credentials.get(p.AccessKeyId);
  const anyKey = cred ? undefined : unverified(p.AccessKeyId, settings);
  if (!cred && !anyKey) throw GatewayError.of("InvalidAccessKeyId.NotFound");
  checkTime(t, settings, now);
  if (cred) {
    const check = verifyV1Signature(req.method, p, cred.accessKeySecret);
    if (!check.ok) throw GatewayError.of("SignatureDoesNotMatch", check.stringToSign);
    checkSecurityToken(cred, str(p, "SecurityToken"), now);
  }
  if (settings.nonces.seen(p.AccessKeyId, p.SignatureNonce, now)) throw GatewayError.of("SignatureNonceUsed");
  return cred ? { accessKeyId: p.AccessKeyId, account: cred.account, quotaKey: cred.account, signatureVerified: true } : (anyKey as Authenticated);
}

function verifyV3(req: RawRequest, settings: AuthSettings, now: number): Authenticated {
  const authHeader = header(req.headers, "authorization");
  if (authHeader === undefined) throw missing("Authorization");
  const auth = parseV3Authorization(authHeader);
  if (!auth) throw GatewayError.of("IncompleteSignature", "The Authorization header is malformed or uses an unsupported algorithm (expected ACS3-HMAC-SHA256 Credential=…,SignedHeaders=…,Signature=…).");
  for (const h of ["x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256", "host"]) if (header(req.headers, h) === undefined) throw missing(h);
  for (const h of V3_MUST_SIGN) {
    if (!auth.signedHeaders.includes(h)) throw GatewayError.of("IncompleteSignature", `SignedHeaders must include ${h}.`);
  }
  const t = parseTimestamp(header(req.headers, "x-acs-date") as string);
  if (t === undefined) throw GatewayError.of("InvalidTimeStamp.Format");
  const cred = settings.credentials.get(auth.accessKeyId);
  const anyKey = cred ? undefined : unverified(auth.accessKeyId, settings);
  if (!cred && !anyKey) throw GatewayError.of("InvalidAccessKeyId.NotFound");
  checkTime(t, settings, now);
  const payloadHash = header(req.headers, "x-acs-content-sha256") as string;
  const canonical = v3CanonicalRequest(req.method, req.pathname, req.query, req.headers, auth.signedHeaders, payloadHash);
  const sts = v3StringToSign(canonical);
  if (cred && !safeEqual(v3Signature(cred.accessKeySecret, sts), auth.signature.toLowerCase())) throw GatewayError.of("SignatureDoesNotMatch", sts);
  // The body hash needs no secret: checked for every key.
  if (payloadHash !== sha256Hex(req.rawBody)) throw GatewayError.of("SignatureDoesNotMatch", `${sts} (x-acs-content-sha256 does not match the request body)`);
  if (cred) checkSecurityToken(cred, header(req.headers, "x-acs-security-token"), now);
  if (settings.nonces.seen(auth.accessKeyId, header(req.headers, "x-acs-signature-nonce") as string, now)) throw GatewayError.of("SignatureNonceUsed");
  return cred ? { accessKeyId: auth.accessKeyId, account: cred.account, quotaKey: cred.account, signatureVerified: true } : (anyKey as Authenticated);
}
