import { newDeviceSecret, newIotId, newRandomDeviceName } from "./ids";
import type { Apply, DeviceTuple, InvalidEntry } from "./apply";
import type { Store } from "./store";

/**
 * Async batch jobs (IoT Platform API reference: QueryBatchRegisterDeviceStatus): ends the running phase (CHECK or CREATE) of every batch whose deadline
 * has passed on the emulator's clock. Called before each request is handled, so a client polling
 * QueryBatchRegisterDeviceStatus — or any other request — sees the batch finish at the right time,
 * and with a FakeClock a test decides exactly when that is. Each phase end is one journaled mutation
 * with every generated value (names, IotIds, secrets) in it.
 *
 * CHECK fails the names that already exist in the product (or that an injected fault names).
 * CREATE re-checks (another batch may have taken a name meanwhile), creates the rest and reports
 * CREATE_FAILED if anything failed; the valid devices of a failed batch are still created.
 */

const EXISTS = "The device name already exists.";
const INJECTED = "Injected failure (emulator fault).";
const NO_PRODUCT = "The product does not exist.";

export function advanceJobs(store: Store, now: number): void {
  if (!store.pending.size) return;
  const due = [...store.pending].filter((a) => a.rec.dueAt <= now).sort((x, y) => x.rec.dueAt - y.rec.dueAt || x.rec.applyId - y.rec.applyId);
  for (const a of due) {
    if (a.rec.status === "CHECK") finishCheck(store, a);
    else if (a.rec.status === "CREATE") finishCreate(store, a);
  }
}

function failing(a: Apply): (name: string) => boolean {
  const f = a.rec.fail;
  if (f === true) return () => true;
  if (Array.isArray(f)) {
    const s = new Set(f);
    return (n) => s.has(n);
  }
  return () => false;
}

function finishCheck(store: Store, a: Apply): void {
  const product = store.scope(a.rec.scope).products.get(a.rec.productKey);
  const names = a.rec.names ?? [];
  const fail = failing(a);
  const invalid: InvalidEntry[] = [];
  const valid: string[] = [];
  for (const n of names) {
    if (!product) invalid.push([n, NO_PRODUCT]);
    else if (product.devices.has(n)) invalid.push([n, EXISTS]);
    else if (fail(n)) invalid.push([n, INJECTED]);
    else valid.push(n);
  }
  store.commit({ op: "apply.checked", applyId: a.rec.applyId, invalid, valid });
}

function finishCreate(store: Store, a: Apply): void {
  const product = store.scope(a.rec.scope).products.get(a.rec.productKey);
  const fail = failing(a);
  const at = a.rec.dueAt;
  const devices: DeviceTuple[] = [];
  const invalid: InvalidEntry[] = [];
  const valid: string[] = [];
  if (a.rec.kind === "names") {
    const names = a.rec.names ?? [];
    const nicks = a.rec.nicknames;
    names.forEach((n, i) => {
      if (!product) invalid.push([n, NO_PRODUCT]);
      else if (product.devices.has(n)) invalid.push([n, EXISTS]);
      else if (fail(n)) invalid.push([n, INJECTED]);
      else {
        devices.push([n, newIotId(), newDeviceSecret(), nicks?.[i] ?? null, at]);
        valid.push(n);
      }
    });
  } else {
    const count = a.rec.count ?? 0;
    const taken = new Set<string>();
    for (let i = 0; i < count; i++) {
      let n = newRandomDeviceName();
      while (taken.has(n) || product?.devices.has(n)) n = newRandomDeviceName();
      taken.add(n);
      if (!product) invalid.push([n, NO_PRODUCT]);
      else if (fail(n) || a.rec.fail === true) invalid.push([n, INJECTED]);
      else {
        devices.push([n, newIotId(), newDeviceSecret(), null, at]);
        valid.push(n);
      }
    }
  }
  store.commit({ op: "apply.created", applyId: a.rec.applyId, devices, invalid, valid: invalid.length ? valid : [] });
}
