import * as http from "http";
import { randomUUID } from "crypto";
import Client from "@alicloud/iot20180120";
import * as $OpenApi from "@alicloud/openapi-client";
import { signRpc } from "../../provider/client/signRpc";
import { percentEncode } from "../../provider/client/percentEncode";
import { FakeClock } from "../helpers/FakeClock";
import { EmulatorHandle, EmulatorOptions, startEmulator } from "../../emulator/index";

/** Test helpers: an emulator on a loopback port with a fake clock, SDK clients, raw signed requests. */

export interface TestEmulator extends EmulatorHandle {
  readonly fake: FakeClock;
}

export async function start(opts: EmulatorOptions = {}): Promise<TestEmulator> {
  const fake = opts.clock instanceof FakeClock ? opts.clock : new FakeClock(Date.now());
  const emu = await startEmulator({ ...opts, clock: fake });
  return Object.assign(emu, { fake });
}

export type SdkMode = "v3" | "v1";

/** The official SDK pointed at the emulator; "v1" is `signatureAlgorithm: "v2"` (HMAC-SHA1 RPC). */
export function sdk(emu: EmulatorHandle, mode: SdkMode, creds?: { accessKeyId: string; accessKeySecret: string }): Client {
  return new Client(
    new $OpenApi.Config({
      accessKeyId: creds?.accessKeyId ?? emu.accessKeyId,
      accessKeySecret: creds?.accessKeySecret ?? emu.accessKeySecret,
      endpoint: emu.address,
      protocol: "http",
      regionId: "cn-shanghai",
      signatureAlgorithm: mode === "v1" ? "v2" : undefined,
    }),
  );
}

/** `YYYY-MM-DDThh:mm:ssZ` for a clock reading. */
export const isoSeconds = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });

export function httpRequest(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: opts.method ?? "GET", headers: opts.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on("error", reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

export interface SignedCall {
  action: string;
  params?: Record<string, string>;
  method?: "GET" | "POST";
  /** Where the parameters go: all in the query, all in a form body, or common in the query + business in the body. */
  shape?: "query" | "body" | "mixed";
  accessKeyId?: string;
  accessKeySecret?: string;
  timestamp?: string;
  nonce?: string;
  /** Replace parameters after signing (to tamper with a request). */
  tamper?: Record<string, string>;
  /** Leave these common parameters out. */
  omit?: string[];
  format?: string | null;
  version?: string;
  /** Sign with this verb instead of the one used to send (to prove the verb is signed). */
  signAs?: "GET" | "POST";
}

/** A v1-signed request built by hand with the project's signer. */
export function signedCall(emu: EmulatorHandle & { clock: { now(): number } }, c: SignedCall): Promise<RawResponse> {
  const method = c.method ?? "POST";
  const common: Record<string, string> = {
    Action: c.action,
    Version: c.version ?? "2018-01-20",
    AccessKeyId: c.accessKeyId ?? emu.accessKeyId,
    SignatureMethod: "HMAC-SHA1",
    SignatureVersion: "1.0",
    SignatureNonce: c.nonce ?? randomUUID(),
    Timestamp: c.timestamp ?? isoSeconds(emu.clock.now()),
  };
  if (c.format !== null) common.Format = c.format ?? "JSON";
  for (const o of c.omit ?? []) delete common[o];
  const business = c.params ?? {};
  const all = { ...common, ...business };
  const { signature } = signRpc({ method: c.signAs ?? method, params: all, accessKeySecret: c.accessKeySecret ?? emu.accessKeySecret });
  const signed: Record<string, string> = { ...all, Signature: signature, ...(c.tamper ?? {}) };
  if (c.omit?.includes("Signature")) delete signed.Signature;
  const enc = (o: Record<string, string>): string =>
    Object.keys(o)
      .map((k) => `${percentEncode(k)}=${percentEncode(o[k])}`)
      .join("&");
  const shape = c.shape ?? "query";
  let query: Record<string, string> = signed;
  let body: Record<string, string> | undefined;
  if (shape === "body") {
    query = {};
    body = signed;
  } else if (shape === "mixed") {
    query = {};
    body = {};
    for (const [k, v] of Object.entries(signed)) (k in business ? body : query)[k] = v;
  }
  const qs = enc(query);
  return httpRequest(`${emu.endpoint}/${qs ? "?" + qs : ""}`, {
    method,
    headers: body ? { "content-type": "application/x-www-form-urlencoded" } : {},
    body: body ? enc(body) : undefined,
  });
}

/** Unsigned admin call. */
export function admin(emu: EmulatorHandle, method: string, path: string, body?: unknown): Promise<RawResponse> {
  return httpRequest(`${emu.endpoint}${path}`, {
    method,
    headers: body !== undefined ? { "content-type": "application/json" } : {},
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
}
