import { setFlagsFromString } from "v8";
import { runInNewContext } from "vm";

/**
 * Full garbage collections on demand in the provider process, through V8's `gc` (exposed at run
 * time the way jest's leak detector does it, since the engine starts the process without flags).
 *
 * Why: the engine sends a stack's check and diff requests one resource at a time, and for a big
 * DeviceBatch each request leaves tens of MB of protobuf garbage behind. V8 sizes its heap to the
 * garbage it has seen, not to what is live, so a process that handles 40 batches of 25,000 devices in a
 * row grew to 400–450 MB while less than 100 MB was live (docs/performance.md). One collection after
 * each large operation, once its answer is sent, keeps the process near one batch's worth.
 */

let gc: (() => void) | undefined;
let scheduled = false;

/** Collects garbage now (synchronously, tens of ms for a few hundred MB). */
export function collectGarbage(): void {
  if (gc === undefined) {
    const g = globalThis as { gc?: () => void };
    if (typeof g.gc === "function") gc = g.gc;
    else {
      setFlagsFromString("--expose-gc");
      gc = runInNewContext("gc") as () => void;
    }
  }
  gc();
}

/**
 * Collects garbage once the current operation has answered: on the next turn of the event loop,
 * after the provider server has converted and sent the result. Calls before it runs are merged.
 */
export function collectAfterAnswer(): void {
  if (scheduled) return;
  scheduled = true;
  setImmediate(() => {
    scheduled = false;
    collectGarbage();
  });
}
