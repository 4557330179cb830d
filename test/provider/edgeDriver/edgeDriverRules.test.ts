import assert from "node:assert/strict";
import { checkFailure, showValue } from "../../../provider/dynamic/checkFailure";
import { chunk } from "../../../provider/dynamic/chunk";
import { edgeDriverDiff } from "../../../provider/edgeDriver/edgeDriverDiff";
import { edgeDriverInfoFromData } from "../../../provider/edgeDriver/edgeDriverInfoFromData";
import { normalizeEdgeDriver } from "../../../provider/edgeDriver/normalizeEdgeDriver";
import { containsUnknown, isUnknown, UNKNOWN } from "../../../provider/dynamic/unknown";
import { validateEdgeDriver } from "../../../provider/edgeDriver/validateEdgeDriver";

describe(validateEdgeDriver.name, () => {
  const ok = { driverName: "LedDriver_1", driverProtocol: "modbus", runtime: "c", cpuArch: "ARMv7-HF", isBuiltIn: false };

  it("accepts valid inputs", () => {
    assert.deepEqual(validateEdgeDriver(ok), []);
    assert.deepEqual(validateEdgeDriver({ driverName: "a".repeat(20), driverProtocol: "opc-ua", runtime: "python3" }), []);
  });

  it("names field, value and rule for each violation", () => {
    assert.deepEqual(
      validateEdgeDriver({ driverName: "1led", driverProtocol: "bacnet", runtime: "java8", cpuArch: "mips", isBuiltIn: "no", iotInstanceId: " " }),
      [
        { property: "driverName", reason: 'Expected `driverName` to be 1–20 letters, digits or _, starting with a letter, got "1led"' },
        { property: "driverProtocol", reason: 'Expected `driverProtocol` to be one of modbus, opc-ua, customize, got "bacnet"' },
        { property: "runtime", reason: 'Expected `runtime` to be one of nodejs8, python3, c, got "java8"' },
        { property: "cpuArch", reason: 'Expected `cpuArch` to be one of armv7, armv7-hf, aarch64, x86-64, x86 (any case), got "mips"' },
        { property: "isBuiltIn", reason: 'Expected `isBuiltIn` to be true or false, got "no"' },
        { property: "iotInstanceId", reason: 'Expected `iotInstanceId` to be a non-empty string, got " "' },
      ],
    );
    assert.deepEqual(validateEdgeDriver({ ...ok, driverName: "a".repeat(21) }).map((f) => f.property), ["driverName"]);
    assert.deepEqual(validateEdgeDriver({}).map((f) => f.property), ["driverName", "driverProtocol", "runtime"]);
  });

  it("skips unknown values", () => {
    assert.deepEqual(validateEdgeDriver({ driverName: UNKNOWN, driverProtocol: UNKNOWN, runtime: UNKNOWN, cpuArch: UNKNOWN }), []);
  });
});

describe(normalizeEdgeDriver.name, () => {
  it("lower-cases cpuArch and defaults isBuiltIn to false", () => {
    assert.deepEqual(normalizeEdgeDriver({ driverName: "a", driverProtocol: "modbus", runtime: "c", cpuArch: "AArch64", iotInstanceId: "", __provider: "x" }), {
      driverName: "a",
      driverProtocol: "modbus",
      runtime: "c",
      cpuArch: "aarch64",
      isBuiltIn: false,
    });
  });
});

describe(edgeDriverDiff.name, () => {
  const olds = { driverId: "d1", driverName: "a", driverProtocol: "modbus" as const, runtime: "c" as const, isBuiltIn: false };
  it("replaces on every change, create-before-delete", () => {
    assert.deepEqual(edgeDriverDiff(olds, { ...olds, driverName: "b", cpuArch: "x86" }), {
      changes: true,
      replaces: ["driverName", "cpuArch"],
      deleteBeforeReplace: false,
    });
    assert.deepEqual(edgeDriverDiff(olds, { driverName: "a", driverProtocol: "modbus", runtime: "c", isBuiltIn: false }), { changes: false, replaces: [], deleteBeforeReplace: false });
  });
});

describe(edgeDriverInfoFromData.name, () => {
  it("maps BatchGetEdgeDriver's fields and lower-cases CpuArch", () => {
    assert.deepEqual(
      edgeDriverInfoFromData({ DriverId: "d", DriverName: "n", DriverProtocol: "customize", Runtime: "c", CpuArch: "x86-64", IsBuiltIn: "true", Type: 1, GmtCreateTimestamp: 5 }),
      { driverId: "d", driverName: "n", driverProtocol: "customize", runtime: "c", cpuArch: "x86-64", isBuiltIn: true, driverType: 1, gmtCreateTimestamp: 5 },
    );
  });
});

describe("shared helpers", () => {
  it(`${checkFailure.name} builds the one message form`, () => {
    assert.deepEqual(checkFailure("a.b[0]", "x", "be one of y, z"), { property: "a.b[0]", reason: 'Expected `a.b[0]` to be one of y, z, got "x"' });
    assert.deepEqual(checkFailure("d", 300, "be at most 256 bytes in UTF-8", "bytes").reason, "Expected `d` to be at most 256 bytes in UTF-8, got 300 bytes");
    assert.equal(showValue("x".repeat(100)), `"${"x".repeat(78)}…`);
    assert.equal(showValue(undefined), "undefined");
  });

  it(`${isUnknown.name} / ${containsUnknown.name} find the preview placeholder at any depth`, () => {
    assert.equal(isUnknown(UNKNOWN), true);
    assert.equal(isUnknown("x"), false);
    assert.equal(containsUnknown({ a: [{ b: UNKNOWN }] }), true);
    assert.equal(containsUnknown({ a: [{ b: "x" }], c: null }), false);
  });

  it(`${chunk.name} splits in order`, () => {
    assert.deepEqual(chunk([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]]);
    assert.deepEqual(chunk([], 30), []);
    assert.throws(() => chunk([1], 0), /Expected `size` to be a positive integer, got 0/);
  });
});
