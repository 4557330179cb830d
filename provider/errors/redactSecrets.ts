import { percentEncode } from "../client/percentEncode";

/** What replaces a credential or a string-to-sign in error text. */
export const REDACTED = "[redacted]";

/** Values shorter than this are not redacted: replacing e.g. "a" everywhere would garble the text. */
const MIN_SECRET_LENGTH = 4;

/** Longest server message kept in an error, in characters. */
export const MAX_API_MESSAGE_LENGTH = 1_000;

/**
 * Makes server-supplied error text safe to show (Alibaba Cloud API signature (RPC, signature v1)): drops everything after
 * "string to sign is:" (SignatureDoesNotMatch echoes the StringToSign, which holds the AccessKeyId and
 * every parameter), then replaces each of `secrets` — raw, percent-encoded once and twice, as they
 * appear in a StringToSign — with {@link REDACTED}, and caps the length.
 */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  const sts = /string\s*to\s*sign\s*is\s*:?/i.exec(out);
  if (sts) out = `${out.slice(0, sts.index + sts[0].length)} ${REDACTED}`;
  for (const secret of secrets) {
    if (secret === undefined || secret.length < MIN_SECRET_LENGTH) continue;
    const once = safeEncode(secret);
    const forms = new Set([secret, once, once === undefined ? undefined : safeEncode(once)]);
    for (const form of forms) if (form) out = out.split(form).join(REDACTED);
  }
  return out.length > MAX_API_MESSAGE_LENGTH ? `${out.slice(0, MAX_API_MESSAGE_LENGTH)}…` : out;
}

function safeEncode(s: string): string | undefined {
  try {
    return percentEncode(s);
  } catch {
    return undefined; // lone surrogates cannot be encoded, so they cannot appear encoded either
  }
}
