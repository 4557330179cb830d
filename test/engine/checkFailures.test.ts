import assert from "node:assert/strict";
import type { Stack } from "@pulumi/pulumi/automation";
import { OutputLog, useEmulator, writeProgram } from "./harness";

/*
 * Bad input fails `pulumi preview` under the real engine, before any API call, with the field, the
 * value and the rule: unknown keys at any depth (which the engine would otherwise drop silently) and
 * the rules the emulator enforces at `up` (one rule module, provider/edgeDriverVersion/edgeDriverVersionRules.ts).
 */

const program = `"use strict";
const pulumi = require("@pulumi/pulumi");
const iot = require("pulumi-alicloud-iot");
const spec = new pulumi.Config().requireObject("spec");
new iot.EdgeDriverVersion("version", { driverId: "fec565038d7544978d9aed5c1a000001", driverVersion: "1.0.0", ...spec });
`;

describe("bad input fails the preview under the engine (real CLI, emulator)", function () {
  this.timeout(5 * 60_000);

  const cloud = useEmulator();

  it("names field, value and rule for a typo, nested unknown keys, edgeVersion latest and a 1.1 KB JSON config; calls nothing", async () => {
    const dir = writeProgram("check-failures", { "index.js": program });
    const stackName = `cf-${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;
    const stack: Stack = await cloud.openStack(dir, stackName);
    try {
      await stack.setConfig("check-failures:spec", {
        value: JSON.stringify({
          edgeVersion: "latest",
          descripton: "LED driver",
          containerConfig: { portMapping: [{ hostPort: 80 }], portMappings: [{ hostPort: 8080, containerPort: 80, protocol: "tcp", x: 1 }] },
          driverConfig: [{ format: "JSON", content: JSON.stringify({ a: "x".repeat(1100) }) }],
        }),
      });
      const log = new OutputLog();
      const error = await stack.preview({ onOutput: log.sink() }).then(
        () => assert.fail(`the preview succeeded:\n${log.text()}`),
        (e: unknown) => e as Error,
      );
      const text = `${log.text()}\n${error.message}`;
      const expected = [
        'property descripton value {LED driver} has a problem: Expected `descripton` to not be set: EdgeDriverVersion takes driverId',
        // The engine shows nested values as {<nil>}: the reason names the value itself.
        'property containerConfig.portMapping value {<nil>} has a problem: Expected `containerConfig.portMapping` to not be set: `containerConfig` takes privileged, hostNetworkMode, portMappings, devMappings and volumeMappings, got [{"hostPort":80}]',
        "property containerConfig.portMappings[0].x value {<nil>} has a problem: Expected `containerConfig.portMappings[0].x` to not be set: `containerConfig.portMappings[0]` takes hostPort, containerPort and protocol, got 1",
        'property edgeVersion value {latest} has a problem: Expected `edgeVersion` to be a Link IoT Edge version of three numbers such as 2.0.0, got "latest"',
        "property driverConfig[0].content value {<nil>} has a problem: Expected `driverConfig[0].content` to be at most 1024 bytes for format JSON, got 1108 bytes",
      ];
      for (const line of expected) assert.ok(text.includes(line), `missing ${JSON.stringify(line)} in:\n${text}`);
      assert.deepEqual(cloud.emu.stats(), {}, "the preview called the API");
    } finally {
      await stack.workspace.removeStack(stackName, { force: true }).catch(() => undefined);
    }
  });
});
