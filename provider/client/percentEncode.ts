/**
 * RFC 3986 percent-encoding as Alibaba's RPC signature wants it (Alibaba Cloud API signature (RPC, signature v1)): UTF-8 bytes, unreserved
 * `A–Z a–z 0–9 - _ . ~` kept, everything else `%XY` in upper-case hex; a space is `%20`, never `+`.
 */
export function percentEncode(value: string): string {
  return encodeURIComponent(value)
    .replace(/!/g, "%21")
    .replace(/'/g, "%27")
    .replace(/\(/g, "%28")
    .replace(/\)/g, "%29")
    .replace(/\*/g, "%2A");
}
