import { randomBytes } from "crypto";
import type * as pulumi from "@pulumi/pulumi";
import { getClient } from "../client/getClient";
import { limitsFor } from "../limits";
import { partialFailure } from "../internal/partialFailure";
import { checkThingsServiceInvocation } from "../internal/thingsServiceInvocationCheck";
import { thingsServiceInvocationDiff } from "../internal/thingsServiceInvocationDiff";
import type { InvokeOutcome } from "../internal/thingsServiceInvocationInvoke";
import { invokeOnDevices } from "../internal/thingsServiceInvocationInvoke";
import type { ThingsServiceInvocationInputs, ThingsServiceInvocationOutputs } from "../internal/thingsServiceInvocationTypes";
import { deviceNames, deviceSetOf } from "../internal/thingsServiceInvocationTypes";

export type { ThingsServiceInvocationInputs, ThingsServiceInvocationOutputs } from "../internal/thingsServiceInvocationTypes";

/*
 * Operations of ThingsServiceInvocation, an "action" resource: creating it invokes one service
 * (InvokeThingsService) on every device. The API keeps no record of invocations (no MessageId, no
 * per-device result, IoT Platform API reference: InvokeThingsService), so the state is the only record of what was delivered.
 *
 * Contract (docs/things-service-invocation.md):
 *  - check and diff make no API call; a no-op preview or up calls nothing;
 *  - a change of productKey, identifier, args, iotInstanceId or triggers replaces the resource, i.e.
 *    re-invokes on every device (create before delete; delete calls nothing, an invocation cannot be
 *    undone);
 *  - a change of devices updates: added devices are invoked, removed ones leave the state;
 *  - outputs' `devices` are the devices invoked. A failure after some calls succeeded is a partial
 *    failure recording exactly those devices, so the next up (an update) invokes only the rest;
 *  - at least once: a call whose outcome the client could not tell is recorded as not delivered, so
 *    the next up repeats it (the call is not idempotent, and the client never retries it blindly).
 */

/** Validates and normalises (`devices` becomes a set keyed by name); no API call. */
export async function check(_olds: ThingsServiceInvocationInputs, news: ThingsServiceInvocationInputs): Promise<pulumi.dynamic.CheckResult<ThingsServiceInvocationInputs>> {
  const { inputs, failures } = checkThingsServiceInvocation(news as unknown as Record<string, unknown>);
  return failures.length > 0 ? { inputs, failures } : { inputs };
}

/** Pure (thingsServiceInvocationDiff.ts): re-invoking inputs replace, a device-set change updates. */
export async function diff(_id: string, olds: ThingsServiceInvocationOutputs, news: ThingsServiceInvocationInputs): Promise<pulumi.dynamic.DiffResult> {
  const d = thingsServiceInvocationDiff(olds, news);
  if (!d.changes) return { changes: false };
  return d.replaces.length > 0 ? { changes: true, replaces: d.replaces, deleteBeforeReplace: false } : { changes: true };
}

/**
 * Invokes the service on every device, at most 100 per call, paced by the shared limiter. If no call
 * succeeded the error is plain (nothing is recorded); otherwise a partial failure records the devices
 * invoked so far.
 */
export async function create(raw: ThingsServiceInvocationInputs): Promise<pulumi.dynamic.CreateResult<ThingsServiceInvocationOutputs>> {
  const inputs = canonical(raw);
  const id = `${inputs.productKey}:${inputs.identifier}:${randomBytes(6).toString("hex")}`;
  const names = deviceNames(inputs.devices);
  announce(inputs, names.length);
  const outcome = await invokeOnDevices(getClient(), inputs, names);
  const outs = outputsOf(inputs, outcome.invoked, outcome, undefined);
  if (outcome.error !== undefined) {
    const message = failureMessage(inputs, outcome, names.length);
    if (outcome.calls === 0) throw new Error(message);
    throw partialFailure(message, id, outs, reasonsOf(outcome), providerOf(raw));
  }
  return { id, outs };
}

/** Echoes the state: there is nothing to read back (the API records no invocation). */
export async function read(id: string, props: ThingsServiceInvocationOutputs): Promise<pulumi.dynamic.ReadResult<ThingsServiceInvocationOutputs>> {
  return { id, props };
}

/**
 * Invokes the service on added devices only and drops removed ones from the state. Any failure is a
 * partial failure with the devices invoked so far, so the next up invokes only the rest.
 */
export async function update(id: string, olds: ThingsServiceInvocationOutputs, raw: ThingsServiceInvocationInputs): Promise<pulumi.dynamic.UpdateResult<ThingsServiceInvocationOutputs>> {
  const news = canonical(raw);
  const d = thingsServiceInvocationDiff(olds, news);
  if (d.replaces.length > 0) {
    // diff asks for a replacement in this case, so the engine never sends it here.
    throw new Error(`Cannot update ThingsServiceInvocation ${id} in place: ${d.replaces.join(", ")} changed, which re-invokes on every device (a replacement)`);
  }
  const removed = new Set(d.removed);
  const kept = deviceNames(olds.devices).filter((name) => !removed.has(name));
  if (d.added.length > 0) announce(news, d.added.length);
  const outcome = await invokeOnDevices(getClient(), news, d.added);
  const outs = outputsOf(news, [...kept, ...outcome.invoked], outcome, olds);
  if (outcome.error !== undefined) throw partialFailure(failureMessage(news, outcome, d.added.length), id, outs, reasonsOf(outcome), providerOf(raw));
  return { outs };
}

/** Nothing to do: an invocation cannot be undone. The resource just leaves the stack. */
async function remove(_id: string, _props: ThingsServiceInvocationOutputs): Promise<void> {
  return;
}
export { remove as delete };

/**
 * Inputs in normal form. `check` normally made them so, but the engine skips `check` on a targeted
 * replace (`up --replace`), and sorting is what makes the device-set bookkeeping right.
 */
function canonical(raw: ThingsServiceInvocationInputs): ThingsServiceInvocationInputs {
  const { inputs, failures } = checkThingsServiceInvocation(raw as unknown as Record<string, unknown>);
  if (failures.length > 0) throw new Error(failures.map((f) => f.reason).join("; "));
  return inputs;
}

/** Outputs for `invoked` devices under `inputs`; counters continue from `previous` when given. */
function outputsOf(inputs: ThingsServiceInvocationInputs, invoked: readonly string[], outcome: InvokeOutcome, previous: ThingsServiceInvocationOutputs | undefined): ThingsServiceInvocationOutputs {
  const devices = deviceSetOf(invoked);
  const outs: Record<string, unknown> = {
    productKey: inputs.productKey,
    identifier: inputs.identifier,
    args: inputs.args,
    devices,
    invokedDevices: Object.keys(devices).length,
    calls: (previous?.calls ?? 0) + outcome.calls,
    invokedAt: outcome.calls > 0 ? new Date().toISOString() : (previous?.invokedAt ?? ""),
    requestIds: [...(previous?.requestIds ?? []), ...outcome.requestIds],
  };
  if (inputs.iotInstanceId !== undefined) outs.iotInstanceId = inputs.iotInstanceId;
  if (inputs.triggers !== undefined) outs.triggers = inputs.triggers;
  return outs as unknown as ThingsServiceInvocationOutputs;
}

function announce(inputs: ThingsServiceInvocationInputs, count: number): void {
  const calls = Math.ceil(count / 100);
  const qps = limitsFor("InvokeThingsService").qps;
  console.log(`invoking ${inputs.identifier} on ${count.toLocaleString("en-US")} devices of product ${inputs.productKey}: ${calls} InvokeThingsService calls at ${qps} QPS`);
}

function failureMessage(inputs: ThingsServiceInvocationInputs, outcome: InvokeOutcome, wanted: number): string {
  const rest = wanted - outcome.invoked.length;
  return (
    `Invoked ${inputs.identifier} on ${outcome.invoked.length.toLocaleString("en-US")} of ${wanted.toLocaleString("en-US")} devices of product ` +
    `${inputs.productKey} before InvokeThingsService failed: ${String(outcome.error)}. ` +
    `The devices invoked are recorded; the next \`pulumi up\` invokes the remaining ${rest.toLocaleString("en-US")}.`
  );
}

function reasonsOf(outcome: InvokeOutcome): string[] {
  const reasons = [String(outcome.error)];
  if (outcome.outcomeUnknown) {
    const [first, last] = [outcome.failedDevices[0], outcome.failedDevices[outcome.failedDevices.length - 1]];
    reasons.push(
      `the failed call (devices ${first}…${last}) may have reached the devices: the client could not tell. ` +
        "They are recorded as not invoked, so the next `pulumi up` invokes them again (at least once).",
    );
  }
  return reasons;
}

function providerOf(raw: ThingsServiceInvocationInputs): unknown {
  return (raw as unknown as { __provider?: unknown }).__provider;
}
