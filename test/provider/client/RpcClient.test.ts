import assert from "node:assert/strict";
import { inspect } from "node:util";
import { AxiosError } from "axios";
import type { AxiosAdapter, InternalAxiosRequestConfig } from "axios";
import type { ResolvedConfig } from "../../../provider/config";
import { RpcClient } from "../../../provider/client/RpcClient";
import { signRpc } from "../../../provider/client/signRpc";
import { IotApiError, isIotApiError } from "../../../provider/errors/IotApiError";
import type { Permit, PermitOutcome, RateLimiter } from "../../../provider/retry/RateLimiter";
import { SlidingWindowLimiter } from "../../../provider/retry/SlidingWindowLimiter";
import { FakeClock } from "../../helpers/FakeClock";
import type { LoopbackServer, ScriptedResponse } from "../../helpers/loopbackServer";
import { parseForm, startLoopbackServer } from "../../helpers/loopbackServer";

const ACCESS_KEY_ID = "LTAI5tRecognisableKeyId";
const SECRET = "SuperSecretValue-9f8e7d6c";
const TOKEN = "STS.RecognisableSecurityToken";

function configFor(endpoint: string, extra: Partial<ResolvedConfig> = {}): ResolvedConfig {
  return { endpoint, region: "cn-shanghai", accessKeyId: ACCESS_KEY_ID, accessKeySecret: SECRET, qpsOverrides: {}, ...extra };
}

const noSleep = (): Promise<void> => Promise.resolve();

/** A limiter that records each acquire and release and never waits. */
class RecordingLimiter implements RateLimiter {
  readonly calls: { bucket: string; quota: number }[] = [];
  readonly releases: PermitOutcome[] = [];
  acquire(bucket: string, quota: number): Promise<Permit> {
    this.calls.push({ bucket, quota });
    const releases = this.releases;
    let released = false;
    return Promise.resolve({
      release(outcome: PermitOutcome = {}): void {
        if (!released) releases.push(outcome);
        released = true;
      },
    });
  }
}

/** Fails unless `promise` rejects with an IotApiError; returns it. */
async function rejection(promise: Promise<unknown>): Promise<IotApiError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(isIotApiError(err), `expected an IotApiError, got ${String(err)}`);
    return err;
  }
  assert.fail("expected the call to reject");
}

/** Every form an error reaches a user or a log in. */
function renderings(err: Error): string[] {
  return [err.message, String(err), err.toString(), JSON.stringify(err), inspect(err), inspect(err, { depth: 10, showHidden: true }), err.stack ?? ""];
}

function assertRedacted(err: Error, forbidden: string[]): void {
  for (const text of renderings(err)) {
    for (const f of forbidden) assert.ok(!text.includes(f), `error output contains ${JSON.stringify(f)}:\n${text}`);
  }
}

describe(RpcClient.name, () => {
  let server: LoopbackServer;
  let script: ScriptedResponse[];

  beforeEach(async () => {
    script = [];
    server = await startLoopbackServer((_req, i) => script[Math.min(i, script.length - 1)]);
  });
  afterEach(() => server.close());

  function client(extra: Partial<ResolvedConfig> = {}, options: ConstructorParameters<typeof RpcClient>[1] = {}): RpcClient {
    return new RpcClient(configFor(server.endpoint, extra), { sleep: noSleep, limiter: new RecordingLimiter(), ...options });
  }

  it("retries 400 Throttling.User then 503 and succeeds on the third attempt", async () => {
    script = [
      { status: 400, body: { RequestId: "R1", Code: "Throttling.User", Message: "Request was denied due to user flow control." } },
      { status: 503, body: { RequestId: "R2", Code: "ServiceUnavailable", Message: "The request has failed due to a temporary failure of the server." } },
      { status: 200, body: { RequestId: "R3", Success: true, Data: { Total: 0 } } },
    ];
    const sleeps: number[] = [];
    const c = client({}, { sleep: (ms) => (sleeps.push(ms), Promise.resolve()) });
    const result = await c.callWithMetadata("QueryEdgeDriver", { CurrentPage: 1, PageSize: 30, Type: 1 });
    assert.equal(result.attempts, 3);
    assert.equal(result.requestId, "R3");
    assert.deepEqual(result.body.Data, { Total: 0 });
    assert.equal(server.requests.length, 3);
    assert.equal(sleeps.length, 2);
  });

  it("sends each attempt as a POST form body with a valid signature and a fresh nonce", async () => {
    script = [
      { status: 400, body: { RequestId: "R1", Code: "Throttling.User", Message: "flow control" } },
      { status: 503, body: { RequestId: "R2", Code: "ServiceUnavailable", Message: "unavailable" } },
      { status: 200, body: { RequestId: "R3", Success: true } },
    ];
    await client({ securityToken: TOKEN }).call("BatchQueryDeviceDetail", { ProductKey: "a1pk", DeviceName: ["d1", "d 2*"] });
    const nonces = new Set<string>();
    for (const req of server.requests) {
      assert.equal(req.method, "POST");
      assert.equal(req.url, "/");
      assert.equal(req.headers["content-type"], "application/x-www-form-urlencoded");
      const form = parseForm(req.body);
      const { Signature, ...signed } = form;
      assert.equal(signRpc({ method: "POST", params: signed, accessKeySecret: SECRET }).signature, Signature);
      assert.deepEqual(
        { ...signed, SignatureNonce: "*", Timestamp: "*" },
        {
          Action: "BatchQueryDeviceDetail",
          Format: "JSON",
          Version: "2018-01-20",
          AccessKeyId: ACCESS_KEY_ID,
          SignatureMethod: "HMAC-SHA1",
          SignatureVersion: "1.0",
          SignatureNonce: "*",
          Timestamp: "*",
          RegionId: "cn-shanghai",
          SecurityToken: TOKEN,
          ProductKey: "a1pk",
          "DeviceName.1": "d1",
          "DeviceName.2": "d 2*",
        },
      );
      assert.match(signed.Timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.match(signed.SignatureNonce, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      assert.ok(req.body.includes("DeviceName.2=d%202%2A"), "values are RFC 3986 encoded (%20, %2A)");
      nonces.add(signed.SignatureNonce);
    }
    assert.equal(nonces.size, 3);
  });

  it("does not retry 400 InvalidParameter", async () => {
    script = [{ status: 400, body: { RequestId: "R1", Code: "InvalidParameter", Message: "The parameter PageSize is invalid." } }];
    const err = await rejection(client().call("QueryEdgeDriver", { PageSize: 99 }));
    assert.equal(err.attempts, 1);
    assert.equal(err.retryRefusal, "notRetryable");
    assert.equal(err.kind, "gateway");
    assert.equal(err.httpStatus, 400);
    assert.equal(err.message, "QueryEdgeDriver failed: InvalidParameter: The parameter PageSize is invalid. (RequestId R1)");
    assert.equal(server.requests.length, 1);
  });

  it("throws a business error for a 2xx body with Success false and does not retry it", async () => {
    script = [{ status: 200, body: { RequestId: "R9", Success: false, Code: "iot.prod.NotExistedProduct", ErrorMessage: "The product does not exist." } }];
    const err = await rejection(client().call("BatchCheckDeviceNames", { ProductKey: "nope", DeviceName: ["abcd"] }));
    assert.equal(err.kind, "business");
    assert.equal(err.code, "iot.prod.NotExistedProduct");
    assert.equal(err.httpStatus, 200);
    assert.equal(err.attempts, 1);
    assert.equal(err.message, "BatchCheckDeviceNames failed: iot.prod.NotExistedProduct: The product does not exist. (RequestId R9)");
  });

  it("returns an edge operation's body carrying Code Success", async () => {
    script = [{ status: 200, body: { RequestId: "R1", Success: true, Code: "Success", DriverId: "d-1" } }];
    const body = await client().call<{ DriverId: string }>("CreateEdgeDriver", { DriverName: "drv", DriverProtocol: "modbus", Runtime: "nodejs8" });
    assert.equal(body.DriverId, "d-1");
    assert.equal(body.RequestId, "R1");
  });

  it("retries a throttling code that arrives in a 2xx body without Success", async () => {
    script = [
      { status: 200, body: { RequestId: "R1", Code: "iot.common.HighFrequentDeny", ErrorMessage: "请求太频繁" } },
      { status: 200, body: { RequestId: "R2", Success: true, Code: "Success" } },
    ];
    const result = await client().callWithMetadata("QueryEdgeDriver", {});
    assert.equal(result.attempts, 2);
  });

  it("does not retry a non-idempotent create after a 500 whose outcome is unknown", async () => {
    script = [{ status: 500, body: { RequestId: "R1", Code: "InternalError", Message: "The request processing has failed due to some unknown error." } }];
    const err = await rejection(client().call("CreateEdgeDriver", { DriverName: "drv" }));
    assert.equal(err.attempts, 1);
    assert.equal(err.retryRefusal, "outcomeUnknown");
  });

  it("retries a non-idempotent create that was throttled, since it was not executed", async () => {
    script = [
      { status: 400, body: { RequestId: "R1", Code: "Throttling.User", Message: "flow control" } },
      { status: 200, body: { RequestId: "R2", Success: true, Code: "Success", DriverId: "d-2" } },
    ];
    const result = await client().callWithMetadata("CreateEdgeDriver", { DriverName: "drv" });
    assert.equal(result.attempts, 2);
  });

  it("retries a create after a 500 when the caller declares it idempotent", async () => {
    script = [
      { status: 500, body: { RequestId: "R1", Code: "InternalError", Message: "unknown" } },
      { status: 200, body: { RequestId: "R2", Success: true } },
    ];
    const result = await client().callWithMetadata("CreateEdgeDriver", {}, { idempotent: true });
    assert.equal(result.attempts, 2);
  });

  it("stops after maxAttempts with attemptsExhausted", async () => {
    script = [{ status: 503, body: { RequestId: "R1", Code: "ServiceUnavailable", Message: "unavailable" } }];
    const err = await rejection(client({}, { maxAttempts: 4 }).call("QueryDeviceDetail", { IotId: "x" }));
    assert.equal(err.attempts, 4);
    assert.equal(err.retryRefusal, "attemptsExhausted");
    assert.equal(server.requests.length, 4);
  });

  it("stops with timeBudgetExhausted when the backoff would pass maxTotalMs", async () => {
    script = [{ status: 503, body: { RequestId: "R1", Code: "ServiceUnavailable", Message: "unavailable" } }];
    const err = await rejection(client({}, { maxTotalMs: 50, random: () => 0 }).call("QueryDeviceDetail", {}));
    assert.equal(err.attempts, 1);
    assert.equal(err.retryRefusal, "timeBudgetExhausted");
  });

  it("reports each retry to onRetry without parameters or credentials", async () => {
    script = [
      { status: 400, body: { RequestId: "R1", Code: "Throttling", Message: "throttled" } },
      { status: 200, body: { RequestId: "R2", Success: true } },
    ];
    const infos: unknown[] = [];
    await client({}, { random: () => 0, onRetry: (info) => infos.push(info) }).call("GetThingTopo", { PageNo: 1 });
    assert.deepEqual(infos, [{ action: "GetThingTopo", attempt: 1, code: "Throttling", delayMs: 500 }]);
  });

  it("adds IotInstanceId from the config unless the params set it, and sends none for null", async () => {
    script = [{ status: 200, body: { RequestId: "R", Success: true } }];
    const c = client({ iotInstanceId: "iot-cfg" });
    await c.call("QueryDeviceDetail", {});
    await c.call("QueryDeviceDetail", { IotInstanceId: "iot-param" });
    await c.call("QueryDeviceDetail", { IotInstanceId: null });
    assert.deepEqual(
      server.requests.map((r) => parseForm(r.body).IotInstanceId),
      ["iot-cfg", "iot-param", undefined],
    );
  });

  it("does not send SecurityToken when none is configured", async () => {
    script = [{ status: 200, body: { RequestId: "R", Success: true } }];
    await client().call("QueryDeviceDetail", {});
    assert.equal("SecurityToken" in parseForm(server.requests[0].body), false);
  });

  it("rejects a common parameter passed as a business parameter, before sending", async () => {
    await assert.rejects(client().call("QueryDeviceDetail", { Signature: "x" }), {
      name: "TypeError",
      message: "Expected params not to contain the common parameter `Signature`; the client sets it",
    });
    assert.equal(server.requests.length, 0);
  });

  it("releases each attempt's permit when its answer arrives, telling the limiter which were throttled", async () => {
    script = [
      { status: 400, body: { RequestId: "R1", Code: "Throttling.User", Message: "flow control" } },
      { status: 503, body: { RequestId: "R2", Code: "ServiceUnavailable", Message: "unavailable" } },
      { status: 200, body: { RequestId: "R3", Success: true } },
    ];
    const limiter = new RecordingLimiter();
    const releasedBeforeBackoff: number[] = [];
    await client({}, { limiter, sleep: () => (releasedBeforeBackoff.push(limiter.releases.length), Promise.resolve()) }).call("QueryDeviceDetail", {});
    assert.deepEqual(limiter.releases, [{ throttled: true }, { throttled: false }, {}]);
    assert.deepEqual(releasedBeforeBackoff, [1, 2], "a permit is not held through the backoff wait");
  });

  it("asks the limiter once per attempt, per (AccessKeyId, action), with the limits.ts quota or the override", async () => {
    script = [
      { status: 400, body: { RequestId: "R1", Code: "Throttling.User", Message: "flow control" } },
      { status: 200, body: { RequestId: "R2", Success: true } },
    ];
    const limiter = new RecordingLimiter();
    await client({ qpsOverrides: { QueryDeviceDetail: 7 } }, { limiter }).call("BatchAddThingTopo", {});
    await client({ qpsOverrides: { QueryDeviceDetail: 7 } }, { limiter }).call("QueryDeviceDetail", {});
    assert.deepEqual(
      limiter.calls.map((c) => c.quota),
      [5, 5, 7],
    );
    const [a, b, c] = limiter.calls.map((x) => x.bucket);
    assert.equal(a, b);
    assert.notEqual(a, c);
    assert.ok(limiter.calls.every((x) => !x.bucket.includes(ACCESS_KEY_ID)), "bucket keys do not hold the AccessKeyId");
  });

  it("turns a SignatureDoesNotMatch echo of the string-to-sign into a redacted message", async () => {
    script = [
      {
        status: 400,
        body: {
          RequestId: "R1",
          Code: "SignatureDoesNotMatch",
          Message: `Specified signature is not matched with our calculation. server string to sign is:POST&%2F&AccessKeyId%3D${ACCESS_KEY_ID}%26Action%3DQueryDeviceDetail`,
        },
      },
    ];
    const err = await rejection(client().call("QueryDeviceDetail", {}));
    assert.equal(
      err.message,
      "QueryDeviceDetail failed: SignatureDoesNotMatch: Specified signature is not matched with our calculation. server string to sign is: [redacted] (RequestId R1)",
    );
    assertRedacted(err, [ACCESS_KEY_ID, SECRET, server.endpoint]);
  });

  it("keeps URL, params, AccessKeyId, secret, token and signature out of every form of a gateway error", async () => {
    script = [{ status: 403, body: { RequestId: "R1", Code: "Forbidden.RAM", Message: `User ${ACCESS_KEY_ID} not authorized` } }];
    const err = await rejection(client({ securityToken: TOKEN }).call("QueryDeviceDetail", { ProductKey: "ParamValueMarker" }));
    const sent = parseForm(server.requests[0].body);
    assertRedacted(err, [ACCESS_KEY_ID, SECRET, TOKEN, sent.Signature, server.endpoint, "ParamValueMarker", "SignatureNonce"]);
    assert.equal(err.message, "QueryDeviceDetail failed: Forbidden.RAM: User [redacted] not authorized (RequestId R1)");
  });

  it("wraps a refused connection as ECONNREFUSED, retries it, and leaks nothing", async () => {
    const closed = server.endpoint;
    await server.close();
    server = await startLoopbackServer(() => ({ status: 200, body: {} })); // for afterEach
    const c = new RpcClient(configFor(closed, { securityToken: TOKEN }), { sleep: noSleep, limiter: new RecordingLimiter(), maxAttempts: 2 });
    const err = await rejection(c.call("QueryDeviceDetail", { ProductKey: "ParamValueMarker" }));
    assert.equal(err.code, "ECONNREFUSED");
    assert.equal(err.kind, "network");
    assert.equal(err.attempts, 2);
    assert.equal(err.retryRefusal, "attemptsExhausted");
    assert.equal(err.httpStatus, undefined);
    assert.equal(err.message, "QueryDeviceDetail failed: ECONNREFUSED: the endpoint refused the connection (RequestId none)");
    assert.equal(Object.getOwnPropertyDescriptor(err, "cause")?.enumerable, false);
    assertRedacted(err, [ACCESS_KEY_ID, SECRET, TOKEN, closed, closed.replace("http://", ""), "ParamValueMarker", "Signature"]);
  });

  it("keeps the signed body out of an axios timeout error whose config carries it", async () => {
    let sentBody = "";
    const adapter: AxiosAdapter = (config: InternalAxiosRequestConfig) => {
      sentBody = String(config.data);
      return Promise.reject(new AxiosError(`timeout of ${config.timeout}ms exceeded`, "ECONNABORTED", config));
    };
    const c = new RpcClient(configFor("https://iot.cn-shanghai.aliyuncs.com"), { sleep: noSleep, limiter: new RecordingLimiter(), adapter, maxAttempts: 1 });
    const err = await rejection(c.call("QueryDeviceDetail", { ProductKey: "ParamValueMarker" }));
    assert.equal(err.code, "ECONNABORTED");
    const signature = parseForm(sentBody).Signature;
    assert.ok(signature.length > 10);
    assertRedacted(err, [ACCESS_KEY_ID, SECRET, signature, encodeURIComponent(signature), "aliyuncs.com", "ParamValueMarker", "timeout of"]);
  });

  it("does not retry a timeout of a non-idempotent action (the request may have run)", async () => {
    const adapter: AxiosAdapter = (config) => Promise.reject(new AxiosError("timeout", "ECONNABORTED", config));
    const c = new RpcClient(configFor("https://iot.example"), { sleep: noSleep, limiter: new RecordingLimiter(), adapter });
    const err = await rejection(c.call("InvokeThingsService", {}));
    assert.equal(err.retryRefusal, "outcomeUnknown");
    assert.equal(err.attempts, 1);
  });

  it("reports a non-JSON 502 from a load balancer as a transient protocol error", async () => {
    script = [
      { status: 502, body: "<html>Bad Gateway</html>" },
      { status: 200, body: { RequestId: "R2", Success: true } },
    ];
    const result = await client().callWithMetadata("QueryDeviceDetail", {});
    assert.equal(result.attempts, 2);
  });

  it("hides the credentials from util.inspect and JSON.stringify of the client", () => {
    const c = client({ securityToken: TOKEN });
    for (const text of [inspect(c, { depth: 5 }), JSON.stringify(c)]) {
      assert.ok(!text.includes(SECRET) && !text.includes(TOKEN) && !text.includes(ACCESS_KEY_ID), text);
    }
  });

  describe("with the limiter on a fake clock", () => {
    function fakeAdapter(clock: FakeClock, starts: { key: string; at: number }[]): AxiosAdapter {
      return (config) => {
        const form = parseForm(String(config.data));
        starts.push({ key: `${form.AccessKeyId}/${form.Action}`, at: clock.now() });
        return Promise.resolve({ data: JSON.stringify({ RequestId: "R", Success: true }), status: 200, statusText: "OK", headers: {}, config });
      };
    }

    it("starts 12 concurrent BatchAddThingTopo calls at 5 QPS on the limiter's schedule: 200 ms apart, the first turn 100 ms early", async () => {
      const clock = new FakeClock();
      const starts: { key: string; at: number }[] = [];
      const limiter = new SlidingWindowLimiter({ clock });
      const c = new RpcClient(configFor("https://iot.example"), { limiter, adapter: fakeAdapter(clock, starts), now: () => clock.now(), sleep: (ms) => clock.sleep(ms) });
      const t0 = clock.now();
      await clock.run(Promise.all(Array.from({ length: 12 }, () => c.call("BatchAddThingTopo", {}))));
      const offsets = starts.map((s) => s.at - t0);
      // SPACING_TOLERANCE_MS lets the second call run 100 ms ahead of its turn; then the slots free 200 ms apart.
      assert.deepEqual(offsets, [0, 100, 300, 500, 700, 1000, 1100, 1300, 1500, 1700, 2000, 2100]);
    });

    it("gives two AccessKeyIds separate buckets for the same action", async () => {
      const clock = new FakeClock();
      const starts: { key: string; at: number }[] = [];
      const limiter = new SlidingWindowLimiter({ clock });
      const options = { limiter, adapter: fakeAdapter(clock, starts), now: () => clock.now(), sleep: (ms: number) => clock.sleep(ms) };
      const a = new RpcClient(configFor("https://iot.example"), options);
      const b = new RpcClient(configFor("https://iot.example", { accessKeyId: "LTAI5tOtherKeyId" }), options);
      const t0 = clock.now();
      await clock.run(Promise.all([...Array.from({ length: 5 }, () => a.call("BatchAddThingTopo", {})), ...Array.from({ length: 5 }, () => b.call("BatchAddThingTopo", {}))]));
      const offsets = (key: string): number[] => starts.filter((s) => s.key.startsWith(key)).map((s) => s.at - t0);
      assert.deepEqual([offsets("LTAI5tOtherKeyId/"), offsets(`${ACCESS_KEY_ID}/`)], [[0, 100, 300, 500, 700], [0, 100, 300, 500, 700]]);
      await clock.run(a.call("BatchAddThingTopo", {}));
      assert.equal(starts[10].at - t0, 1000, "a sixth call with the first key waits for its own window");
    });
  });
});
