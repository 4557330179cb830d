import { canonicalQuery } from "./canonicalQuery";
import { percentEncode } from "./percentEncode";

/**
 * StringToSign (Alibaba Cloud API signature (RPC, signature v1), step 4) = VERB & percentEncode("/") & percentEncode(CanonicalizedQueryString).
 * The verb must be the one actually sent: GET and POST sign differently.
 */
export function stringToSign(method: string, params: Readonly<Record<string, string>>): string {
  return `${method.toUpperCase()}&${percentEncode("/")}&${percentEncode(canonicalQuery(params))}`;
}
