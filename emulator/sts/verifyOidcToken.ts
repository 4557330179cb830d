import { GatewayError } from "../errors";

/** An OIDC identity provider that AssumeRoleWithOIDC trusts (RAM: OIDC provider). */
export interface OidcProvider {
  /** `acs:ram::<account>:oidc-provider/<name>` */
  readonly arn: string;
  /** The token's `iss` must equal it, e.g. `https://token.actions.githubusercontent.com`. */
  readonly issuer: string;
  /** Client ids: the token's `aud` (a string or a list) must contain one. */
  readonly audiences: readonly string[];
}

/** The claims of an accepted token. */
export interface OidcClaims {
  readonly iss: string;
  readonly sub: string;
  readonly aud: string | string[];
  readonly exp: number;
}

/**
 * Validates an OIDC token as AssumeRoleWithOIDC does before trusting it: a JWT of three base64url
 * parts whose header and payload are JSON objects, `iss` equal to the provider's issuer, `aud`
 * holding one of its client ids, `exp` (seconds) after `nowMs`, and `sub` present. The emulator does
 * not check the signature against the issuer's keys (it has no network); everything else is enforced.
 */
export function verifyOidcToken(token: string, provider: OidcProvider, nowMs: number): OidcClaims {
  const parts = token.trim().split(".");
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) {
    throw GatewayError.of("InvalidParameter.OIDCToken", "expected a JWT of three base64url parts");
  }
  const header = decodeJson(parts[0], "header");
  const payload = decodeJson(parts[1], "payload");
  if (typeof header.alg !== "string") throw GatewayError.of("InvalidParameter.OIDCToken", "the header has no alg");
  const { iss, sub, aud, exp } = payload;
  if (typeof iss !== "string") throw GatewayError.of("InvalidParameter.OIDCToken", "the payload has no iss");
  if (typeof sub !== "string" || sub === "") throw GatewayError.of("InvalidParameter.OIDCToken", "the payload has no sub");
  if (typeof exp !== "number" || !Number.isFinite(exp)) throw GatewayError.of("InvalidParameter.OIDCToken", "the payload has no numeric exp");
  const audiences = typeof aud === "string" ? [aud] : Array.isArray(aud) && aud.every((a) => typeof a === "string") ? (aud as string[]) : undefined;
  if (audiences === undefined) throw GatewayError.of("InvalidParameter.OIDCToken", "the payload has no aud");
  if (exp * 1000 <= nowMs) throw GatewayError.of("AuthenticationFail.OIDCToken.Expired");
  if (iss !== provider.issuer) throw GatewayError.of("AuthenticationFail.OIDCToken.Issuer", iss);
  if (!audiences.some((a) => provider.audiences.includes(a))) throw GatewayError.of("AuthenticationFail.OIDCToken.Audience", audiences.join(","));
  return { iss, sub, aud: aud as string | string[], exp };
}

function decodeJson(part: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
  } catch {
    throw GatewayError.of("InvalidParameter.OIDCToken", `the ${what} is not base64url JSON`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw GatewayError.of("InvalidParameter.OIDCToken", `the ${what} is not a JSON object`);
  return value as Record<string, unknown>;
}
