import assert from "node:assert/strict";
import { MAX_SHARDS, shardDevices, shardOf } from "../../../provider/deviceBatch/shardDevices";

const name = (i: number): string => `dev-${String(i).padStart(7, "0")}`;

describe("shardOf / shardDevices (stable fleet membership)", () => {
  it("assigns known names to the same shards as every earlier run (the hash is part of the contract)", () => {
    const pinned: [string, number, number][] = [
      ["lamp-000001", 0, 4],
      ["lamp-000002", 0, 2],
      ["lamp-000003", 3, 6],
      ["dev-0000001", 8, 0],
      ["dev-0999999", 3, 1],
      ["lobby-main", 1, 3],
      ["a@b.c:d", 6, 4],
      ["abcd", 4, 5],
    ];
    for (const [n, of10, of7] of pinned) {
      assert.equal(shardOf(n, 10), of10, `${n} of 10`);
      assert.equal(shardOf(n, 7), of7, `${n} of 7`);
    }
  });

  it("never moves a device when names are added or removed", () => {
    const before = Array.from({ length: 20_000 }, (_, i) => name(i));
    const after = [...before.slice(500), ...Array.from({ length: 3_000 }, (_, i) => `new-${i}`)];
    const shardsBefore = shardDevices(before, 10);
    const where = new Map<string, number>();
    shardsBefore.forEach((list, i) => list.forEach((n) => where.set(n, i)));
    const shardsAfter = shardDevices(after, 10);
    let kept = 0;
    shardsAfter.forEach((list, i) =>
      list.forEach((n) => {
        if (where.has(n)) {
          assert.equal(i, where.get(n), `${n} moved`);
          kept++;
        }
      }),
    );
    assert.equal(kept, 19_500);
  });

  it("spreads sequential names evenly (within 3 % of the mean over 100,000 names)", () => {
    const sizes = shardDevices(Array.from({ length: 100_000 }, (_, i) => name(i)), 10).map((s) => s.length);
    assert.equal(sizes.reduce((a, b) => a + b, 0), 100_000);
    for (const s of sizes) assert.ok(Math.abs(s - 10_000) < 300, `shard of ${s}`);
  });

  it("keeps the given order inside a shard and shards objects by their name", () => {
    const devices = ["lamp-000003", { name: "lamp-000001", nickname: "first" }, "lamp-000002", { name: "lobby-main" }];
    const shards = shardDevices(devices, 10);
    assert.deepEqual(shards[0], [{ name: "lamp-000001", nickname: "first" }, "lamp-000002"]);
    assert.deepEqual(shards[3], ["lamp-000003"]);
    assert.deepEqual(shards[1], [{ name: "lobby-main" }]);
    assert.deepEqual(shardDevices(devices, 1), [devices]);
  });

  it("refuses a shard count that is not an integer from 1 to MAX_SHARDS", () => {
    for (const bad of [0, -1, 1.5, MAX_SHARDS + 1, Number.NaN]) {
      assert.throws(() => shardOf("lamp-000001", bad), /shardCount must be an integer from 1 to 1000/);
      assert.throws(() => shardDevices([], bad), RangeError);
    }
  });
});
