/// <reference lib="dom" />
import assert from "node:assert/strict";
import * as path from "node:path";
import { httpRequest } from "../emulator/helpers";
import { launch, screenshot } from "../emulator/console/browser";
import { EmulatorProcess, startEmulatorProcess } from "../helpers/emulatorProcess";
import { emulatorStackConfig, openStack, OutputLog, writeProgram } from "./harness";

/*
 * The acceptance path: `alicloud-iot-emulator --seed fleet.json --accept-any-credentials`
 * (the compiled CLI, as `npx` runs it) starts a ready fleet, and `pulumi up` under the real engine,
 * with keys the emulator has never seen, registers devices in a seeded product and attaches them to a
 * seeded gateway; destroy removes them again and leaves the seeded fleet as it was. Meanwhile the web
 * console's quota view is open in headless Chromium and is photographed while the run goes on.
 */

const ROOT = path.join(__dirname, "..", "..");
const FLEET = path.join(ROOT, "examples", "emulator", "fleet.json");
const PROGRAM = "seeded-fleet";

const program = `
const pulumi = require("@pulumi/pulumi");
const { DeviceBatch, GatewayTopology } = require("pulumi-alicloud-iot");
// ProductKeys fixed by examples/emulator/fleet.json.
const names = Array.from({ length: 300 }, (_, i) => "cam-" + String(i + 1).padStart(4, "0"));
const cameras = new DeviceBatch("cameras", { productKey: "a1FleetSn01", devices: names });
const topo = new GatewayTopology("gw3", {
  gateway: { productKey: "a1FleetGw01", deviceName: "gw-0003" },
  subDevices: cameras.iotIds.apply((t) => Object.keys(JSON.parse(t)).map((deviceName) => ({ productKey: "a1FleetSn01", deviceName }))),
});
exports.subDeviceCount = topo.subDeviceCount;
`;

describe("seeded emulator with any credentials under the real engine", function () {
  this.timeout(5 * 60_000);
  let emu: EmulatorProcess;
  let endpoint: string;

  before(async () => {
    // The compiled CLI (as `npx` runs it), not --quiet: the test reads its log lines.
    emu = await startEmulatorProcess({ args: ["--seed", FLEET, "--accept-any-credentials"] });
    endpoint = emu.endpoint;
  });

  after(async () => {
    await emu?.stop();
  });

  const devices = async (productKey: string, name?: string) =>
    (await httpRequest(`${endpoint}/_emulator/console/devices?${new URLSearchParams({ productKey, ...(name ? { name } : {}) })}`)).json;

  it("pulumi up and destroy with arbitrary keys against the seeded fleet", async () => {
    const log = new OutputLog();
    assert.equal((await devices("a1FleetSn01")).total, 1001, "the fleet is there before any call");
    const dir = writeProgram(PROGRAM, { "index.js": program });
    const stackName = `seeded-${Date.now().toString(36)}`;
    // Keys the emulator never saw: it runs with --accept-any-credentials.
    const stack = await openStack(dir, stackName, emulatorStackConfig({ endpoint, accessKeyId: "LTAI5tCiPipelineKey7", accessKeySecret: "a-secret-the-emulator-never-saw" }));
    try {
      const browser = await launch();
      let up;
      try {
        const page = await browser.newPage();
        await page.setViewport({ width: 1400, height: 900 });
        await page.goto(`${endpoint}/_emulator/ui/#quotas`, { waitUntil: "load" });
        const running = stack.up({ onOutput: log.sink() });
        // 300 sub-devices are 30 BatchAddThingTopo calls at 5 QPS: photograph the view part-way.
        await page.waitForFunction(() => Number(document.querySelector('#quota-table tr[data-action="BatchAddThingTopo"] td[data-field="calls"]')?.textContent ?? 0) >= 15, { timeout: 4 * 60_000 });
        await page.waitForSelector('#quota-charts .chart[data-action="BatchAddThingTopo"] canvas');
        await screenshot(page, "quotas-during-pulumi-up");
        up = await running;
      } finally {
        await browser.close();
      }
      assert.equal(up.summary.result, "succeeded", log.text());
      assert.equal(up.outputs.subDeviceCount.value, 300);
      const cams = await devices("a1FleetSn01", "cam-");
      assert.equal(cams.matched, 300);
      assert.deepEqual(cams.rows.slice(0, 2).map((r: { deviceName: string; gateway: string }) => [r.deviceName, r.gateway]), [
        ["cam-0001", "fleet-gateways/gw-0003"],
        ["cam-0002", "fleet-gateways/gw-0003"],
      ]);
      const output = emu.output();
      assert.match(output, /accepting unknown AccessKeyId LTAI5tCiPipelineKey7 without verifying signatures/);
      assert.equal(output.match(/accepting unknown AccessKeyId/g)?.length, 1, "one line per key");
      assert.ok(!output.includes("a-secret-the-emulator-never-saw"));

      const destroy = await stack.destroy({ onOutput: log.sink() });
      assert.equal(destroy.summary.result, "succeeded", log.text());
      assert.equal((await devices("a1FleetSn01", "cam-")).matched, 0);
      assert.equal((await devices("a1FleetSn01")).total, 1001, "the seeded devices are untouched");
    } finally {
      await stack.workspace.removeStack(stackName, { force: true }).catch(() => undefined);
    }
  });
});
