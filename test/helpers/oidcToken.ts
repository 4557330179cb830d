/** An unsigned-looking OIDC token (JWT shape: header.payload.signature, base64url) with the given claims. */
export function oidcToken(claims: Record<string, unknown>): string {
  const part = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${part({ alg: "RS256", typ: "JWT", kid: "test" })}.${part(claims)}.${Buffer.from("not-a-real-signature").toString("base64url")}`;
}

/** The OIDC provider the credential tests register in the emulator (GitHub Actions' issuer). */
export const TEST_OIDC_PROVIDER = {
  arn: "acs:ram::1234567890123456:oidc-provider/github-actions",
  issuer: "https://token.actions.githubusercontent.com",
  audiences: ["sts.aliyuncs.com"],
};
