import assert from "node:assert/strict";
import { edgeDriverVersionDiff } from "../../../provider/edgeDriverVersion/edgeDriverVersionDiff";
import { releasedVersionViolation } from "../../../provider/edgeDriverVersion/edgeDriverVersionReleasedRule";
import type { EdgeDriverVersionInputs, EdgeDriverVersionOutputs } from "../../../provider/edgeDriverVersion/edgeDriverVersionTypes";
import { normalizeEdgeDriverVersion } from "../../../provider/edgeDriverVersion/normalizeEdgeDriverVersion";
import { UNKNOWN } from "../../../provider/dynamic/unknown";

const base = { driverId: "d1", driverVersion: "1.0.0", edgeVersion: "2.0.0", description: "v1" };
const inputs = (over: Record<string, unknown> = {}): EdgeDriverVersionInputs => normalizeEdgeDriverVersion({ ...base, ...over });
const outputs = (over: Record<string, unknown> = {}): EdgeDriverVersionOutputs => {
  const i = inputs(over);
  return { ...i, versionState: i.released ? "1" : "0" };
};

describe(edgeDriverVersionDiff.name, () => {
  it("reports no change for equal inputs, and none for adoptExisting alone", () => {
    const d = edgeDriverVersionDiff(outputs(), inputs({ adoptExisting: true }));
    assert.equal(d.changes, false);
    assert.deepEqual(d.replaces, []);
  });

  it("updates in place for content changes, listing them", () => {
    const d = edgeDriverVersionDiff(outputs(), inputs({ description: "v2", containerConfig: { privileged: true } }));
    assert.deepEqual({ changes: d.changes, replaces: d.replaces, contentChanges: d.contentChanges }, {
      changes: true,
      replaces: [],
      contentChanges: ["description", "containerConfig"],
    });
  });

  it("ignores object key order (the engine hands state back with sorted keys), not list order", () => {
    const sorted = JSON.parse(JSON.stringify(outputs({ containerConfig: { portMappings: [{ hostPort: 1, containerPort: 2, protocol: "tcp" }] } }), (_k, v) =>
      v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
    ));
    assert.equal(JSON.stringify(sorted.containerConfig.portMappings[0]), '{"containerPort":2,"hostPort":1,"protocol":"tcp"}');
    assert.equal(edgeDriverVersionDiff(sorted, inputs({ containerConfig: { portMappings: [{ hostPort: 1, containerPort: 2, protocol: "tcp" }] } })).changes, false);
    const two = [
      { hostPort: 1, containerPort: 2, protocol: "tcp" },
      { hostPort: 3, containerPort: 4, protocol: "udp" },
    ];
    const d = edgeDriverVersionDiff(outputs({ containerConfig: { portMappings: two } }), inputs({ containerConfig: { portMappings: [...two].reverse() } }));
    assert.deepEqual(d.contentChanges, ["containerConfig"]);
  });

  it("treats an equivalent container config (defaults spelled out) as no change", () => {
    const d = edgeDriverVersionDiff(outputs({ containerConfig: {} }), inputs({ containerConfig: { privileged: false, portMappings: [] } }));
    assert.equal(d.changes, false);
  });

  it("replaces delete-first on a version bump, like every replacement", () => {
    const d = edgeDriverVersionDiff(outputs(), inputs({ driverVersion: "1.0.1" }));
    assert.deepEqual([d.changes, d.replaces, d.deleteBeforeReplace], [true, ["driverVersion"], true]);
  });

  it("replaces delete-first when the driver changes", () => {
    const d = edgeDriverVersionDiff(outputs(), inputs({ driverId: "d2" }));
    assert.deepEqual([d.replaces, d.deleteBeforeReplace], [["driverId"], true]);
  });

  it("replaces delete-first when DriverId + DriverVersion stay the same", () => {
    const d = edgeDriverVersionDiff(outputs(), inputs({ iotInstanceId: "other" }));
    assert.deepEqual([d.replaces, d.deleteBeforeReplace], [["iotInstanceId"], true]);
  });

  it("treats unknown identity at preview as a replacement", () => {
    const d = edgeDriverVersionDiff(outputs(), inputs({ driverId: UNKNOWN }));
    assert.deepEqual([d.changes, d.replaces, d.deleteBeforeReplace], [true, ["driverId"], true]);
  });

  it("counts releasing as a change", () => {
    const d = edgeDriverVersionDiff(outputs(), inputs({ released: true }));
    assert.deepEqual([d.changes, d.releaseChange, d.replaces, d.releasedViolation], [true, true, [], undefined]);
  });

  it("rejects content changes of a released version, also one released outside the stack (versionState)", () => {
    const expected =
      'be a new version when released version "1.0.0" of driver d1 changes (released versions are immutable; changed: description). ' +
      "Set `driverVersion` to a new value (e.g. bump it) to publish this content as a new version, or revert the change";
    assert.equal(edgeDriverVersionDiff(outputs({ released: true }), inputs({ released: true, description: "v2" })).releasedViolation, expected);
    const releasedOutside = { ...outputs(), versionState: "1" as const };
    assert.equal(edgeDriverVersionDiff(releasedOutside, inputs({ released: true, description: "v2" })).releasedViolation, expected);
  });

  it("allows a released version to be replaced by a new driverVersion", () => {
    const d = edgeDriverVersionDiff(outputs({ released: true }), inputs({ released: true, description: "v2", driverVersion: "1.0.1" }));
    assert.equal(d.releasedViolation, undefined);
    assert.deepEqual(d.replaces, ["driverVersion"]);
  });
});

describe(releasedVersionViolation.name, () => {
  it("rejects unpublishing", () => {
    assert.equal(
      releasedVersionViolation(inputs({ released: true }), inputs({ released: false })),
      'be a new version when released version "1.0.0" of driver d1 changes (released versions are immutable; changed: released (true → false: a published version cannot be unpublished)). ' +
        "Set `driverVersion` to a new value (e.g. bump it) to publish this content as a new version, or revert the change",
    );
  });

  it("says nothing for unreleased versions, unchanged released ones, or fields unknown at preview", () => {
    assert.equal(releasedVersionViolation({}, inputs({ description: "x" })), undefined);
    assert.equal(releasedVersionViolation(inputs(), inputs({ description: "x" })), undefined);
    assert.equal(releasedVersionViolation(inputs({ released: true }), inputs({ released: true })), undefined);
    assert.equal(releasedVersionViolation(inputs({ released: true }), inputs({ released: true, description: UNKNOWN })), undefined);
    assert.equal(releasedVersionViolation(inputs({ released: true }), inputs({ released: true, driverVersion: UNKNOWN, description: "x" })), undefined);
  });
});
