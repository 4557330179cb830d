import assert from "node:assert/strict";
import { getClient } from "../../../provider/client/getClient";
import { resetConfig } from "../../../provider/config";
import type { EdgeDriverVersionInputs, EdgeDriverVersionOutputs } from "../../../provider/edgeDriverVersion/edgeDriverVersionTypes";
import { UNKNOWN } from "../../../provider/dynamic/unknown";
import * as provider from "../../../provider/edgeDriverVersion/edgeDriverVersionProvider";
import { startEmulator, type EmulatorHandle } from "../../../emulator/index";
import { configureForEmulator } from "../../helpers/configureForEmulator";
import { captureConsole } from "../../helpers/captureConsole";

/*
 * The EdgeDriverVersion operations called directly (no Pulumi engine) against the in-process
 * emulator; out-of-band changes go through a plain client, as another tool would make them.
 */

const PROVIDER_TEXT = "exports.handler = () => provider;";

describe("edgeDriverVersionProvider (against the emulator)", function () {
  let emu: EmulatorHandle;
  let driverId: string;
  const warnings = captureConsole(["warn", "error"]);

  before(async () => {
    emu = await startEmulator();
    configureForEmulator(emu);
  });

  after(async () => {
    resetConfig();
    await emu?.close();
  });

  beforeEach(async () => {
    const body = await getClient().call<{ DriverId: string }>("CreateEdgeDriver", { DriverName: "Led", DriverProtocol: "customize", Runtime: "c" });
    driverId = body.DriverId;
  });

  const calls = (action: string): number => emu.stats()[action]?.calls ?? 0;
  const cloud = (driverVersion: string) => provider.getEdgeDriverVersion(getClient(), { driverId, driverVersion });

  /** Checked inputs, as the engine would hand them to create/update. */
  async function inputs(over: Record<string, unknown> = {}, olds: Partial<EdgeDriverVersionInputs> = {}): Promise<EdgeDriverVersionInputs> {
    const checked = await provider.check(olds, { driverId, driverVersion: "1.0.0", edgeVersion: "2.0.0", description: "first", ...over } as never);
    assert.equal(checked.failures, undefined, JSON.stringify(checked.failures));
    return { ...(checked.inputs as EdgeDriverVersionInputs), __provider: PROVIDER_TEXT } as EdgeDriverVersionInputs;
  }

  describe("check", () => {
    it("returns every failure with field, value and rule, and normalised inputs when valid", async () => {
      const bad = await provider.check({}, { driverId, driverVersion: "1 0", edgeVersion: "2.0.0", containerConfig: { portMappings: [{ hostPort: 0, containerPort: 1, protocol: "tcp" }] } } as never);
      assert.deepEqual(bad.failures, [
        { property: "driverVersion", reason: 'Expected `driverVersion` to be 1–64 characters of letters, digits, _, - and ., got "1 0"' },
        { property: "containerConfig.portMappings[0].hostPort", reason: "Expected `containerConfig.portMappings[0].hostPort` to be an integer from 1 to 65535, got 0" },
      ]);
      const good = await provider.check({}, { driverId, driverVersion: "1.0.0", edgeVersion: "2.0.0", containerConfig: {} } as never);
      assert.deepEqual(good.inputs?.containerConfig, { privileged: false, hostNetworkMode: false, portMappings: [], devMappings: [], volumeMappings: [] });
    });

    it("rejects a content change of a released version against the old inputs, and passes unknowns", async () => {
      const olds = await inputs({ released: true });
      const res = await provider.check(olds, { ...olds, description: "second" } as never);
      assert.deepEqual(res.failures, [
        {
          property: "driverVersion",
          reason:
            'Expected `driverVersion` to be a new version when released version "1.0.0" of driver ' +
            `${driverId} changes (released versions are immutable; changed: description). Set \`driverVersion\` to a new value (e.g. bump it) ` +
            "to publish this content as a new version, or revert the change, got \"1.0.0\"",
        },
      ]);
      assert.equal((await provider.check(olds, { ...olds, description: "second", driverVersion: "1.0.1" } as never)).failures, undefined);
      assert.equal((await provider.check(olds, { ...olds, description: UNKNOWN } as never)).failures, undefined);
    });
  });

  describe("create / read", () => {
    it("creates the version with the JSON the API wants, and reads it back without drift", async () => {
      const i = await inputs({ containerConfig: { privileged: true, portMappings: [{ hostPort: 8080, containerPort: 80, protocol: "tcp" }] }, driverConfig: [{ format: "KV", content: "{}" }] });
      const { id, outs } = await provider.create(i);
      assert.equal(id, `${driverId}:1.0.0`);
      assert.equal(outs?.versionState, "0");
      const data = await cloud("1.0.0");
      assert.equal(data?.ContainerConfig, '{"privileged":1,"hostNetworkMode":0,"portMappings":[{"hostPort":8080,"containerPort":80,"protocol":"tcp"}],"devMappings":[],"volumeMappings":[]}');
      assert.equal(data?.DriverConfig, '[{"format":"KV","content":"{}"}]');
      const read = await provider.read(id, outs as EdgeDriverVersionOutputs);
      const { __provider: _p, ...expected } = outs as EdgeDriverVersionOutputs & { __provider?: string };
      assert.deepEqual(read, { id, props: expected });
    });

    it("publishes the version when released is set", async () => {
      const { outs } = await provider.create(await inputs({ released: true }));
      assert.equal(outs?.versionState, "1");
      assert.equal((await cloud("1.0.0"))?.VersionState, "1");
    });

    it("fails with a message saying how to proceed when the version already exists", async () => {
      await getClient().call("CreateEdgeDriverVersion", { DriverId: driverId, DriverVersion: "1.0.0", EdgeVersion: "2.0.0" });
      await assert.rejects(provider.create(await inputs()), {
        message:
          `Cannot create driver version "1.0.0" of driver ${driverId}: it already exists (made outside this stack, or a released version an earlier destroy had to leave behind), ` +
          "and a version is unique per driver. To manage the existing version from this stack, set `adoptExisting: true` " +
          "(it is adopted when its content matches these inputs); otherwise choose a new `driverVersion`.",
      });
    });

    it("adopts an existing version with matching content (adoptExisting), without creating it", async () => {
      await getClient().call("CreateEdgeDriverVersion", { DriverId: driverId, DriverVersion: "1.0.0", EdgeVersion: "2.0.0", Description: "first" });
      await getClient().call("ReleaseEdgeDriverVersion", { DriverId: driverId, DriverVersion: "1.0.0" });
      const before = calls("CreateEdgeDriverVersion");
      const { id, outs } = await provider.create(await inputs({ adoptExisting: true, released: true }));
      assert.equal(id, `${driverId}:1.0.0`);
      assert.equal(outs?.versionState, "1");
      assert.equal(calls("CreateEdgeDriverVersion"), before);
    });

    it("refuses to adopt a version whose content differs, listing the differences", async () => {
      await getClient().call("CreateEdgeDriverVersion", { DriverId: driverId, DriverVersion: "1.0.0", EdgeVersion: "2.1.0", Description: "other" });
      await assert.rejects(provider.create(await inputs({ adoptExisting: true })), {
        message:
          `Cannot adopt driver version "1.0.0" of driver ${driverId}: the existing version differs from these inputs in edgeVersion, description. ` +
          "adoptExisting only adopts a version whose content matches. Change the inputs to match it, choose a new `driverVersion`, " +
          "or delete the existing version (unless it is released).",
      });
    });

    it("reports a failed release as a partial failure that records the created version with __provider", async () => {
      emu.addFault({ action: "ReleaseEdgeDriverVersion", code: "iot.system.SystemException" });
      const i = await inputs({ released: true });
      const err = (await provider.create(i).then(
        () => assert.fail("create should fail"),
        (e: unknown) => e,
      )) as Error & { id: string; properties: Record<string, unknown>; reasons: string[] };
      assert.match(err.message, /^Created driver version "1\.0\.0" of driver \w+ but could not release it: ReleaseEdgeDriverVersion failed: iot\.system\.SystemException/);
      assert.equal(err.id, `${driverId}:1.0.0`);
      assert.equal(err.properties.versionState, "0");
      assert.equal(err.properties.released, false);
      assert.equal(err.properties.__provider, PROVIDER_TEXT);
      assert.equal((await cloud("1.0.0"))?.VersionState, "0");
    });
  });

  describe("diff / update", () => {
    it("makes no API call in diff", async () => {
      const { outs } = await provider.create(await inputs());
      const before = JSON.stringify(emu.stats());
      const d = await provider.diff("x", outs as EdgeDriverVersionOutputs, await inputs({ description: "second", driverVersion: "2.0.0" }));
      assert.deepEqual(d, { changes: true, replaces: ["driverVersion"], deleteBeforeReplace: true });
      assert.equal(JSON.stringify(emu.stats()), before);
    });

    it("sends the full desired set on update, so a removed input is cleared in the cloud", async () => {
      const { id, outs } = await provider.create(await inputs({ argument: "-Xmx64m", containerConfig: { privileged: true } }));
      const news = await inputs({ description: "second" });
      const { outs: updated } = await provider.update(id, outs as EdgeDriverVersionOutputs, news);
      const data = await cloud("1.0.0");
      assert.equal(data?.Description, "second");
      assert.equal(data?.Argument, undefined);
      assert.equal(data?.ContainerConfig, undefined);
      assert.equal(updated?.description, "second");
    });

    it("releases on released: false → true, then rejects content changes in diff and update", async () => {
      const { id, outs } = await provider.create(await inputs());
      const { outs: released } = await provider.update(id, outs as EdgeDriverVersionOutputs, await inputs({ released: true }));
      assert.equal(released?.versionState, "1");
      assert.equal((await cloud("1.0.0"))?.VersionState, "1");
      const message = new RegExp(`^Expected \`driverVersion\` to be a new version when released version "1\\.0\\.0" of driver ${driverId} changes \\(released versions are immutable; changed: description\\)`);
      await assert.rejects(provider.diff(id, released as EdgeDriverVersionOutputs, await inputs({ released: true, description: "x" })), { message });
      await assert.rejects(provider.update(id, released as EdgeDriverVersionOutputs, await inputs({ released: true, description: "x" })), { message });
    });
  });

  describe("read (refresh)", () => {
    it("shows content changed outside the stack as drift, dropping the signed temporary OSS address", async () => {
      const { id, outs } = await provider.create(await inputs({ sourceConfig: { ossAddress: "http://oss.example/a.zip" } }));
      await getClient().call("UpdateEdgeDriverVersion", {
        DriverId: driverId,
        DriverVersion: "1.0.0",
        EdgeVersion: "2.0.0",
        Description: "changed outside",
        SourceConfig: '{"ossAddress":"http://oss.example/a.zip"}',
      });
      const read = await provider.read(id, outs as EdgeDriverVersionOutputs);
      assert.equal(read.props?.description, "changed outside");
      assert.deepEqual(read.props?.sourceConfig, { ossAddress: "http://oss.example/a.zip" });
      assert.ok(!JSON.stringify(read).includes("temporaryOssAddress"));
    });

    it("follows a release made outside the stack, which diff then protects", async () => {
      const { id, outs } = await provider.create(await inputs());
      await getClient().call("ReleaseEdgeDriverVersion", { DriverId: driverId, DriverVersion: "1.0.0" });
      const read = await provider.read(id, outs as EdgeDriverVersionOutputs);
      assert.equal(read.props?.versionState, "1");
      assert.equal(read.props?.released, true);
      await assert.rejects(provider.diff(id, read.props as EdgeDriverVersionOutputs, await inputs({ description: "x" })), /released versions are immutable; changed: description, released \(true → false/);
    });

    it('returns id "" for a version deleted outside the stack, and for a deleted driver', async () => {
      const { id, outs } = await provider.create(await inputs());
      await getClient().call("DeleteEdgeDriverVersion", { DriverId: driverId, DriverVersion: "1.0.0" });
      assert.deepEqual(await provider.read(id, outs as EdgeDriverVersionOutputs), { id: "" });
      const second = await provider.create(await inputs());
      await getClient().call("DeleteEdgeDriver", { DriverId: driverId });
      assert.deepEqual(await provider.read(second.id, second.outs as EdgeDriverVersionOutputs), { id: "" });
    });
  });

  describe("delete", () => {
    it("deletes an unreleased version, and treats one already gone as deleted", async () => {
      const { id, outs } = await provider.create(await inputs());
      await provider.delete(id, outs as EdgeDriverVersionOutputs);
      assert.equal(await cloud("1.0.0"), undefined);
      await provider.delete(id, outs as EdgeDriverVersionOutputs);
      assert.deepEqual(warnings, []);
    });

    it("leaves a released version in the cloud with a warning instead of failing", async () => {
      const { id, outs } = await provider.create(await inputs({ released: true }));
      await provider.delete(id, outs as EdgeDriverVersionOutputs);
      assert.equal((await cloud("1.0.0"))?.VersionState, "1");
      assert.deepEqual(warnings, [
        `warning: driver version "1.0.0" of driver ${driverId} is released and the API does not allow deleting released versions; ` +
          "it stays in Alibaba Cloud and is no longer managed by this stack. Creating the same driverVersion again needs `adoptExisting: true`.",
      ]);
    });

    it("still fails on other errors", async () => {
      const { id, outs } = await provider.create(await inputs());
      emu.addFault({ action: "DeleteEdgeDriverVersion", code: "iot.common.InvalidParam" });
      await assert.rejects(provider.delete(id, outs as EdgeDriverVersionOutputs), /DeleteEdgeDriverVersion failed: iot\.common\.InvalidParam/);
    });
  });
});
