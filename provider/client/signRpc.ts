import { createHmac } from "crypto";
import type { RequestSigner, SignInput, SignResult } from "./RequestSigner";
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

/** The v1 signer behind the RequestSigner interface. */
export const rpcSignerV1: RequestSigner = {
  signatureMethod: "HMAC-SHA1",
  signatureVersion: "1.0",
  sign: signRpc,
};
