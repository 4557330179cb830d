import type * as pulumi from "@pulumi/pulumi";
import type { RpcClient } from "../client/RpcClient";
import { getClient } from "../client/getClient";
import { edgeDriverDiff } from "./edgeDriverDiff";
import { edgeDriverInfoFromData } from "./edgeDriverInfoFromData";
import { isEdgeDriverNotFound } from "./edgeDriverNotFound";
import type { CpuArch, DriverProtocol, DriverRuntime, EdgeDriverData, EdgeDriverInputs, EdgeDriverOutputs } from "./edgeDriverTypes";
import { normalizeEdgeDriver } from "./normalizeEdgeDriver";
import { validateEdgeDriver } from "./validateEdgeDriver";
import { operationLog } from "../dynamic/resourceLog";

export type { EdgeDriverInputs, EdgeDriverOutputs } from "./edgeDriverTypes";

/*
 * Operations of `EdgeDriver` (IoT Platform API reference: CreateEdgeDriver … DeleteEdgeDriver). There is no UpdateEdgeDriver, so `diff` replaces on
 * every change and `update` is never reached. Stateless: every call builds its client from the
 * configuration in force.
 */

/** Validates (IoT Platform API reference: CreateEdgeDriver rules, unknowns skipped) and normalises. */
export async function check(_olds: Partial<EdgeDriverInputs>, news: EdgeDriverInputs): Promise<pulumi.dynamic.CheckResult<EdgeDriverInputs>> {
  const failures = validateEdgeDriver(news as unknown as Record<string, unknown>);
  if (failures.length > 0) return { failures };
  return { inputs: normalizeEdgeDriver(news as unknown as Record<string, unknown>) };
}

/** Pure: every changed field replaces the driver, create-before-delete (edgeDriverDiff.ts). */
export async function diff(_id: string, olds: EdgeDriverOutputs, news: EdgeDriverInputs): Promise<pulumi.dynamic.DiffResult> {
  return edgeDriverDiff(olds, canonical(news));
}

/**
 * CreateEdgeDriver. Not idempotent (no dedupe token, IoT Platform API reference: CreateEdgeDriver): the client retries it only when the
 * first attempt provably did not run, so a failure leaves at most one unrecorded driver behind.
 */
export async function create(raw: EdgeDriverInputs): Promise<pulumi.dynamic.CreateResult<EdgeDriverOutputs>> {
  const inputs = canonical(raw);
  const params: Record<string, string | boolean> = {
    DriverName: inputs.driverName,
    DriverProtocol: inputs.driverProtocol,
    Runtime: inputs.runtime,
    IsBuiltIn: inputs.isBuiltIn,
  };
  if (inputs.cpuArch !== undefined) params.CpuArch = inputs.cpuArch;
  if (inputs.iotInstanceId !== undefined) params.IotInstanceId = inputs.iotInstanceId;
  const body = await getClient().call<{ DriverId?: string }>("CreateEdgeDriver", params);
  if (!body.DriverId) throw new Error(`CreateEdgeDriver returned no DriverId for driver ${JSON.stringify(inputs.driverName)}`);
  return { id: body.DriverId, outs: { driverId: body.DriverId, ...inputs } };
}

/** Refresh through BatchGetEdgeDriver; a driver that no longer exists returns id "" so the engine drops it. */
export async function read(id: string, props: EdgeDriverOutputs): Promise<pulumi.dynamic.ReadResult<EdgeDriverOutputs>> {
  const data = await findEdgeDriver(getClient(), id, props.iotInstanceId);
  if (data === undefined) return { id: "" };
  const info = edgeDriverInfoFromData(data);
  const outs: EdgeDriverOutputs = {
    driverId: id,
    driverName: info.driverName,
    driverProtocol: info.driverProtocol as DriverProtocol,
    runtime: info.runtime as DriverRuntime,
    ...(info.cpuArch !== undefined ? { cpuArch: info.cpuArch as CpuArch } : {}),
    isBuiltIn: info.isBuiltIn,
    ...(props.iotInstanceId !== undefined ? { iotInstanceId: props.iotInstanceId } : {}),
  };
  return { id, props: outs };
}

/** Never reached: `diff` replaces on every change. Fails loudly rather than pretend to apply a change. */
export async function update(id: string): Promise<pulumi.dynamic.UpdateResult<EdgeDriverOutputs>> {
  throw new Error(`EdgeDriver ${id} cannot be updated in place (the API has no UpdateEdgeDriver); every change replaces it`);
}

/**
 * DeleteEdgeDriver; a driver already gone counts as deleted. The API refuses to delete a driver that
 * has a released version (IoT Platform API reference: DeleteEdgeDriver), and released versions can never be deleted (DeleteEdgeDriverVersion): such a
 * driver is left in the cloud with a warning naming those versions, and leaves the stack, so destroy
 * never fails forever on it. Unreleased versions are the EdgeDriverVersion resources' business: the
 * engine deletes them first, as they depend on the driver.
 */
export async function remove(id: string, props: EdgeDriverOutputs): Promise<void> {
  const client = getClient();
  const key: Record<string, string> = { DriverId: id };
  if (props.iotInstanceId !== undefined) key.IotInstanceId = props.iotInstanceId;
  try {
    await client.call("DeleteEdgeDriver", key);
  } catch (err) {
    if (isEdgeDriverNotFound(err)) return;
    let released: string[];
    try {
      released = await releasedVersionsOf(client, key);
    } catch {
      throw err;
    }
    if (released.length === 0) {
      const stillThere = await findEdgeDriver(client, id, props.iotInstanceId).then(
        (d) => d !== undefined,
        () => true,
      );
      if (!stillThere) return;
      throw err;
    }
    operationLog().warn(
      `edge driver ${id} (${JSON.stringify(props.driverName)}) has released version(s) ${released.join(", ")}; ` +
        "the API does not allow deleting a driver with released versions, nor the versions themselves. " +
        "The driver stays in Alibaba Cloud and is no longer managed by this stack.",
    );
  }
}
export { remove as delete };

/** Inputs made canonical again: the engine skips `check` on a targeted replace (`up --replace`). */
function canonical(inputs: EdgeDriverInputs): EdgeDriverInputs {
  return normalizeEdgeDriver(inputs as unknown as Record<string, unknown>);
}

/** The driver's BatchGetEdgeDriver entry, or undefined when the API does not list it. */
async function findEdgeDriver(client: RpcClient, id: string, iotInstanceId: string | undefined): Promise<EdgeDriverData | undefined> {
  try {
    const body = await client.call<{ DriverList?: EdgeDriverData[] }>("BatchGetEdgeDriver", {
      DriverIds: [id],
      ...(iotInstanceId !== undefined ? { IotInstanceId: iotInstanceId } : {}),
    });
    return (body.DriverList ?? []).find((d) => d.DriverId === id);
  } catch (err) {
    if (isEdgeDriverNotFound(err)) return undefined;
    throw err;
  }
}

/** Released versions of a driver (first page of QueryEdgeDriverVersion, VersionState=1, IoT Platform API reference: QueryEdgeDriverVersion). */
async function releasedVersionsOf(client: RpcClient, key: Record<string, string>): Promise<string[]> {
  const body = await client.call<{ Data?: { Total?: number; DriverVersionList?: { DriverVersion?: string }[] } }>("QueryEdgeDriverVersion", {
    ...key,
    VersionState: 1,
    CurrentPage: 1,
    PageSize: 30,
  });
  const names = (body.Data?.DriverVersionList ?? []).map((v) => JSON.stringify(v.DriverVersion ?? ""));
  const more = (body.Data?.Total ?? names.length) - names.length;
  return more > 0 ? [...names, `and ${more} more`] : names;
}
