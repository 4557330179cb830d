import type * as pulumi from "@pulumi/pulumi";
import type { RpcClient } from "../client/RpcClient";
import { getClient } from "../client/getClient";
import { isIotApiError } from "../errors/IotApiError";
import { checkFailure } from "../dynamic/checkFailure";
import { partialFailure, providerOf } from "../dynamic/partialFailure";
import { edgeDriverVersionContentChanges } from "./edgeDriverVersionContentChanges";
import { edgeDriverVersionDiff } from "./edgeDriverVersionDiff";
import { isEdgeDriverBusinessError, isEdgeDriverNotFound } from "../edgeDriver/edgeDriverNotFound";
import { releasedVersionViolation } from "./edgeDriverVersionReleasedRule";
import type { EdgeDriverVersionInputs, EdgeDriverVersionOutputs } from "./edgeDriverVersionTypes";
import {
  edgeDriverVersionContentFromData,
  edgeDriverVersionParams,
  versionStateFromData,
  type EdgeDriverVersionData,
} from "./edgeDriverVersionWire";
import { normalizeEdgeDriverVersion } from "./normalizeEdgeDriverVersion";
import { validateEdgeDriverVersion } from "./validateEdgeDriverVersion";
import { operationLog } from "../dynamic/resourceLog";

export type { EdgeDriverVersionInputs, EdgeDriverVersionOutputs } from "./edgeDriverVersionTypes";

/*
 * Operations of `EdgeDriverVersion` (IoT Platform API reference: CreateEdgeDriverVersion … ReleaseEdgeDriverVersion). Stateless: every call builds its client from
 * the configuration in force (provider/config.ts), and the QPS limiter is process-wide.
 *
 * Version uniqueness (DriverVersion is unique per driver, IoT Platform API reference: CreateEdgeDriverVersion):
 *  - every replacement deletes first (the class's `deleteBeforeReplace` option, which also covers
 *    `up --replace`, and `diff`), so a replacement never creates or adopts the version its
 *    predecessor's delete is about to remove;
 *  - `create` of a version that already exists fails with a message saying how to proceed, or, with
 *    `adoptExisting: true`, adopts it when its content matches;
 *  - a released version is immutable: `check` (old inputs) and `diff` (old outputs, which know a
 *    release made outside the stack after a refresh) reject content changes that keep the version;
 *  - `delete` of a released version leaves it in the cloud with a warning (the API refuses to delete
 *    it, IoT Platform API reference: DeleteEdgeDriverVersion): the resource leaves the stack instead of failing every destroy.
 */

/** The resource id: `<DriverId>:<DriverVersion>` (a DriverId is 32 hex characters, so the first ":" splits). */
export function edgeDriverVersionId(driverId: string, driverVersion: string): string {
  return `${driverId}:${driverVersion}`;
}

/** Validates (every rule of IoT Platform API reference: CreateEdgeDriverVersion, unknowns skipped), normalises, and applies the released-version rule against the old inputs. */
export async function check(olds: Partial<EdgeDriverVersionInputs>, news: EdgeDriverVersionInputs): Promise<pulumi.dynamic.CheckResult<EdgeDriverVersionInputs>> {
  const failures = validateEdgeDriverVersion(news as unknown as Record<string, unknown>);
  if (failures.length > 0) return { failures };
  const inputs = normalizeEdgeDriverVersion(news as unknown as Record<string, unknown>);
  const violation = releasedVersionViolation(olds ?? {}, inputs);
  if (violation !== undefined) return { failures: [checkFailure("driverVersion", inputs.driverVersion, violation)] };
  return { inputs };
}

/** Pure (no API call). Throws when the change would modify a released version. */
export async function diff(_id: string, olds: EdgeDriverVersionOutputs, news: EdgeDriverVersionInputs): Promise<pulumi.dynamic.DiffResult> {
  const d = edgeDriverVersionDiff(olds, news);
  if (d.releasedViolation !== undefined) throw new Error(releasedMessage(news, d.releasedViolation));
  return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: d.deleteBeforeReplace };
}

/**
 * Creates the version (CreateEdgeDriverVersion), then publishes it when `released`. Transactional
 * except for the release: if that fails, the error carries the created version's id, so the engine
 * records it unpublished and the next update publishes it.
 */
export async function create(inputs: EdgeDriverVersionInputs): Promise<pulumi.dynamic.CreateResult<EdgeDriverVersionOutputs>> {
  const client = getClient();
  const id = edgeDriverVersionId(inputs.driverId, inputs.driverVersion);

  let existing = inputs.adoptExisting ? await getEdgeDriverVersion(client, inputs) : undefined;
  if (existing === undefined) {
    try {
      await client.call("CreateEdgeDriverVersion", edgeDriverVersionParams(inputs));
    } catch (err) {
      // Any refusal may be the uniqueness rule (its code is undocumented): look.
      const found = await getEdgeDriverVersion(client, inputs).catch(() => undefined);
      if (found === undefined) throw err;
      // A retried create whose first attempt had an unknown outcome may have made it (CreateEdgeDriverVersion has no dedupe token).
      const ours = isIotApiError(err) && err.attempts > 1 && mismatches(inputs, found, false).length === 0;
      if (!ours && !inputs.adoptExisting) throw new Error(alreadyExistsMessage(inputs));
      existing = found;
    }
  }
  if (existing !== undefined) {
    const differences = mismatches(inputs, existing, true);
    if (differences.length > 0) throw new Error(adoptMismatchMessage(inputs, differences));
  }

  const alreadyReleased = existing !== undefined && versionStateFromData(existing) === "1";
  if (inputs.released && !alreadyReleased) {
    try {
      await client.call("ReleaseEdgeDriverVersion", versionKey(inputs));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw partialFailure(`Created ${describe(inputs)} but could not release it: ${message}`, id, { ...inputs, released: false, versionState: "0" }, [message], providerOf(inputs));
    }
  }
  return { id, outs: { ...inputs, versionState: inputs.released ? "1" : "0" } };
}

/**
 * Refresh: the version as GetEdgeDriverVersion returns it. Content changed outside the stack shows
 * as drift; `released` follows the cloud's VersionState; a version (or driver) that no longer exists
 * returns id "" so the engine drops it.
 */
export async function read(id: string, props: EdgeDriverVersionOutputs): Promise<pulumi.dynamic.ReadResult<EdgeDriverVersionOutputs>> {
  const data = await getEdgeDriverVersion(getClient(), props);
  if (data === undefined) return { id: "" };
  const versionState = versionStateFromData(data);
  const outs: EdgeDriverVersionOutputs = {
    driverId: props.driverId,
    driverVersion: props.driverVersion,
    ...(props.iotInstanceId !== undefined ? { iotInstanceId: props.iotInstanceId } : {}),
    ...edgeDriverVersionContentFromData(data),
    released: versionState === "1",
    adoptExisting: props.adoptExisting === true,
    versionState,
  };
  return { id, props: outs };
}

/**
 * UpdateEdgeDriverVersion with the full desired content (a full replace: omitted fields are cleared,
 * IoT Platform API reference: UpdateEdgeDriverVersion), then ReleaseEdgeDriverVersion when `released` turns true. If either call fails the old
 * state stays, and both calls are safe to repeat.
 */
export async function update(_id: string, olds: EdgeDriverVersionOutputs, news: EdgeDriverVersionInputs): Promise<pulumi.dynamic.UpdateResult<EdgeDriverVersionOutputs>> {
  const d = edgeDriverVersionDiff(olds, news);
  if (d.releasedViolation !== undefined) throw new Error(releasedMessage(news, d.releasedViolation));
  const client = getClient();
  if (d.contentChanges.length > 0) await client.call("UpdateEdgeDriverVersion", edgeDriverVersionParams(news));
  if (news.released && olds.versionState !== "1") await client.call("ReleaseEdgeDriverVersion", versionKey(news));
  return { outs: { ...news, versionState: news.released ? "1" : "0" } };
}

/**
 * DeleteEdgeDriverVersion. A version that is already gone counts as deleted. A released version
 * cannot be deleted (IoT Platform API reference: DeleteEdgeDriverVersion): it is left in the cloud with a warning and the resource leaves the
 * stack, so destroy never fails forever on it. A replacement never reaches here after adopting this
 * version: replacements delete first (the class's `deleteBeforeReplace`, deleteFirstOptions.ts).
 */
export async function remove(_id: string, props: EdgeDriverVersionOutputs): Promise<void> {
  const client = getClient();
  try {
    await client.call("DeleteEdgeDriverVersion", versionKey(props));
  } catch (err) {
    if (isEdgeDriverNotFound(err)) return;
    const found = await getEdgeDriverVersion(client, props).catch(() => {
      throw err;
    });
    if (found === undefined) return;
    if (versionStateFromData(found) !== "1") throw err;
    operationLog().warn(releasedLeftMessage(props));
  }
}
export { remove as delete };

/**
 * GetEdgeDriverVersion's `Data`, or undefined when the version or its driver does not exist. The
 * API documents no not-found code, so any other business error is confirmed with
 * QueryEdgeDriverVersion filtered on the version, whose empty page is documented (IoT Platform API reference: QueryEdgeDriverVersion).
 */
export async function getEdgeDriverVersion(client: RpcClient, key: Pick<EdgeDriverVersionInputs, "driverId" | "driverVersion" | "iotInstanceId">): Promise<EdgeDriverVersionData | undefined> {
  try {
    const body = await client.call<{ Data?: EdgeDriverVersionData }>("GetEdgeDriverVersion", versionKey(key));
    return body.Data ?? undefined;
  } catch (err) {
    if (isEdgeDriverNotFound(err)) return undefined;
    if (!isEdgeDriverBusinessError(err)) throw err;
    let page: { Data?: { DriverVersionList?: EdgeDriverVersionData[] } };
    try {
      page = await client.call("QueryEdgeDriverVersion", { ...versionKey(key), CurrentPage: 1, PageSize: 1 });
    } catch (queryErr) {
      if (isEdgeDriverNotFound(queryErr)) return undefined;
      throw err;
    }
    const match = (page.Data?.DriverVersionList ?? []).find((v) => v.DriverVersion === key.driverVersion);
    if (match === undefined) return undefined;
    throw err;
  }
}

function versionKey(key: Pick<EdgeDriverVersionInputs, "driverId" | "driverVersion" | "iotInstanceId">): Record<string, string> {
  const params: Record<string, string> = { DriverId: key.driverId, DriverVersion: key.driverVersion };
  if (key.iotInstanceId !== undefined) params.IotInstanceId = key.iotInstanceId;
  return params;
}

/** What differs between the inputs and an existing version; with `withState`, a release that cannot be undone too. */
function mismatches(inputs: EdgeDriverVersionInputs, existing: EdgeDriverVersionData, withState: boolean): string[] {
  const fields: string[] = edgeDriverVersionContentChanges(edgeDriverVersionContentFromData(existing), inputs);
  if (withState && !inputs.released && versionStateFromData(existing) === "1") fields.push("released (the existing version is released)");
  return fields;
}

function describe(v: Pick<EdgeDriverVersionInputs, "driverId" | "driverVersion">): string {
  return `driver version ${JSON.stringify(v.driverVersion)} of driver ${v.driverId}`;
}

function releasedMessage(news: EdgeDriverVersionInputs, violation: string): string {
  return `Expected \`driverVersion\` to ${violation}, got ${JSON.stringify(news.driverVersion)}`;
}

function alreadyExistsMessage(inputs: EdgeDriverVersionInputs): string {
  return (
    `Cannot create ${describe(inputs)}: it already exists (made outside this stack, or a released version an earlier destroy had to leave behind), ` +
    "and a version is unique per driver. To manage the existing version from this stack, set `adoptExisting: true` " +
    "(it is adopted when its content matches these inputs); otherwise choose a new `driverVersion`."
  );
}

function adoptMismatchMessage(inputs: EdgeDriverVersionInputs, differences: string[]): string {
  return (
    `Cannot adopt ${describe(inputs)}: the existing version differs from these inputs in ${differences.join(", ")}. ` +
    "adoptExisting only adopts a version whose content matches. Change the inputs to match it, choose a new `driverVersion`, " +
    "or delete the existing version (unless it is released)."
  );
}

function releasedLeftMessage(v: EdgeDriverVersionOutputs): string {
  return (
    `${describe(v)} is released and the API does not allow deleting released versions; it stays in Alibaba Cloud ` +
    "and is no longer managed by this stack. Creating the same driverVersion again needs `adoptExisting: true`."
  );
}
