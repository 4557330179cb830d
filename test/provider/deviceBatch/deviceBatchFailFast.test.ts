import assert from "node:assert/strict";
import { startEmulator, type EmulatorHandle } from "../../../emulator/index";
import { getClient } from "../../../provider/client/getClient";
import { resetConfig } from "../../../provider/config";
import { concurrencyLimit } from "../../../provider/dynamic/concurrencyLimit";
import type { DeviceBatchInputs, DeviceBatchOutputs } from "../../../provider/deviceBatch/deviceBatchTypes";
import { APPLY_PAGE_SIZE, fetchApplyDevices } from "../../../provider/deviceBatch/api/fetchApplyDevices";
import type { PartialFailure } from "../../../provider/dynamic/partialFailure";
import * as provider from "../../../provider/deviceBatch/deviceBatchProvider";
import { captureConsole } from "../../helpers/captureConsole";
import { configureForEmulator } from "../../helpers/configureForEmulator";
import { names } from "./deviceBatchFakeApi";

/*
 * Fail fast: once an operation's failure is certain (a page it needs cannot be read), it starts no
 * further page. Counted with the emulator's own stats; the pages in flight (at most the operation's
 * concurrency, 16) may still finish.
 */

const QPS = { BatchQueryDeviceDetail: 200 };
const CONCURRENCY = 16;

describe("DeviceBatch fails fast (against the emulator)", function () {
  this.timeout(60_000);
  let emu: EmulatorHandle;
  let productKey: string;
  captureConsole(["log", "error"]);

  before(async () => {
    emu = await startEmulator({ qps: QPS, checkDelayMs: 20, createDelayMs: 50 });
    configureForEmulator(emu, QPS);
  });

  after(async () => {
    resetConfig();
    await emu?.close();
  });

  beforeEach(async () => {
    emu.clearFaults();
    productKey = (await getClient().call<{ ProductKey: string }>("CreateProduct", { ProductName: `ff_${Date.now()}`, NodeType: 0 })).ProductKey;
  });

  const calls = (action: string): number => emu.stats()[action]?.calls ?? 0;

  async function inputs(count: number): Promise<DeviceBatchInputs> {
    const checked = await provider.check({} as DeviceBatchInputs, { productKey, devices: names(count) } as never);
    return { ...(checked.inputs as DeviceBatchInputs), __provider: "p" } as DeviceBatchInputs;
  }

  it("create: a persistent QueryPageByApplyId error stops the listing after the pages in flight (5,000 devices = 100 pages)", async () => {
    emu.addFault({ action: "QueryPageByApplyId", count: 0, httpStatus: 200, code: "iot.system.SystemException" });
    const before = calls("QueryPageByApplyId");
    const err = (await provider.create(await inputs(5_000)).catch((e: unknown) => e)) as PartialFailure;
    assert.match(String(err.reasons?.[0] ?? err), /SystemException/);
    const pages = calls("QueryPageByApplyId") - before;
    assert.ok(pages >= 1 && pages <= CONCURRENCY, `${pages} QueryPageByApplyId calls for 100 pages`);
    assert.equal((err.properties as unknown as DeviceBatchOutputs).pendingApplyIds.length, 1, "the batch is kept to settle later");

    // Settling it next time with the error still there: one page, not every page.
    const settleBefore = calls("QueryPageByApplyId");
    await assert.rejects(provider.update(err.id, err.properties as unknown as DeviceBatchOutputs, await inputs(5_000)), /SystemException/);
    assert.equal(calls("QueryPageByApplyId") - settleBefore, 1);
  });

  it("read: a persistent BatchQueryDeviceDetail error stops the lookups after the calls in flight (5,000 names = 50 calls)", async () => {
    const created = await provider.create(await inputs(5_000));
    emu.addFault({ action: "BatchQueryDeviceDetail", count: 0, httpStatus: 200, code: "iot.system.SystemException" });
    const before = calls("BatchQueryDeviceDetail");
    await assert.rejects(provider.read(created.id, created.outs as DeviceBatchOutputs), /SystemException/);
    const made = calls("BatchQueryDeviceDetail") - before;
    assert.ok(made >= 1 && made <= CONCURRENCY, `${made} BatchQueryDeviceDetail calls for 50 lookups`);
  });

  it("a retried persistent error costs one round of each in-flight page's retries, not every page's", async () => {
    emu.addFault({ action: "QueryPageByApplyId", count: 0, httpStatus: 503, code: "ServiceUnavailable" });
    const client = getClient(process.env, { maxAttempts: 3, sleep: () => Promise.resolve() });
    const before = calls("QueryPageByApplyId");
    // ApplyId 1 need not exist: every page fails at the fault before the handler runs.
    await assert.rejects(fetchApplyDevices(client, { productKey }, 1, 100 * APPLY_PAGE_SIZE, concurrencyLimit(CONCURRENCY, { failFast: true })), /ServiceUnavailable/);
    const made = calls("QueryPageByApplyId") - before;
    assert.ok(made <= CONCURRENCY * 3, `${made} calls; without fail-fast it would be 100 pages × 3 attempts = 300`);
  });
});
