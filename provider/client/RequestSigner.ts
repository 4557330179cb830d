/** Input of a request signer: the HTTP verb and every flat parameter except `Signature`. */
export interface SignInput {
  readonly method: string;
  readonly params: Readonly<Record<string, string>>;
  readonly accessKeySecret: string;
}

/** Output of a request signer. */
export interface SignResult {
  readonly signature: string;
  readonly stringToSign: string;
}

/**
 * A request signer: v1 (`rpcSignerV1`) today, room for V3 (`ACS3-HMAC-SHA256`, V3 request body and signature mechanism) later.
 * Implementations are pure: nonce and timestamp come in through `params`, never from inside.
 */
export interface RequestSigner {
  /** Value of the `SignatureMethod` common parameter. */
  readonly signatureMethod: string;
  /** Value of the `SignatureVersion` common parameter. */
  readonly signatureVersion: string;
  sign(input: SignInput): SignResult;
}
