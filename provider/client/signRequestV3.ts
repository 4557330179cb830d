import type { RequestSigner, SignedRequest, SignRequestInput } from "./RequestSigner";
import { canonicalQuery } from "./canonicalQuery";
import { rpcTimestamp } from "./rpcTimestamp";
import { sha256Hex, signV3 } from "./signV3";

/**
 * Signature V3 as a request, the shape of Alibaba's current SDKs for RPC APIs (Alibaba Cloud API
 * reference: V3 request body and signature mechanism): action, version, time, nonce, region and STS
 * token in `x-acs-*` headers; the business parameters in an `application/x-www-form-urlencoded` body
 * (no URL-length limit for 10,000 `DeviceName.N` entries) whose SHA-256 is signed through
 * `x-acs-content-sha256`; `Authorization: ACS3-HMAC-SHA256 Credential=…,SignedHeaders=…,Signature=…`.
 */
export function signRequestV3(input: SignRequestInput): SignedRequest {
  const { credential } = input;
  const body = canonicalQuery(input.business);
  const hashedPayload = sha256Hex(body);
  const headers: Record<string, string> = {
    host: input.host,
    "content-type": "application/x-www-form-urlencoded",
    accept: "application/json",
    "x-acs-action": input.action,
    "x-acs-version": input.version,
    "x-acs-date": rpcTimestamp(input.now),
    "x-acs-signature-nonce": input.nonce,
    "x-acs-content-sha256": hashedPayload,
  };
  if (credential.securityToken !== undefined) headers["x-acs-security-token"] = credential.securityToken;
  const signed = signV3({
    method: "POST",
    pathname: "/",
    query: {},
    headers,
    hashedPayload,
    accessKeyId: credential.accessKeyId,
    accessKeySecret: credential.accessKeySecret,
  });
  return { body, headers: { ...headers, authorization: signed.authorization }, signature: signed.signature };
}

/** The V3 signer behind the RequestSigner interface. */
export const rpcSignerV3: RequestSigner = { name: "v3", signRequest: signRequestV3 };
