import type { ApiCaller } from "../dynamic/ApiCaller";
import type * as pulumi from "@pulumi/pulumi";
import { getClient } from "../client/getClient";
import { isGone } from "../errors/goneCodes";
import type { AttachOutcome } from "./api/attachSubDevices";
import { attachSubDevices, MissingSubDevicesError, TOPO_ADD_CHUNK } from "./api/attachSubDevices";
import { detachSubDevices } from "./api/detachSubDevices";
import { checkGatewayTopology } from "./gatewayTopologyCheck";
import { diffGatewayTopology } from "./gatewayTopologyDiff";
import type { AttachedSubDevice, DeviceRef, GatewayTopologyInputs, GatewayTopologyOutputs, SubDeviceMap } from "./gatewayTopologyTypes";
import { listThingTopo } from "./api/listThingTopo";
import { partialFailure, providerOf } from "../dynamic/partialFailure";
import { subDeviceKey } from "./subDeviceKey";
import { operationLog } from "../dynamic/resourceLog";

export type { GatewayTopologyInputs, GatewayTopologyOutputs } from "./gatewayTopologyTypes";

/*
 * Operations of the GatewayTopology resource: the sub-devices attached to one gateway (IoT Platform API reference: BatchAddThingTopo, GetThingTopo, RemoveThingTopo).
 *
 * The resource owns the gateway's topology: id = `<gwProductKey>/<gwDeviceName>`, read reports every
 * sub-device attached to the gateway. check and diff make no API call. create and update never
 * forget an attachment the API confirmed: after a partial success they throw a partial failure with
 * the state reached. DeviceSecrets are looked up at call time to sign the items and never stored.
 *
 * Replacement (gateway or iotInstanceId changed, or `pulumi up --replace`) deletes first: the old
 * resource detaches its relations, then the new one attaches. Created first, a replacement of the
 * SAME gateway re-attaches the very relations the old delete then detaches (the delete cannot tell
 * them apart), so the class sets `deleteBeforeReplace: true` (deleteFirstOptions.ts) and diff says so too.
 */

/** Validates and normalises inputs before any API call; `subDevices` becomes a map keyed by `productKey/deviceName`. */
export async function check(_olds: GatewayTopologyInputs, news: GatewayTopologyInputs): Promise<pulumi.dynamic.CheckResult<GatewayTopologyInputs>> {
  const { inputs, failures } = checkGatewayTopology(news as unknown as Record<string, unknown>);
  const out = inputs as unknown as GatewayTopologyInputs;
  return failures.length > 0 ? { inputs: out, failures } : { inputs: out };
}

/** Pure set difference, no API call (gatewayTopologyDiff.ts); logs what an update would do and cost. */
export async function diff(_id: string, olds: GatewayTopologyOutputs, news: GatewayTopologyInputs): Promise<pulumi.dynamic.DiffResult> {
  const d = diffGatewayTopology(olds, news);
  if (d.replaces.length > 0) {
    operationLog().info(`GatewayTopology ${subDeviceKey(olds.gateway)}: ${d.replaces.join(" and ")} changed, so the topology is replaced (the old gateway's sub-devices are detached first, then the new topology is attached)`);
    return { changes: true, replaces: d.replaces, deleteBeforeReplace: true };
  }
  const pending = olds.pendingSubDevices ?? [];
  if (pending.length > 0) {
    operationLog().info(`GatewayTopology ${subDeviceKey(olds.gateway)}: ${pending.length} sub-devices with an unknown attach outcome are settled with GetThingTopo first`);
    return { changes: true };
  }
  if (d.attach.length + d.detach.length > 0) {
    operationLog().info(
      `GatewayTopology ${subDeviceKey(olds.gateway)}: ${d.attach.length} to attach (${Math.ceil(d.attach.length / TOPO_ADD_CHUNK)} BatchAddThingTopo calls), ` +
        `${d.detach.length} to detach. Attach: ${preview(d.attach)}. Detach: ${preview(d.detach)}.`,
    );
  }
  return { changes: d.changes };
}

/** Attaches every sub-device. Fails with nothing recorded only if nothing was attached. */
export async function create(inputs: GatewayTopologyInputs): Promise<pulumi.dynamic.CreateResult<GatewayTopologyOutputs>> {
  const id = subDeviceKey(inputs.gateway);
  const state = new Map<string, AttachedSubDevice>();
  const outcome = await attachOrThrow(getClient(), inputs, Object.keys(inputs.subDevices));
  for (const a of outcome.attached) state.set(a.key, { iotId: a.iotId });
  const pending = outcome.unsure ?? [];
  if (outcome.error !== undefined) {
    if (state.size === 0 && pending.length === 0) throw outcome.error;
    throw partialFailure(attachFailureMessage(outcome, Object.keys(inputs.subDevices).length), id, outputsOf(inputs, state, pending), [String(outcome.error)], providerOf(inputs));
  }
  return { id, outs: outputsOf(inputs, state) };
}

/**
 * Settles sub-devices left pending by a call with an unknown outcome (GetThingTopo), attaches added
 * sub-devices, then detaches removed ones still on this gateway; partial failure keeps the state reached.
 */
export async function update(id: string, olds: GatewayTopologyOutputs, news: GatewayTopologyInputs): Promise<pulumi.dynamic.UpdateResult<GatewayTopologyOutputs>> {
  const caller = getClient();
  const state = new Map<string, AttachedSubDevice>(Object.entries(olds.subDevices ?? {}));
  let pending: readonly string[] = olds.pendingSubDevices ?? [];
  const fail = (message: string, error: unknown): Error => partialFailure(message, id, outputsOf(news, state, pending), [String(error)], providerOf(news));
  if (pending.length > 0) {
    try {
      await settlePending(caller, olds.gateway, pending, olds.iotInstanceId, state);
    } catch (e) {
      throw fail(`Settling ${pending.length} sub-devices with an unknown attach outcome failed; they stay pending: ${String(e)}`, e);
    }
    pending = [];
  }
  const d = diffGatewayTopology({ ...olds, subDevices: Object.fromEntries(state) }, news);

  let outcome: AttachOutcome;
  try {
    outcome = await attachOrThrow(caller, news, d.attach);
  } catch (e) {
    throw fail(`Attaching ${d.attach.length} sub-devices failed before any was attached: ${String(e)}`, e);
  }
  for (const a of outcome.attached) state.set(a.key, { iotId: a.iotId });
  pending = outcome.unsure ?? [];
  if (outcome.error !== undefined) throw fail(attachFailureMessage(outcome, d.attach.length), outcome.error);

  if (d.detach.length > 0) {
    try {
      const gone = await detachFromGateway(caller, news.gateway, d.detach, news.iotInstanceId, (key) => state.delete(key));
      if (gone.error !== undefined) throw gone.error;
    } catch (e) {
      throw fail(`Detaching ${d.detach.length} removed sub-devices failed: ${String(e)}`, e);
    }
  }
  return { outs: outputsOf(news, state) };
}

/**
 * Refresh: lists the gateway's sub-devices with GetThingTopo (50 a page, 500 QPS) and reports them as
 * they are, so sub-devices detached or attached out of band show as drift, and the next up heals it.
 * A gateway that no longer exists makes the resource gone (id "").
 */
export async function read(id: string, props: GatewayTopologyOutputs): Promise<pulumi.dynamic.ReadResult<GatewayTopologyOutputs>> {
  let entries;
  try {
    entries = await listThingTopo(getClient(), props.gateway, props.iotInstanceId);
  } catch (e) {
    if (isGone(e, "device", "product")) return { id: "" };
    throw e;
  }
  const state = new Map<string, AttachedSubDevice>();
  for (const e of entries) state.set(subDeviceKey(e), { iotId: e.iotId });
  const subDevices: SubDeviceMap = {};
  for (const key of state.keys()) subDevices[key] = {};
  const inputs: Record<string, unknown> = { gateway: { ...props.gateway }, subDevices, signMethod: props.signMethod ?? "hmacSha256" };
  if (props.iotInstanceId !== undefined) inputs.iotInstanceId = props.iotInstanceId;
  return { id, props: outputsOf(props, state), inputs: inputs as unknown as GatewayTopologyOutputs };
}

/**
 * Detaches the recorded (and pending) sub-devices that are still attached to this gateway (one
 * RemoveThingTopo each; "no relation" counts as done). A gateway that no longer exists has nothing to detach.
 */
async function remove(_id: string, props: GatewayTopologyOutputs): Promise<void> {
  // Pending sub-devices may be attached: detach them too when GetThingTopo shows them on this gateway.
  const keys = [...new Set([...Object.keys(props.subDevices ?? {}), ...(props.pendingSubDevices ?? [])])];
  if (keys.length === 0) return;
  let gone;
  try {
    gone = await detachFromGateway(getClient(), props.gateway, keys, props.iotInstanceId);
  } catch (e) {
    if (isGone(e, "device", "product")) return;
    throw e;
  }
  if (gone.error !== undefined) {
    throw new Error(`Detached ${gone.detached.length} sub-devices of gateway ${subDeviceKey(props.gateway)} before failing; the next destroy detaches the rest: ${String(gone.error)}`);
  }
}
export { remove as delete };

/** Attaches `keys`; lookup failures (before anything changed) are thrown, call failures returned in the outcome. */
async function attachOrThrow(caller: ApiCaller, inputs: GatewayTopologyInputs, keys: readonly string[]): Promise<AttachOutcome> {
  try {
    return await attachSubDevices(caller, keys, { gateway: inputs.gateway, signMethod: inputs.signMethod, iotInstanceId: inputs.iotInstanceId });
  } catch (e) {
    if (e instanceof MissingSubDevicesError) throw new Error(e.message);
    throw e;
  }
}

/**
 * Detaches those of `keys` that GetThingTopo shows on `gateway`; the others are already detached or
 * moved to another gateway (which must keep them) and only leave the state.
 */
async function detachFromGateway(
  caller: ApiCaller,
  gateway: DeviceRef,
  keys: readonly string[],
  iotInstanceId: string | undefined,
  onDetached: (key: string) => void = () => undefined,
): ReturnType<typeof detachSubDevices> {
  const onGateway = new Set((await listThingTopo(caller, gateway, iotInstanceId)).map(subDeviceKey));
  const targets: string[] = [];
  for (const key of keys) {
    if (onGateway.has(key)) targets.push(key);
    else onDetached(key);
  }
  const outcome = await detachSubDevices(caller, targets, iotInstanceId, onDetached);
  return outcome;
}

function attachFailureMessage(outcome: AttachOutcome, total: number): string {
  const unsure = outcome.unsure ?? [];
  const failed =
    unsure.length > 0
      ? `the outcome of that call is unknown, so its ${unsure.length} sub-devices are recorded as pending and the next update, refresh or destroy settles them with GetThingTopo`
      : "that call attached none of its items";
  return `Attached ${outcome.attached.length} of ${total} sub-devices (${outcome.calls} BatchAddThingTopo calls) before a call failed; ${failed}: ${String(outcome.error)}`;
}

/** Moves the `pending` keys that GetThingTopo shows on `gateway` into `state`; the others were not attached. */
async function settlePending(
  caller: ApiCaller,
  gateway: DeviceRef,
  pending: readonly string[],
  iotInstanceId: string | undefined,
  state: Map<string, AttachedSubDevice>,
): Promise<void> {
  const onGateway = new Map((await listThingTopo(caller, gateway, iotInstanceId)).map((e) => [subDeviceKey(e), e.iotId]));
  for (const key of pending) {
    const iotId = onGateway.get(key);
    if (iotId !== undefined) state.set(key, { iotId });
  }
}

function outputsOf(x: GatewayTopologyInputs | GatewayTopologyOutputs, state: ReadonlyMap<string, AttachedSubDevice>, pending: readonly string[] = []): GatewayTopologyOutputs {
  const subDevices: Record<string, AttachedSubDevice> = {};
  for (const [key, v] of state) subDevices[key] = { iotId: v.iotId };
  const out: Record<string, unknown> = {
    gateway: { productKey: x.gateway.productKey, deviceName: x.gateway.deviceName },
    subDevices,
    subDeviceCount: state.size,
    signMethod: x.signMethod ?? "hmacSha256",
  };
  if (x.iotInstanceId !== undefined) out.iotInstanceId = x.iotInstanceId;
  const unsettled = pending.filter((k) => !state.has(k));
  if (unsettled.length > 0) out.pendingSubDevices = unsettled;
  return out as unknown as GatewayTopologyOutputs;
}

function preview(keys: readonly string[]): string {
  if (keys.length === 0) return "none";
  return keys.length > 5 ? `${keys.slice(0, 5).join(", ")}, … and ${keys.length - 5} more` : keys.join(", ");
}
