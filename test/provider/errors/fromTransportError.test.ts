import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import axios from "axios";
import { fromTransportError } from "../../../provider/errors/fromTransportError";

const ACCESS_KEY_ID = "LTAI5tRecognisableKeyId";
const SECRET = "SuperSecretValue-9f8e7d6c";
const SIGNATURE = "RecognisableSignature+/abc=";

/** A port that was just listening and is now closed, so connecting to it is refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe(fromTransportError.name, () => {
  it("wraps a real axios refused-connection error without the URL, the body, the credentials or the signature", async () => {
    const url = `http://127.0.0.1:${await closedPort()}/`;
    const body = `AccessKeyId=${ACCESS_KEY_ID}&ProductKey=ParamValueMarker&Signature=${encodeURIComponent(SIGNATURE)}`;
    let raw: unknown;
    try {
      await axios.post(url, body, { headers: { "content-type": "application/x-www-form-urlencoded" } });
    } catch (err) {
      raw = err;
    }
    assert.ok(axios.isAxiosError(raw));
    assert.ok(inspect(raw).includes(ACCESS_KEY_ID), "precondition: the raw axios error carries the body");

    const err = fromTransportError(raw, "QueryDeviceDetail", [ACCESS_KEY_ID, SECRET, SIGNATURE]);
    assert.equal(err.code, "ECONNREFUSED");
    assert.equal(err.kind, "network");
    assert.equal(err.message, "QueryDeviceDetail failed: ECONNREFUSED: the endpoint refused the connection (RequestId none)");
    assert.equal(err.cause?.message, "connect ECONNREFUSED");
    const outputs = [err.message, String(err), JSON.stringify(err), inspect(err), inspect(err, { showHidden: true, depth: 10 }), err.stack ?? ""];
    for (const text of outputs) {
      for (const forbidden of [url, url.slice("http://".length, -1), ACCESS_KEY_ID, SECRET, SIGNATURE, encodeURIComponent(SIGNATURE), "ParamValueMarker"]) {
        assert.ok(!text.includes(forbidden), `${JSON.stringify(forbidden)} leaked into:\n${text}`);
      }
    }
  });

  it("keeps the network code on the sanitized cause so classification still works", () => {
    const err = fromTransportError({ code: "ECONNRESET", syscall: "read", config: { data: "secret" } }, "A", []);
    assert.deepEqual([err.code, err.cause?.message, (err.cause as { code?: string }).code], ["ECONNRESET", "read ECONNRESET", "ECONNRESET"]);
  });

  it("falls back to RequestFailed for an error without a code", () => {
    const err = fromTransportError(new Error(`Request to https://x/?AccessKeyId=${ACCESS_KEY_ID} failed`), "A", []);
    assert.equal(err.message, "A failed: RequestFailed: the request failed without an HTTP response (RequestId none)");
    assert.ok(!inspect(err, { showHidden: true }).includes(ACCESS_KEY_ID));
  });
});
