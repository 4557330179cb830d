import assert from "node:assert/strict";
import { getClient } from "../../../provider/client/getClient";
import { resetConfig } from "../../../provider/config";
import type { EdgeDriverInputs, EdgeDriverOutputs } from "../../../provider/edgeDriver/edgeDriverTypes";
import * as provider from "../../../provider/edgeDriver/edgeDriverProvider";
import { startEmulator, type EmulatorHandle } from "../../../emulator/index";
import { configureForEmulator } from "../../helpers/configureForEmulator";
import { captureConsole } from "../../helpers/captureConsole";

/* The EdgeDriver operations called directly against the in-process emulator. */

describe("edgeDriverProvider (against the emulator)", function () {
  let emu: EmulatorHandle;
  const warnings = captureConsole(["warn", "error"]);

  before(async () => {
    emu = await startEmulator();
    configureForEmulator(emu);
  });

  after(async () => {
    resetConfig();
    await emu?.close();
  });

  async function inputs(over: Record<string, unknown> = {}): Promise<EdgeDriverInputs> {
    const checked = await provider.check({}, { driverName: "LedDriver", driverProtocol: "modbus", runtime: "c", cpuArch: "ARMv7", ...over } as never);
    assert.equal(checked.failures, undefined, JSON.stringify(checked.failures));
    return checked.inputs as EdgeDriverInputs;
  }

  const listed = async (id: string) =>
    (await getClient().call<{ DriverList: { DriverId: string }[] }>("BatchGetEdgeDriver", { DriverIds: [id] })).DriverList.map((d) => d.DriverId);

  it("check names field, value and rule", async () => {
    assert.deepEqual((await provider.check({}, { driverName: "9x", driverProtocol: "modbus", runtime: "go" } as never)).failures, [
      { property: "driverName", reason: 'Expected `driverName` to be 1–20 letters, digits or _, starting with a letter, got "9x"' },
      { property: "runtime", reason: 'Expected `runtime` to be one of nodejs8, python3, c, got "go"' },
    ]);
  });

  it("creates a driver (CpuArch lower-cased, as CreateEdgeDriver requires) and reads it back without drift", async () => {
    const { id, outs } = await provider.create(await inputs());
    assert.match(id, /^[0-9a-f]{32}$/);
    assert.deepEqual(outs, { driverId: id, driverName: "LedDriver", driverProtocol: "modbus", runtime: "c", cpuArch: "armv7", isBuiltIn: false });
    assert.deepEqual(await provider.read(id, outs as EdgeDriverOutputs), { id, props: outs });
  });

  it("replaces on any change and has no in-place update", async () => {
    const { id, outs } = await provider.create(await inputs());
    assert.deepEqual(await provider.diff(id, outs as EdgeDriverOutputs, await inputs({ runtime: "python3" })), {
      changes: true,
      replaces: ["runtime"],
      deleteBeforeReplace: false,
    });
    await assert.rejects(provider.update(id), { message: `EdgeDriver ${id} cannot be updated in place (the API has no UpdateEdgeDriver); every change replaces it` });
  });

  it('reads a driver deleted outside the stack as gone (id "")', async () => {
    const { id, outs } = await provider.create(await inputs());
    await getClient().call("DeleteEdgeDriver", { DriverId: id });
    assert.deepEqual(await provider.read(id, outs as EdgeDriverOutputs), { id: "" });
  });

  it("deletes a driver (with its unreleased versions), and treats one already gone as deleted", async () => {
    const { id, outs } = await provider.create(await inputs());
    await getClient().call("CreateEdgeDriverVersion", { DriverId: id, DriverVersion: "1.0.0", EdgeVersion: "2.0.0" });
    await provider.delete(id, outs as EdgeDriverOutputs);
    assert.deepEqual(await listed(id), []);
    await provider.delete(id, outs as EdgeDriverOutputs);
    assert.deepEqual(warnings, []);
  });

  it("leaves a driver with released versions in the cloud with a warning naming them", async () => {
    const { id, outs } = await provider.create(await inputs());
    for (const v of ["1.0.0", "1.0.1"]) {
      await getClient().call("CreateEdgeDriverVersion", { DriverId: id, DriverVersion: v, EdgeVersion: "2.0.0" });
      await getClient().call("ReleaseEdgeDriverVersion", { DriverId: id, DriverVersion: v });
    }
    await provider.delete(id, outs as EdgeDriverOutputs);
    assert.deepEqual(await listed(id), [id]);
    assert.deepEqual(warnings, [
      `warning: edge driver ${id} ("LedDriver") has released version(s) "1.0.1", "1.0.0"; the API does not allow deleting a driver with released versions, ` +
        "nor the versions themselves. The driver stays in Alibaba Cloud and is no longer managed by this stack.",
    ]);
  });
});
