import { generate } from "selfsigned";

/** A PEM certificate and its private key. */
export interface TlsCertificate {
  readonly cert: string;
  readonly key: string;
}

/**
 * A self-signed certificate for the loopback listener, made at start-up: valid for `127.0.0.1`,
 * `::1` and `localhost`, for one day, SHA-256 over an RSA-2048 key. Clients trust it by its PEM
 * (e.g. `NODE_EXTRA_CA_CERTS=<file>` for a Node process started afterwards).
 */
export async function generateTlsCertificate(): Promise<TlsCertificate> {
  const now = new Date();
  const pems = await generate([{ name: "commonName", value: "alicloud-iot-emulator" }], {
    keySize: 2048,
    algorithm: "sha256",
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: new Date(now.getTime() + 24 * 3600_000),
    extensions: [
      { name: "basicConstraints", cA: true, critical: true },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true, keyCertSign: true, critical: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }, { type: 7, ip: "::1" }, { type: 2, value: "localhost" }] },
    ],
  } as never);
  return { cert: pems.cert, key: pems.private };
}
