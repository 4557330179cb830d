import { Apply } from "../apply";
import { Device } from "../device";
import type { ApplyMutation } from "../mutation";
import { StateError } from "../stateError";
import type { Store } from "../store";

/**
 * Async registration batches (ApplyIds): created, CHECK ended, CREATE started, a fault injected,
 * CREATE ended with the devices it created. state/jobs.ts decides when a phase ends.
 */
export function reduceApply(store: Store, m: ApplyMutation): void {
  if (m.op === "apply.create") {
    store.addApply(new Apply({ ...m.apply }));
    store.nextApplyId = Math.max(store.nextApplyId, m.apply.applyId + 1);
    return;
  }
  const a = store.applies.get(m.applyId);
  if (!a) throw new StateError(`apply ${m.applyId} not found`);
  switch (m.op) {
    case "apply.checked":
      a.rec.status = m.invalid.length ? "CHECK_FAILED" : "CHECK_SUCCESS";
      a.rec.invalid = m.invalid;
      a.rec.valid = m.valid;
      a.rec.fail = undefined;
      store.pending.delete(a);
      return;
    case "apply.startCreate":
      a.rec.status = "CREATE";
      a.rec.dueAt = m.dueAt;
      a.rec.fail = m.fail;
      a.rec.valid = undefined;
      a.rec.invalid = undefined;
      store.pending.add(a);
      return;
    case "apply.fail":
      a.rec.fail = m.fail;
      a.rec.dueAt = m.dueAt;
      return;
    case "apply.created":
      created(store, a, m);
      return;
  }
}

function created(store: Store, a: Apply, m: Extract<ApplyMutation, { op: "apply.created" }>): void {
  const s = store.scope(a.rec.scope);
  const p = s.products.get(a.rec.productKey);
  if (p) {
    for (const [name, iotId, secret, nickname, gmtCreate] of m.devices) {
      a.devices.push(store.addDevice(new Device(p, name, iotId, secret, nickname ?? undefined, gmtCreate, a.rec.applyId)));
    }
  }
  a.rec.status = m.invalid.length ? "CREATE_FAILED" : "CREATE_SUCCESS";
  a.rec.invalid = m.invalid;
  a.rec.valid = m.invalid.length ? m.valid : [];
  a.rec.fail = undefined;
  // The names are only needed to report failures; drop them once the batch succeeded.
  if (!m.invalid.length) {
    a.rec.names = undefined;
    a.rec.nicknames = undefined;
  }
  store.pending.delete(a);
}
