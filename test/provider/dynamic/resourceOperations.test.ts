import assert from "node:assert/strict";
import type * as pulumi from "@pulumi/pulumi";
import { startEmulator, type EmulatorHandle } from "../../../emulator/index";
import { RpcClient } from "../../../provider/client/RpcClient";
import type { ProviderModule } from "../../../provider/dynamic/delegatingProvider";
import { currentOperation } from "../../../provider/dynamic/operationContext";
import { setEngineLogSink, operationLog, type EngineLogSink } from "../../../provider/dynamic/resourceLog";
import * as ops from "../../../provider/dynamic/resourceOperations";
import { SlidingWindowLimiter } from "../../../provider/retry/SlidingWindowLimiter";

type Props = Record<string, unknown>;
type Message = Parameters<EngineLogSink["log"]>[0];

const URN = "urn:pulumi:dev::proj::pulumi-nodejs:dynamic/alicloud-iot:DeviceBatch::lights";
const CONNECTION = { region: "ap-southeast-1", profile: "sg" };

/** A resource module that records what it was given and does what `body` says. */
function fakeModule(body: (props: Props) => Promise<void> = async () => undefined, ownSummary = false): ProviderModule<Props, Props> & { seen: Props[] } {
  const seen: Props[] = [];
  const run = async (props: Props): Promise<void> => {
    seen.push(props);
    await body(props);
  };
  return {
    seen,
    ownSummary,
    check: async (_olds, news) => (await run(news), { inputs: { ...news, normalised: true } }),
    diff: async (_id, _olds, news) => (await run(news), { changes: false }),
    create: async (inputs) => (await run(inputs), { id: "id-1", outs: { ...inputs, made: true } }),
    read: async (id, props) => (await run(props), { id, props }),
    update: async (_id, _olds, news) => (await run(news), { outs: { ...news } }),
    delete: async (_id, props) => void (await run(props)),
  };
}

describe("resourceOperations: connection and __urn handled once for every resource", () => {
  let messages: Message[];
  beforeEach(() => {
    messages = [];
    setEngineLogSink({ log: async (m) => void messages.push(m) });
  });
  afterEach(() => setEngineLogSink(null));

  it("keeps connection and __urn from the resource module and puts them back into checked inputs and outputs", async () => {
    const impl = fakeModule();
    const checked = await ops.check(impl, {}, { name: "a", connection: CONNECTION, __urn: URN });
    assert.deepEqual(impl.seen[0], { name: "a" });
    assert.deepEqual(checked.inputs, { name: "a", normalised: true, connection: CONNECTION, __urn: URN });
    const created = await ops.create(impl, checked.inputs!);
    assert.deepEqual(impl.seen[1], { name: "a", normalised: true });
    assert.deepEqual(created.outs, { name: "a", normalised: true, made: true, connection: CONNECTION, __urn: URN });
    const read = await ops.read(impl, "id-1", created.outs!);
    assert.deepEqual(read.props, created.outs);
    await ops.remove(impl, "id-1", created.outs!);
    assert.deepEqual(impl.seen.at(-1), { name: "a", normalised: true, made: true });
  });

  it("runs the module's code in the resource's place: its connection, and its row for messages", async () => {
    let inside: { connection: unknown; urn: unknown } | undefined;
    const impl = fakeModule(async () => {
      inside = { connection: currentOperation()?.connection, urn: currentOperation()?.urn };
      operationLog().progress("registered 10 / 20 devices");
      operationLog().warn("careful");
    });
    await ops.create(impl, { name: "a", connection: CONNECTION, __urn: URN });
    assert.deepEqual(inside, { connection: CONNECTION, urn: URN });
    assert.deepEqual(messages, [
      { severity: "info", message: "registered 10 / 20 devices", urn: URN, ephemeral: true },
      { severity: "warning", message: "careful", urn: URN, ephemeral: false },
    ]);
  });

  it("ends an operation of several calls or any retry with one summary line on the row; not one of a single call, nor for a module with its own", async () => {
    const calling = (n: number, retries = 0) => async () => {
      const tally = currentOperation()!.tally!;
      tally.called(n);
      for (let i = 0; i < retries; i++) tally.onRetry({ action: "DeleteDevice", attempt: 1, code: "Throttling.User", delayMs: 0 });
    };
    await ops.update(fakeModule(calling(3)), "id", { __urn: URN }, { __urn: URN });
    await ops.remove(fakeModule(calling(1, 2)), "id", { __urn: URN });
    await ops.create(fakeModule(calling(1)), { __urn: URN });
    await ops.create(fakeModule(calling(5), true), { __urn: URN });
    assert.equal(messages.length, 2, JSON.stringify(messages));
    assert.match(messages[0].message, /^updated: 3 calls, 0 retries \(0 throttled\), \d+\.\d s$/);
    assert.match(messages[1].message, /^deleted: 1 call, 2 retries \(2 throttled\), \d+\.\d s$/);
    assert.ok(messages.every((m) => m.urn === URN && m.ephemeral === false && m.severity === "info"));
  });

  it("writes to the console without a URN (state written before __urn existed)", async () => {
    const impl = fakeModule(async () => operationLog().info("a line"));
    const lines: string[] = [];
    const saved = console.log;
    console.log = (line: string) => void lines.push(line);
    try {
      await ops.create(impl, { name: "a" });
    } finally {
      console.log = saved;
    }
    assert.deepEqual(lines, ["a line"]);
    assert.deepEqual(messages, []);
  });

  it("records the place in a partial failure's properties, so the next run reaches the same place", async () => {
    const impl = fakeModule(async () => {
      throw Object.assign(new Error("half done"), { id: "id-1", properties: { registered: 3 } as Props, reasons: ["half done"] });
    });
    const err = (await ops.create(impl, { connection: CONNECTION, __urn: URN }).then(
      () => assert.fail("no error"),
      (e: unknown) => e,
    )) as { properties: Props };
    assert.deepEqual(err.properties, { registered: 3, connection: CONNECTION, __urn: URN });
  });

  it("replaces on a changed connection; __urn alone is never a change", async () => {
    const impl = fakeModule();
    const same: pulumi.dynamic.DiffResult = await ops.diff(impl, "id", { a: 1, connection: CONNECTION }, { a: 1, connection: CONNECTION, __urn: URN });
    assert.deepEqual(same, { changes: false });
    assert.deepEqual(impl.seen[0], { a: 1 });
    const moved = await ops.diff(impl, "id", { a: 1, connection: CONNECTION }, { a: 1, connection: { region: "cn-shanghai" } });
    assert.deepEqual(moved, { changes: true, replaces: ["connection"] });
    const rejected = await ops.check(impl, {}, { a: 1, connection: { region: "Shanghai" } });
    assert.deepEqual(rejected.failures?.map((f) => f.property), ["connection.region"]);
  });
});

describe("resourceOperations: the client counts an operation's calls for its summary", function () {
  this.timeout(30_000);
  let emu: EmulatorHandle;
  before(async () => (emu = await startEmulator({})));
  after(async () => emu?.close());

  it("counts every answered call the operation's clients make", async () => {
    const messages: Message[] = [];
    setEngineLogSink({ log: async (m) => void messages.push(m) });
    try {
      const client = new RpcClient({ endpoint: emu.endpoint, region: emu.regionId, accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret, qpsOverrides: {} }, { limiter: new SlidingWindowLimiter() });
      const impl = fakeModule(async () => {
        for (let i = 0; i < 3; i++) await client.call("QueryEdgeDriver", { Type: 1, CurrentPage: 1, PageSize: 1 });
      });
      await ops.create(impl, { __urn: URN });
      assert.equal(messages.length, 1);
      assert.match(messages[0].message, /^created: 3 calls, 0 retries \(0 throttled\), \d+\.\d s$/);
    } finally {
      setEngineLogSink(null);
    }
  });
});
