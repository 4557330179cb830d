import { randomBytes } from "crypto";
import type * as pulumi from "@pulumi/pulumi";
import { getClient } from "../client/getClient";
import type { ApiCaller } from "../dynamic/ApiCaller";
import { concurrencyLimit } from "../dynamic/concurrencyLimit";
import { configuredQps } from "../dynamic/configuredQps";
import { formatDuration } from "../dynamic/formatDuration";
import { partialFailure, providerOf } from "../dynamic/partialFailure";
import { progressReporter } from "../dynamic/progressReporter";
import { MAX_IN_FLIGHT } from "../limits";
import { deleteDevices } from "./api/deleteDevices";
import { fetchDeviceDetails } from "./api/fetchDeviceDetails";
import { productAuthType, resolveAuthType } from "./api/productAuthType";
import type { RegisterOutcome } from "./api/registerDevices";
import { registerDevices, RegistrationError } from "./api/registerDevices";
import { settlePendingApplyIds } from "./api/settlePendingApplyIds";
import { updateNicknames } from "./api/updateNicknames";
import { checkChunkSize } from "./checkChunkSize";
import { checkDeviceBatch, deviceBatchSummary } from "./deviceBatchCheck";
import { diffDeviceBatch } from "./deviceBatchDiff";
import type { DeviceBatchMeta } from "./deviceBatchState";
import { DeviceBatchState } from "./deviceBatchState";
import type { AuthType, DeviceBatchInputs, DeviceBatchOutputs, DeviceMap, DeviceSpec, ProductScope, StoredDeviceBatchOutputs } from "./deviceBatchTypes";
import { diffDeviceSets } from "./diffDeviceSets";
import { BatchTooLargeError, checkMemoryBudget, COLLECT_AFTER_DEVICES, currentHeap } from "./memoryBudget";
import { collectAfterAnswer } from "../dynamic/collectGarbage";
import { nicknameOf, settingsFor } from "./deviceSettings";
import { nicknameFixes } from "./nicknameFixes";
import { withRegistrationLock } from "./registrationLock";
import { checkResult } from "../dynamic/checkFailure";
import { operationLog } from "../dynamic/resourceLog";

export type { DeviceBatchInputs, DeviceBatchOutputs } from "./deviceBatchTypes";

/*
 * Operations of the DeviceBatch resource: a fleet of custom-named devices in one product.
 *
 * Failure contract: check and diff make no API call. create and update never lose a device the API
 * confirmed: when they fail after changing anything they throw a partial failure carrying the state
 * as it is, and ApplyIds whose outcome is unknown are kept in `pendingApplyIds` and settled
 * by the next update, read or delete. delete treats a device already gone as deleted; if it fails,
 * the resource stays in state and the next destroy deletes what is left.
 *
 * Known platform limits: `pulumi import` cannot adopt dynamic resources
 * (#16175), hence `adoptExisting`. No DeviceSecret is returned: every output reaches the program in
 * the engine's RegisterResource answer, which `pulumi up --debug` prints whole, secrets included
 * (marking an output secret does not keep it out of that line); programs use getDeviceSecrets.
 */

/** Validates and normalises inputs before any API call (deviceBatchCheck.ts). */
export async function check(olds: DeviceBatchInputs, news: DeviceBatchInputs): Promise<pulumi.dynamic.CheckResult<DeviceBatchInputs>> {
  const checked = checkDeviceBatch(news as unknown as Record<string, unknown>, olds);
  collectIfLarge(typeof checked.inputs.devices === "object" ? Object.keys(checked.inputs.devices).length : 0);
  return checkResult(checked);
}

/** Pure, no API call (deviceBatchDiff.ts). */
export async function diff(_id: string, olds: StoredDeviceBatchOutputs, news: DeviceBatchInputs): Promise<pulumi.dynamic.DiffResult> {
  collectIfLarge(olds.deviceCount ?? 0);
  return diffDeviceBatch(olds, news);
}

/** After an operation on a large batch, a garbage collection once it has answered (collectGarbage.ts); call it as the operation settles. */
function collectIfLarge(devices: number): void {
  if (devices >= COLLECT_AFTER_DEVICES) collectAfterAnswer();
}

/**
 * Registers every device (registerDevices.ts). Fails with nothing recorded only if nothing exists:
 * before registering it checks that the process has the memory to return the batch (memoryBudget.ts).
 * Registrations of a process run one at a time (registrationLock.ts).
 */
export async function create(inputs: DeviceBatchInputs): Promise<pulumi.dynamic.CreateResult<DeviceBatchOutputs>> {
  return withRegistrationLock(() => createNow(inputs)).finally(() => collectIfLarge(Object.keys(inputs.devices).length));
}

async function createNow(inputs: DeviceBatchInputs): Promise<pulumi.dynamic.CreateResult<DeviceBatchOutputs>> {
  const scope = scopeOf(inputs);
  assertFitsInMemory(scope.productKey, Object.keys(inputs.devices).length);
  const id = `${inputs.productKey}:${randomBytes(6).toString("hex")}`;
  const state = new DeviceBatchState();
  const fail = (message: string, reasons: readonly string[]): Error =>
    partialFailure(message, id, state.toOutputs(metaOf(inputs)), reasons, providerOf(inputs));
  const caller = getClient();
  // One QueryProduct before anything is registered: the chunk size depends on the product's AuthType.
  const authType = resolveAuthType(scope.productKey, inputs.authType, await productAuthType(caller, scope));
  inputs = { ...inputs, authType };
  let outcome: RegisterOutcome;
  try {
    outcome = await registerDevices(caller, scope, specsOf(inputs.devices, Object.keys(inputs.devices)), registerOptions(inputs));
  } catch (e) {
    if (!(e instanceof RegistrationError)) throw e;
    recordOutcome(state, e.outcome);
    if (state.devices.size === 0 && state.pendingApplyIds.size === 0) throw new Error(e.message);
    throw fail(e.message, e.reasons);
  }
  recordOutcome(state, outcome);
  const fixes = nicknameFixes(state, inputs.devices, outcome.adopted.map((d) => d.name));
  const renamed = await updateNicknames(caller, scope, fixes);
  for (const name of renamed.updated) state.setNickname(name, nicknameOf(inputs.devices[name]));
  if (renamed.error !== undefined) throw fail(`Setting nicknames of adopted devices failed: ${String(renamed.error)}`, [String(renamed.error)]);
  return { id, outs: state.toOutputs(metaOf(inputs)) };
}

/**
 * Settles pending ApplyIds, then registers added devices, sets changed nicknames and deletes removed
 * devices, in that order. Any failure throws a partial failure with the state reached so far. Before
 * registering it checks the memory as create does; updates of a process run one at a time.
 */
export async function update(id: string, olds: StoredDeviceBatchOutputs, news: DeviceBatchInputs): Promise<pulumi.dynamic.UpdateResult<DeviceBatchOutputs>> {
  return withRegistrationLock(() => updateNow(id, olds, news)).finally(() => collectIfLarge(olds.deviceCount ?? 0));
}

async function updateNow(id: string, olds: StoredDeviceBatchOutputs, news: DeviceBatchInputs): Promise<pulumi.dynamic.UpdateResult<DeviceBatchOutputs>> {
  const scope = scopeOf(news);
  const state = DeviceBatchState.fromOutputs(olds);
  const caller = getClient();
  // The product's AuthType as last learned, unless declared; learned again before registering.
  let authType: AuthType = news.authType ?? olds.authType ?? "secret";
  const fail = (message: string, reasons: readonly string[]): Error =>
    partialFailure(message, id, state.toOutputs(metaOf({ ...news, authType })), reasons, providerOf(news));

  const unsureNicknames = await settleForUpdate(caller, scope, state);

  const registered = Object.fromEntries(state.devices);
  const d = diffDeviceSets(registered, news.devices);
  const adopted: string[] = [];
  if (d.added.length > 0) {
    try {
      // One QueryProduct before registering: the chunk size depends on the product's AuthType.
      authType = resolveAuthType(scope.productKey, news.authType, await productAuthType(caller, scope));
    } catch (e) {
      throw fail(String(e instanceof Error ? e.message : e), [String(e)]);
    }
    try {
      assertFitsInMemory(scope.productKey, state.devices.size + d.added.length);
      const outcome = await registerDevices(caller, scope, specsOf(news.devices, d.added), registerOptions({ ...news, authType }));
      recordOutcome(state, outcome);
      for (const a of outcome.adopted) adopted.push(a.name);
    } catch (e) {
      if (e instanceof RegistrationError) {
        recordOutcome(state, e.outcome);
        throw fail(e.message, e.reasons);
      }
      throw fail(String(e), [String(e)]);
    }
  }

  const fixes = nicknameFixes(state, news.devices, new Set([...d.renicknamed, ...adopted, ...unsureNicknames]), unsureNicknames);
  if (fixes.length > 0) {
    const renamed = await updateNicknames(caller, scope, fixes);
    for (const name of renamed.updated) state.setNickname(name, nicknameOf(news.devices[name]));
    if (renamed.error !== undefined) throw fail(`BatchUpdateDeviceNickname failed: ${String(renamed.error)}`, [String(renamed.error)]);
    operationLog().info(`updated ${renamed.updated.length.toLocaleString("en-US")} nicknames of product ${scope.productKey}`);
  }

  if (d.removed.length > 0) {
    const gone = await deleteAll(caller, scope, state, d.removed);
    if (gone.error !== undefined) {
      throw fail(`Deleted ${gone.deleted.toLocaleString("en-US")} of ${d.removed.length.toLocaleString("en-US")} removed devices before failing: ${String(gone.error)}`, [
        String(gone.error),
      ]);
    }
  }
  return { outs: state.toOutputs(metaOf({ ...news, authType })) };
}

/**
 * Settles the ApplyIds an interrupted run left pending into `state`; returns the devices they added,
 * whose nicknames are unknown (so the update sets them again).
 */
async function settleForUpdate(caller: ApiCaller, scope: ProductScope, state: DeviceBatchState): Promise<Set<string>> {
  const unsureNicknames = new Set<string>();
  if (state.pendingApplyIds.size === 0) return unsureNicknames;
  const settled = await settlePendingApplyIds(caller, scope, [...state.pendingApplyIds]);
  for (const d of settled.devices) {
    if (!state.devices.has(d.name)) unsureNicknames.add(d.name);
    state.add(d);
  }
  state.settle(settled.applyIds);
  state.pendingApplyIds.clear();
  return unsureNicknames;
}

/**
 * Refresh: settles pending ApplyIds and looks every device up with BatchQueryDeviceDetail (100 names
 * a call at 5 QPS: 25,001 devices = 251 calls ≈ 50 s; docs/device-batch.md compares alternatives).
 * Devices deleted out of band drop out of the outputs and of the returned inputs, and nicknames
 * changed out of band are taken over, so the next preview shows the drift and the next up heals it.
 */
export async function read(id: string, props: StoredDeviceBatchOutputs): Promise<pulumi.dynamic.ReadResult<DeviceBatchOutputs>> {
  const scope = scopeOf(props);
  const state = DeviceBatchState.fromOutputs(props);
  const caller = getClient();
  const names = new Set(state.devices.keys());
  if (state.pendingApplyIds.size > 0) {
    const settled = await settlePendingApplyIds(caller, scope, [...state.pendingApplyIds]);
    for (const d of settled.devices) names.add(d.name);
    state.settle(settled.applyIds);
    state.pendingApplyIds.clear();
  }
  const progress = progressReporter("read", names.size, (l) => operationLog().progress(l), ` of product ${scope.productKey}`);
  const found = await fetchDeviceDetails(caller, scope, [...names], concurrencyLimit(MAX_IN_FLIGHT, { failFast: true }), (n) => progress.advance(n));
  state.devices.clear();
  for (const rec of found) state.add(rec);
  const missing = names.size - found.length;
  if (missing > 0) operationLog().info(`refresh: ${missing.toLocaleString("en-US")} devices of product ${scope.productKey} no longer exist`);
  const meta = metaOf(props);
  const devices: DeviceMap = {};
  for (const [name, dev] of state.devices) devices[name] = settingsFor(dev.nickname);
  // As check returns them, so the next preview compares like with like (the summary included).
  const inputs: Record<string, unknown> = { productKey: meta.productKey, devices, authType: meta.authType, summary: deviceBatchSummary(state.devices.size) };
  if (meta.iotInstanceId !== undefined) inputs.iotInstanceId = meta.iotInstanceId;
  if (meta.adoptExisting !== undefined) inputs.adoptExisting = meta.adoptExisting;
  return { id, props: state.toOutputs(meta), inputs: inputs as unknown as DeviceBatchOutputs };
}

/** Deletes every device of the batch (and of pending ApplyIds) at the DeleteDevice quota. */
async function remove(_id: string, props: StoredDeviceBatchOutputs): Promise<void> {
  const scope = scopeOf(props);
  const state = DeviceBatchState.fromOutputs(props);
  const caller = getClient();
  if (state.pendingApplyIds.size > 0) {
    const settled = await settlePendingApplyIds(caller, scope, [...state.pendingApplyIds]);
    for (const d of settled.devices) state.add(d);
  }
  const gone = await deleteAll(caller, scope, state, [...state.devices.keys()]);
  if (gone.error !== undefined) {
    throw new Error(
      `Deleted ${gone.deleted.toLocaleString("en-US")} of ${(gone.deleted + state.devices.size).toLocaleString("en-US")} devices of product ` +
        `${scope.productKey} before failing; the rest remain and the next destroy deletes them: ${String(gone.error)}`,
    );
  }
}
export { remove as delete };

/** Deletes `names` from the batch, logging the quota-bound duration and progress; updates `state`. */
async function deleteAll(
  caller: ReturnType<typeof getClient>,
  scope: ProductScope,
  state: DeviceBatchState,
  names: readonly string[],
): Promise<{ deleted: number; error?: unknown }> {
  if (names.length === 0) return { deleted: 0 };
  const qps = configuredQps("DeleteDevice");
  operationLog().progress(
    `deleting ${names.length.toLocaleString("en-US")} devices of product ${scope.productKey}; ` +
      `the DeleteDevice quota of ${qps} QPS makes this take ≥ ${formatDuration(names.length / qps)}`,
  );
  const progress = progressReporter("deleted", names.length, (l) => operationLog().progress(l), ` of product ${scope.productKey}`);
  const targets = names.map((name) => ({ name, iotId: state.devices.get(name)?.iotId }));
  const outcome = await deleteDevices(caller, scope, targets, (name) => {
    state.remove(name);
    progress.advance(1);
  });
  return { deleted: outcome.deleted.length, error: outcome.error };
}

/** Throws BatchTooLargeError (nothing registered yet) when `devicesAfter` devices cannot be returned. */
function assertFitsInMemory(productKey: string, devicesAfter: number): void {
  if (checkMemoryBudget(devicesAfter, currentHeap()).ok) return;
  // Measure again without garbage before refusing.
  const heap = currentHeap(true);
  const verdict = checkMemoryBudget(devicesAfter, heap);
  if (!verdict.ok) throw new BatchTooLargeError(productKey, devicesAfter, verdict, heap);
}

function scopeOf(x: { productKey: string; iotInstanceId?: string }): ProductScope {
  return x.iotInstanceId ? { productKey: x.productKey, iotInstanceId: x.iotInstanceId } : { productKey: x.productKey };
}

function metaOf(x: DeviceBatchInputs | StoredDeviceBatchOutputs): DeviceBatchMeta {
  return { productKey: x.productKey, authType: x.authType ?? "secret", iotInstanceId: x.iotInstanceId, adoptExisting: x.adoptExisting };
}

function specsOf(devices: DeviceMap, names: readonly string[]): DeviceSpec[] {
  return names.map((name) => {
    const nickname = nicknameOf(devices[name]);
    return nickname ? { name, nickname } : { name };
  });
}

function registerOptions(inputs: DeviceBatchInputs): Parameters<typeof registerDevices>[3] {
  return { chunkSize: checkChunkSize(inputs.authType ?? "secret"), adoptExisting: inputs.adoptExisting === true, log: (l) => operationLog().progress(l), note: (l) => operationLog().info(l) };
}

function recordOutcome(state: DeviceBatchState, outcome: RegisterOutcome): void {
  for (const d of outcome.adopted) state.add(d);
  for (const d of outcome.registered) state.add(d);
  state.settle(outcome.applyIds);
  for (const id of outcome.pendingApplyIds) state.pendingApplyIds.add(id);
}
