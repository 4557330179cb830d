import { randomBytes } from "crypto";
import type * as pulumi from "@pulumi/pulumi";
import { getClient } from "../client/getClient";
import { configuredQps } from "../dynamic/configuredQps";
import { deviceSetLine } from "./deviceSetLine";
import { operationTally } from "../dynamic/operationTally";
import { partialFailure, providerOf } from "../dynamic/partialFailure";
import { progressReporter } from "../dynamic/progressReporter";
import { resourceLog, type ResourceLog } from "../dynamic/resourceLog";
import { checkThingsServiceInvocation } from "./thingsServiceInvocationCheck";
import { thingsServiceInvocationDiff } from "./thingsServiceInvocationDiff";
import type { InvokeOutcome } from "./api/thingsServiceInvocationInvoke";
import { invokeOnDevices } from "./api/thingsServiceInvocationInvoke";
import { invocationPlanLine, invokeCost } from "./thingsServiceInvocationPlan";
import type { ThingsServiceInvocationInputs, ThingsServiceInvocationOutputs } from "./thingsServiceInvocationTypes";
import { deviceNames, deviceSetOf, invokedDevicesOf, requestIdsOf } from "./thingsServiceInvocationTypes";
import { checkResult } from "../dynamic/checkFailure";

export type { ThingsServiceInvocationInputs, ThingsServiceInvocationOutputs } from "./thingsServiceInvocationTypes";

/*
 * Operations of ThingsServiceInvocation, an "action" resource: creating it invokes one service
 * (InvokeThingsService) on every device. The API keeps no record of invocations (no MessageId, no
 * per-device result, IoT Platform API reference: InvokeThingsService), so the state is the only record of what was delivered.
 *
 * Contract (docs/things-service-invocation.md):
 *  - check and diff make no API call; a no-op preview or up calls nothing;
 *  - never a replacement: nothing is created that a delete could undo. A change of productKey,
 *    identifier, args, iotInstanceId or triggers is an update that invokes again on every device;
 *    a change of the device set is an update that invokes the added devices; removed ones leave the
 *    state; delete calls nothing;
 *  - outputs' `__devices` are the devices invoked under the current settings. A failure after some
 *    calls succeeded is a partial failure recording exactly those devices, so the next up (an
 *    update) invokes only the rest;
 *  - at least once: a call whose outcome the client could not tell is recorded as not delivered, so
 *    the next up repeats it (the call is not idempotent, and the client never retries it blindly);
 *  - state of 0.1.0 (`devices` a map or list, `requestIds` visible) still diffs, updates and deletes.
 */

const PREFIX = "ThingsServiceInvocation: ";

/** Validates and normalises (the list becomes the `__devices` set, `devices` one line); no API call. */
export async function check(olds: ThingsServiceInvocationInputs, news: ThingsServiceInvocationInputs): Promise<pulumi.dynamic.CheckResult<ThingsServiceInvocationInputs>> {
  return checkResult(checkThingsServiceInvocation(news as unknown as Record<string, unknown>, olds as unknown as Record<string, unknown>));
}

/**
 * Pure (thingsServiceInvocationDiff.ts): any change is an update, never a replacement, so a preview
 * reads "update" and its plan line says what will be invoked (attached to the resource's row).
 */
export async function diff(_id: string, olds: ThingsServiceInvocationOutputs, news: ThingsServiceInvocationInputs): Promise<pulumi.dynamic.DiffResult> {
  const d = thingsServiceInvocationDiff(olds, news);
  if (!d.changes) return { changes: false };
  const log = resourceLog(news.__urn, PREFIX);
  log.info(invocationPlanLine(news.identifier, d, configuredQps("InvokeThingsService")));
  await log.flush();
  return { changes: true };
}

/**
 * Invokes the service on every device, at most 100 per call, paced by the shared limiter. If no call
 * succeeded the error is plain (nothing is recorded); otherwise a partial failure records the devices
 * invoked so far.
 */
export async function create(inputs: ThingsServiceInvocationInputs): Promise<pulumi.dynamic.CreateResult<ThingsServiceInvocationOutputs>> {
  const id = `${inputs.productKey}:${inputs.identifier}:${randomBytes(6).toString("hex")}`;
  const names = deviceNames(inputs.__devices);
  const outcome = await invokeLogged(inputs, names);
  const outs = outputsOf(inputs, outcome.invoked, outcome, undefined);
  if (outcome.error !== undefined) {
    const message = failureMessage(inputs, outcome, names.length);
    if (outcome.calls === 0) throw new Error(message);
    throw partialFailure(message, id, outs, reasonsOf(outcome), providerOf(inputs));
  }
  return { id, outs };
}

/** Echoes the state: there is nothing to read back (the API records no invocation). */
export async function read(id: string, props: ThingsServiceInvocationOutputs): Promise<pulumi.dynamic.ReadResult<ThingsServiceInvocationOutputs>> {
  return { id, props };
}

/**
 * Invokes the service again on every desired device when a setting changed, else on added devices
 * only, and drops removed ones from the state. Any failure is a partial failure with the devices
 * invoked so far under the new settings, so the next up invokes only the rest.
 */
export async function update(id: string, olds: ThingsServiceInvocationOutputs, news: ThingsServiceInvocationInputs): Promise<pulumi.dynamic.UpdateResult<ThingsServiceInvocationOutputs>> {
  const d = thingsServiceInvocationDiff(olds, news);
  const reinvoke = d.reinvoke.length > 0;
  const removed = new Set(d.removed);
  const kept = reinvoke ? [] : invokedDevicesOf(olds).filter((name) => !removed.has(name));
  const targets = reinvoke ? d.desired : d.added;
  const outcome = await invokeLogged(news, targets);
  const outs = outputsOf(news, [...kept, ...outcome.invoked], outcome, olds);
  if (outcome.error !== undefined) throw partialFailure(failureMessage(news, outcome, targets.length), id, outs, reasonsOf(outcome), providerOf(news));
  return { outs };
}

/** Nothing to do: an invocation cannot be undone. The resource just leaves the stack. */
async function remove(_id: string, _props: ThingsServiceInvocationOutputs): Promise<void> {
  return;
}
export { remove as delete };

/** Each invocation ends with its own summary line (what was invoked on how many devices), not the generic one. */
export const ownSummary = true;

/**
 * Invokes on `names` with at most ~10 progress lines on the resource's row and one closing summary
 * (calls, retries, throttles, time). No line at all when there is nothing to invoke.
 */
async function invokeLogged(inputs: ThingsServiceInvocationInputs, names: readonly string[]): Promise<InvokeOutcome> {
  if (names.length === 0) return invokeOnDevices(getClient(), inputs, names);
  const log: ResourceLog = resourceLog(inputs.__urn, PREFIX);
  const tally = operationTally();
  const qps = configuredQps("InvokeThingsService");
  log.progress(`invoking ${inputs.identifier} on ${deviceSetLine(names)} of product ${inputs.productKey}: ${invokeCost(names.length, qps)}`);
  const progress = progressReporter("invoked", names.length, (line) => log.progress(line));
  let reported = 0;
  const outcome = await invokeOnDevices(getClient(process.env, { onRetry: tally.onRetry }), inputs, names, (done) => {
    progress.advance(done - reported);
    reported = done;
  });
  tally.called(outcome.calls);
  const verb = outcome.error === undefined ? "invoked" : "stopped after invoking";
  log.info(tally.line(`${verb} ${inputs.identifier} on ${outcome.invoked.length.toLocaleString("en-US")} of ${deviceSetLine(names)} of product ${inputs.productKey}`));
  await log.flush();
  return outcome;
}

/** Outputs for `invoked` devices under `inputs`; counters continue from `previous` when given. */
function outputsOf(inputs: ThingsServiceInvocationInputs, invoked: readonly string[], outcome: InvokeOutcome, previous: ThingsServiceInvocationOutputs | undefined): ThingsServiceInvocationOutputs {
  const set = deviceSetOf(invoked);
  const count = Object.keys(set).length;
  const outs: Record<string, unknown> = {
    productKey: inputs.productKey,
    identifier: inputs.identifier,
    args: inputs.args,
    devices: deviceSetLine(Object.keys(set)),
    __devices: set,
    invokedDevices: count,
    calls: (previous?.calls ?? 0) + outcome.calls,
    invokedAt: outcome.calls > 0 ? new Date().toISOString() : (previous?.invokedAt ?? ""),
    __requestIds: [...(previous === undefined ? [] : requestIdsOf(previous)), ...outcome.requestIds],
  };
  if (inputs.iotInstanceId !== undefined) outs.iotInstanceId = inputs.iotInstanceId;
  if (inputs.triggers !== undefined) outs.triggers = inputs.triggers;
  if (inputs.__urn !== undefined) outs.__urn = inputs.__urn;
  return outs as unknown as ThingsServiceInvocationOutputs;
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
