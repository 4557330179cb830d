import { createHmac } from "crypto";
import type { RequestSigner, SignedRequest, SignInput, SignRequestInput, SignResult } from "./RequestSigner";
import { canonicalQuery } from "./canonicalQuery";
import { percentEncode } from "./percentEncode";
import { rpcTimestamp } from "./rpcTimestamp";
import { stringToSign } from "./stringToSign";

// Re-exported so that `signRpc` stays the one import the client and the emulator need.
export type { RequestSigner, SignInput, SignResult } from "./RequestSigner";
export { canonicalQuery } from "./canonicalQuery";
export { stringToSign } from "./stringToSign";

/**
 * Signature v1 (Alibaba Cloud API signature (RPC, signature v1), step 5): Base64(HMAC-SHA1(key = secret + "&", StringToSign)). Pure: nonce
 * and timestamp are whatever `params` holds; nothing is generated here.
 */
export function signRpc(input: SignInput): SignResult {
  const sts = stringToSign(input.method, input.params);
  const signature = createHmac("sha1", `${input.accessKeySecret}&`).update(sts, "utf8").digest("base64");
  return { signature, stringToSign: sts };
}

/** v1 `SignatureMethod` and `SignatureVersion` common parameters. */
export const V1_SIGNATURE_METHOD = "HMAC-SHA1";
export const V1_SIGNATURE_VERSION = "1.0";

/**
 * Signature v1 as a request: every common and business parameter, `Signature` last, in an
 * `application/x-www-form-urlencoded` body signed with POST (the pop-core POST shape).
 */
export function signRequestV1(input: SignRequestInput): SignedRequest {
  const { credential } = input;
  const common: Record<string, string> = {
    Action: input.action,
    Format: "JSON",
    Version: input.version,
    AccessKeyId: credential.accessKeyId,
    SignatureMethod: V1_SIGNATURE_METHOD,
    SignatureVersion: V1_SIGNATURE_VERSION,
    SignatureNonce: input.nonce,
    Timestamp: rpcTimestamp(input.now),
    RegionId: input.region,
  };
  if (credential.securityToken !== undefined) common.SecurityToken = credential.securityToken;
  const signed = { ...input.business, ...common };
  const { signature } = signRpc({ method: "POST", params: signed, accessKeySecret: credential.accessKeySecret });
  return {
    body: `${canonicalQuery(signed)}&Signature=${percentEncode(signature)}`,
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
      "x-acs-action": input.action,
      "x-acs-version": input.version,
    },
    signature,
  };
}

/** The v1 signer behind the RequestSigner interface. */
export const rpcSignerV1: RequestSigner = { name: "v1", signRequest: signRequestV1 };
