import assert from "node:assert/strict";
import { collectAfterAnswer, collectGarbage } from "../../../provider/dynamic/collectGarbage";

describe("collectGarbage", () => {
  /** A WeakRef to an object nothing else holds (created in its own function, so no local keeps it). */
  const orphan = (): WeakRef<object> => new WeakRef({ payload: new Array(1000).fill("x") });
  const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

  it("collects an unreachable object now", async () => {
    const ref = orphan();
    await nextTurn(); // a WeakRef's target lives at least until the job that made it ends
    collectGarbage();
    assert.equal(ref.deref(), undefined);
  });

  it("collects after the current turn, not during it, and merges calls", async () => {
    const ref = orphan();
    await nextTurn();
    collectAfterAnswer();
    collectAfterAnswer();
    assert.notEqual(ref.deref(), undefined, "collected before the answer could be sent");
    await nextTurn();
    await nextTurn();
    assert.equal(ref.deref(), undefined);
  });
});
