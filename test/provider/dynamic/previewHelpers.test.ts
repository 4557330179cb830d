import assert from "node:assert/strict";
import { destroySummary } from "../../../provider/dynamic/destroySummary";
import { deviceSetLine } from "../../../provider/thingsServiceInvocation/deviceSetLine";
import { isThrottleCode, operationTally } from "../../../provider/dynamic/operationTally";
import { engineLogSink, resourceLog, type EngineLogSink } from "../../../provider/dynamic/resourceLog";
import { type KeyShape, unknownKeyFailures } from "../../../provider/dynamic/unknownKeys";
import { UNKNOWN } from "../../../provider/dynamic/unknown";
import * as deviceBatch from "../../../provider/deviceBatch/deviceBatchProvider";
import * as edgeDriver from "../../../provider/edgeDriver/edgeDriverProvider";
import * as edgeDriverVersion from "../../../provider/edgeDriverVersion/edgeDriverVersionProvider";
import * as gatewayTopology from "../../../provider/gatewayTopology/gatewayTopologyProvider";
import * as invocation from "../../../provider/thingsServiceInvocation/thingsServiceInvocationProvider";
import { captureConsole } from "../../helpers/captureConsole";

describe("deviceSetLine", () => {
  it("counts, and names what was added and removed (at most 5 of each)", () => {
    assert.equal(deviceSetLine(["a"]), "1 device");
    assert.equal(deviceSetLine(Array.from({ length: 25_001 }, (_, i) => `d${i}`)), "25,001 devices");
    assert.equal(deviceSetLine(["a", "b"], ["a", "b"]), "2 devices");
    assert.equal(deviceSetLine(["a", "c"], ["a", "b"]), "2 devices (+ c; - b)");
    const before = ["keep"];
    const after = ["keep", ...Array.from({ length: 7 }, (_, i) => `n${i}`)];
    assert.equal(deviceSetLine(after, before), "8 devices (+ n0, n1, n2, n3, n4 … and 2 more)");
  });
});

describe("destroySummary", () => {
  it("states the count and the quota-bound time (⌈n / QPS⌉ − 1 s)", () => {
    assert.equal(destroySummary(32_002, "device", "deleting", "DeleteDevice", 50), "32,002 devices; deleting takes ≥ 10 min 40 s at DeleteDevice 50 QPS");
    assert.equal(destroySummary(1, "sub-device", "detaching", "RemoveThingTopo", 500), "1 sub-device; detaching takes ≥ 0 s at RemoveThingTopo 500 QPS");
  });
});

describe("operationTally", () => {
  it("counts calls, retries and throttles against an injected clock", () => {
    let now = 1_000;
    const t = operationTally(() => now);
    t.called(250);
    t.onRetry({ action: "InvokeThingsService", attempt: 1, code: "Throttling.User", delayMs: 100 });
    t.onRetry({ action: "InvokeThingsService", attempt: 1, code: "ServiceUnavailable", delayMs: 100 });
    now = 26_400;
    assert.equal(t.line("invoked X on 25,000 devices"), "invoked X on 25,000 devices: 250 calls, 2 retries (1 throttled), 25.4 s");
    assert.equal(operationTally(() => 0).line("nothing"), "nothing: 0 calls, 0 retries (0 throttled), 0.0 s");
    assert.deepEqual(["Throttling", "Throttling.User", "Throttling.Api", "ThrottlingX", "iot.common.HighFrequentDeny"].map(isThrottleCode), [true, true, true, false, false]);
  });
});

describe("resourceLog", () => {
  const logs = captureConsole(["log", "error"]);
  const URN = "urn:pulumi:dev::proj::pulumi-nodejs:dynamic/alicloud-iot:ThingsServiceInvocation::reset";

  it("sends to the engine with the URN, progress as ephemeral, in order", async () => {
    const sent: unknown[] = [];
    const sink: EngineLogSink = { log: async (m) => void sent.push(m) };
    const log = resourceLog(URN, "X: ", sink);
    log.progress("10%");
    log.info("done");
    log.warn("careful");
    await log.flush();
    assert.deepEqual(sent, [
      { severity: "info", message: "10%", urn: URN, ephemeral: true },
      { severity: "info", message: "done", urn: URN, ephemeral: false },
      { severity: "warning", message: "careful", urn: URN, ephemeral: false },
    ]);
    assert.deepEqual(logs, []);
  });

  it("falls back to the console, prefixed, without a URN (0.1.0 state) or after the engine refused", async () => {
    const failing: EngineLogSink = { log: async () => Promise.reject(new Error("gone")) };
    const noUrn = resourceLog(undefined, "X: ", { log: async () => assert.fail("sent without a URN") });
    noUrn.info("a");
    noUrn.warn("b");
    const refused = resourceLog(URN, "X: ", failing);
    refused.info("c");
    refused.info("d");
    await refused.flush();
    assert.deepEqual(logs, ["X: a", "warning: X: b", "X: c", "X: d"]);
  });

  it("connects only inside the dynamic-provider host, which gets the engine's address as its argument", () => {
    // In this test process the sink is null (argv is mocha's), so messages go to the console.
    assert.equal(engineLogSink(), null);
  });
});

describe("unknownKeyFailures", () => {
  const shape: KeyShape = {
    description: true,
    containerConfig: { privileged: true, portMappings: [{ hostPort: true, protocol: true }] },
    driverConfig: [{ format: true, content: true }],
  };
  it("names each unknown key with its path and the keys accepted there", () => {
    const failures = unknownKeyFailures(
      { descripton: "x", containerConfig: { portMapping: [], portMappings: [{ hostPort: 1, x: 2 }] }, driverConfig: [{ format: "KV", y: 1 }] },
      shape,
      "EdgeDriverVersion",
    );
    assert.deepEqual(failures, [
      { property: "descripton", reason: 'Expected `descripton` to not be set: EdgeDriverVersion takes description, containerConfig and driverConfig, got "x"' },
      { property: "containerConfig.portMapping", reason: "Expected `containerConfig.portMapping` to not be set: `containerConfig` takes privileged and portMappings, got []" },
      { property: "containerConfig.portMappings[0].x", reason: "Expected `containerConfig.portMappings[0].x` to not be set: `containerConfig.portMappings[0]` takes hostPort and protocol, got 2" },
      { property: "driverConfig[0].y", reason: "Expected `driverConfig[0].y` to not be set: `driverConfig[0]` takes format and content, got 1" },
    ]);
  });
  it("skips the package's own __ keys, output placeholders, wrong types and preview placeholders", () => {
    assert.deepEqual(unknownKeyFailures({ __provider: "p", __urn: "u", calls: undefined, containerConfig: "text", driverConfig: UNKNOWN }, shape, "T"), []);
    assert.deepEqual(unknownKeyFailures({ containerConfig: UNKNOWN, driverConfig: [UNKNOWN, 3] }, shape, "T"), []);
  });
});

describe("every resource's check rejects unknown keys with their path", () => {
  const cases: [string, () => Promise<{ failures?: { property: string; reason: string }[] }>, string, RegExp][] = [
    ["EdgeDriver", () => edgeDriver.check({}, { driverName: "d1", driverProtocol: "modbus", runtime: "c", cpuarch: "x86" } as never), "cpuarch", /EdgeDriver takes driverName/],
    ["EdgeDriverVersion", () => edgeDriverVersion.check({}, { driverId: "d", driverVersion: "1.0.0", edgeVersion: "2.0.0", descripton: "x" } as never), "descripton", /EdgeDriverVersion takes/],
    ["DeviceBatch", () => deviceBatch.check({} as never, { productKey: "a1pk", devices: ["lamp-1", { name: "lamp-2", nick: "x" }] } as never), "devices[1].nick", /`devices\[1\]` takes name and nickname/],
    ["GatewayTopology", () => gatewayTopology.check({} as never, { gateway: { productKey: "a1gw", deviceName: "gw-1", secret: "s" }, subDevices: ["a1pk/lamp-1"] } as never), "gateway.secret", /`gateway` takes productKey and deviceName/],
    ["ThingsServiceInvocation", () => invocation.check({} as never, { productKey: "a1pk", identifier: "Set", devices: ["lamp-1"], qos: 1 } as never), "qos", /ThingsServiceInvocation takes/],
  ];
  for (const [type, run, path, message] of cases) {
    it(`${type}: ${path}`, async () => {
      const { failures } = await run();
      const failure = failures?.find((f) => f.property === path);
      assert.ok(failure, JSON.stringify(failures));
      assert.match(failure.reason, message);
      assert.match(failure.reason, /^Expected `.+` to not be set: .+, got .+$/);
    });
  }
});
