import type { SigningCredential } from "../client/RequestSigner";

/**
 * Where the client gets the credential to sign each attempt with. Implementations cache and refresh
 * short-lived (STS) credentials themselves, so `getCredential()` is called before every attempt and
 * a long operation picks up a refreshed token before the old one expires.
 */
export interface CredentialsProvider {
  /**
   * A stable name of the principal that holds no secret (e.g. `ak:LTAI…`, `role:acs:ram::123:role/ci`,
   * `profile:default`): the shared QPS limiter keys its buckets by (a hash of) it, since an STS
   * AccessKeyId changes at every refresh while the quota belongs to the account.
   */
  readonly identity: string;
  /** Where the credential comes from, for messages: e.g. `Pulumi config`, `OIDC role (ALIBABA_CLOUD_ROLE_ARN)`. */
  readonly source: string;
  getCredential(): Promise<SigningCredential>;
}
