import { randomBytes, randomUUID } from "crypto";
import * as https from "https";
import type { AddressInfo } from "net";
import type { Credential } from "../auth/authenticate";
import { safeEqual, parseTimestamp, verifyV1Signature } from "../auth/v1";
import type { NonceCache } from "../auth/nonces";
import type { Clock } from "../state/clock";
import { GatewayError, missing } from "../errors";
import { listen } from "../http/listen";
import { newParams, parseUrlEncoded, str } from "../http/params";
import type { TlsCertificate } from "./generateTlsCertificate";
import type { OidcProvider } from "./verifyOidcToken";
import { verifyOidcToken } from "./verifyOidcToken";

/** The STS API version the credential libraries call. */
export const STS_API_VERSION = "2015-04-01";
/** STS session bounds (Alibaba Cloud STS: AssumeRole), seconds. */
export const MIN_DURATION_SECONDS = 900;
export const MAX_DURATION_SECONDS = 43_200;
const ROLE_ARN = /^acs:ram::([0-9a-z-]+):role\/([A-Za-z0-9._@-]{1,64})$/;
const SESSION_NAME = /^[A-Za-z0-9._@-]{2,64}$/;

export interface StsSettings {
  readonly host: string;
  readonly port: number;
  readonly tls: TlsCertificate;
  readonly clock: Clock;
  /** The IoT listener's keys: read to verify AssumeRole callers, written with the keys issued. */
  readonly credentials: Map<string, Credential>;
  readonly nonces: NonceCache;
  readonly timestampWindowMs: number;
  readonly oidcProviders: readonly OidcProvider[];
  /** Account of keys issued through OIDC. */
  readonly oidcAccount: string;
  /** Caps every session's life, ms (tests use a short one to make credentials expire mid-operation). */
  readonly maxSessionMs: number | undefined;
}

/** One issued STS credential, for tests. */
export interface IssuedCredential {
  readonly action: "AssumeRole" | "AssumeRoleWithOIDC";
  readonly accessKeyId: string;
  readonly roleArn: string;
  readonly roleSessionName: string;
  readonly expiresAt: number;
}

/**
 * The emulator's STS endpoint over HTTPS on loopback (Alibaba's credential libraries always call STS
 * with https): AssumeRole (signature v1 by a known key, with its token if that key is itself an STS
 * key) and AssumeRoleWithOIDC (unsigned; the token is checked by verifyOidcToken). Issued keys go into
 * the IoT listener's key table with their token and expiry, which the IoT listener enforces.
 */
export class StsServer {
  readonly issued: IssuedCredential[] = [];
  private readonly server: https.Server;

  constructor(private readonly settings: StsSettings) {
    this.server = https.createServer({ cert: settings.tls.cert, key: settings.tls.key }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const requestId = randomUUID().toUpperCase();
        let status = 200;
        let body: Record<string, unknown>;
        try {
          body = { RequestId: requestId, ...this.handle(req.method ?? "GET", req.url ?? "/", req.headers["content-type"] ?? "", Buffer.concat(chunks).toString("utf8")) };
        } catch (e) {
          const err = e instanceof GatewayError ? e : GatewayError.of("InternalError");
          status = err.httpStatus;
          body = { RequestId: requestId, HostId: `sts.${settings.host}`, Code: err.code, Message: err.message };
        }
        res.writeHead(status, { "content-type": "application/json;charset=utf-8", "x-acs-request-id": requestId });
        res.end(JSON.stringify(body));
      });
    });
    this.server.keepAliveTimeout = 5_000;
  }

  listen(): Promise<AddressInfo> {
    return listen(this.server, this.settings.port, this.settings.host);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private handle(method: string, url: string, contentType: string, rawBody: string): Record<string, unknown> {
    if (method !== "GET" && method !== "POST") throw GatewayError.of("UnsupportedHTTPMethod", method);
    const q = url.indexOf("?");
    const params = parseUrlEncoded(q < 0 ? "" : url.slice(q + 1), newParams());
    if (rawBody && contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) parseUrlEncoded(rawBody, params);
    const action = str(params, "Action");
    if (action === undefined) throw missing("Action");
    if (str(params, "Version") !== STS_API_VERSION) throw GatewayError.of("InvalidVersion");
    const now = this.settings.clock.now();
    if (action === "AssumeRole") return this.assumeRole(method, params, now);
    if (action === "AssumeRoleWithOIDC") return this.assumeRoleWithOidc(params, now);
    throw GatewayError.of("InvalidAction.NotFound");
  }

  private assumeRole(method: string, p: Record<string, string>, now: number): Record<string, unknown> {
    for (const name of ["AccessKeyId", "SignatureMethod", "SignatureNonce", "Timestamp", "Signature"]) if (str(p, name) === undefined) throw missing(name);
    if (p.SignatureMethod !== "HMAC-SHA1") throw GatewayError.of("IncompleteSignature", `SignatureMethod ${p.SignatureMethod} is not supported; use HMAC-SHA1.`);
    const t = parseTimestamp(p.Timestamp);
    if (t === undefined) throw GatewayError.of("InvalidTimeStamp.Format");
    const caller = this.settings.credentials.get(p.AccessKeyId);
    if (!caller) throw GatewayError.of("InvalidAccessKeyId.NotFound");
    if (Math.abs(now - t) > this.settings.timestampWindowMs) throw GatewayError.of("InvalidTimeStamp.Expired");
    const check = verifyV1Signature(method, p, caller.accessKeySecret);
    if (!check.ok) throw GatewayError.of("SignatureDoesNotMatch", check.stringToSign);
    if (caller.securityToken !== undefined) {
      const token = str(p, "SecurityToken");
      if (token === undefined) throw GatewayError.of("MissingSecurityToken");
      if (!safeEqual(token, caller.securityToken)) throw GatewayError.of("InvalidSecurityToken.MismatchWithAccessKey");
      if (caller.expiresAt !== undefined && now >= caller.expiresAt) throw GatewayError.of("InvalidSecurityToken.Expired");
    }
    if (this.settings.nonces.seen(p.AccessKeyId, p.SignatureNonce, now)) throw GatewayError.of("SignatureNonceUsed");
    const { roleArn, sessionName, durationSeconds } = roleParams(p);
    return this.issue("AssumeRole", roleArn, sessionName, durationSeconds, caller.account, now);
  }

  private assumeRoleWithOidc(p: Record<string, string>, now: number): Record<string, unknown> {
    for (const name of ["OIDCProviderArn", "OIDCToken", "RoleArn", "RoleSessionName"]) if (str(p, name) === undefined) throw missing(name);
    const provider = this.settings.oidcProviders.find((o) => o.arn === p.OIDCProviderArn);
    if (!provider) throw GatewayError.of("EntityNotExist.OIDCProvider", p.OIDCProviderArn);
    verifyOidcToken(p.OIDCToken, provider, now);
    const { roleArn, sessionName, durationSeconds } = roleParams(p);
    return this.issue("AssumeRoleWithOIDC", roleArn, sessionName, durationSeconds, this.settings.oidcAccount, now);
  }

  private issue(action: IssuedCredential["action"], roleArn: string, sessionName: string, durationSeconds: number, account: string, now: number): Record<string, unknown> {
    const lifeMs = Math.min(durationSeconds * 1000, this.settings.maxSessionMs ?? Infinity);
    // Whole seconds: Expiration has no milliseconds, and a key must not outlive what it says.
    const expiresAt = Math.floor((now + lifeMs) / 1000) * 1000;
    const accessKeyId = `STS.${randomBytes(12).toString("hex")}`;
    const accessKeySecret = randomBytes(24).toString("base64url");
    const securityToken = `CAIS${randomBytes(48).toString("base64")}`;
    this.settings.credentials.set(accessKeyId, { accessKeySecret, account, securityToken, expiresAt });
    this.issued.push({ action, accessKeyId, roleArn, roleSessionName: sessionName, expiresAt });
    const [, accountId, roleName] = ROLE_ARN.exec(roleArn) as RegExpExecArray;
    const roleId = `3${accountId.replace(/\D/g, "").padEnd(17, "0").slice(0, 17)}`;
    return {
      AssumedRoleUser: { Arn: `acs:ram::${accountId}:assumed-role/${roleName}/${sessionName}`, AssumedRoleId: `${roleId}:${sessionName}` },
      Credentials: { AccessKeyId: accessKeyId, AccessKeySecret: accessKeySecret, SecurityToken: securityToken, Expiration: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, "Z") },
    };
  }
}

function roleParams(p: Record<string, string>): { roleArn: string; sessionName: string; durationSeconds: number } {
  const roleArn = str(p, "RoleArn");
  if (roleArn === undefined) throw missing("RoleArn");
  if (!ROLE_ARN.test(roleArn)) throw GatewayError.of("InvalidParameter.RoleArn");
  const sessionName = str(p, "RoleSessionName");
  if (sessionName === undefined) throw missing("RoleSessionName");
  if (!SESSION_NAME.test(sessionName)) throw GatewayError.of("InvalidParameter.RoleSessionName");
  const raw = str(p, "DurationSeconds") ?? "3600";
  const durationSeconds = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(durationSeconds >= MIN_DURATION_SECONDS && durationSeconds <= MAX_DURATION_SECONDS)) throw GatewayError.of("InvalidParameter.DurationSeconds", `${MAX_DURATION_SECONDS / 3600}h`);
  return { roleArn, sessionName, durationSeconds };
}
