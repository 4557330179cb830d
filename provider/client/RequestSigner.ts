/** Input of the v1 parameter signer (`signRpc`): the HTTP verb and every flat parameter except `Signature`. */
export interface SignInput {
  readonly method: string;
  readonly params: Readonly<Record<string, string>>;
  readonly accessKeySecret: string;
}

/** Output of the v1 parameter signer. */
export interface SignResult {
  readonly signature: string;
  readonly stringToSign: string;
}

/** The credential a request is signed with; read from the credentials provider per attempt. */
export interface SigningCredential {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string;
}

/** What a request signer needs to build one signed POST. Nonce and time come in; nothing is generated inside. */
export interface SignRequestInput {
  readonly action: string;
  readonly version: string;
  /** Business parameters, flattened (`Key.N.Field`). */
  readonly business: Readonly<Record<string, string>>;
  readonly credential: SigningCredential;
  readonly region: string;
  /** The `host` header the request is sent with (`host[:port]`). */
  readonly host: string;
  readonly nonce: string;
  /** ms since the epoch. */
  readonly now: number;
}

/** A signed POST to `/`: a form body and the headers to send with it. */
export interface SignedRequest {
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The signature, so that error texts can be scrubbed of it. */
  readonly signature: string;
}

/**
 * A request signer: signature v1 (`rpcSignerV1`, HMAC-SHA1 over the parameters) or V3
 * (`rpcSignerV3`, ACS3-HMAC-SHA256 over method, headers and body hash). Implementations are pure.
 */
export interface RequestSigner {
  /** `v1` or `v3`: the `alicloud-iot:signatureVersion` value that selects it. */
  readonly name: SignatureVersion;
  signRequest(input: SignRequestInput): SignedRequest;
}

/** Signature versions the client speaks. */
export type SignatureVersion = "v1" | "v3";
