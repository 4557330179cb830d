import type { ProductMutation } from "../mutation";
import { Product } from "../product";
import { StateError } from "../stateError";
import type { Store } from "../store";
import { removeDevice } from "./devices";

/** Products: create, delete (with their devices), update (names, descriptions, thing models). */
export function reduceProduct(store: Store, m: ProductMutation): void {
  const s = store.scope(m.scope);
  switch (m.op) {
    case "product.create":
      s.products.set(m.product.productKey, new Product(s, m.product));
      return;
    case "product.delete": {
      const p = s.products.get(m.productKey);
      if (!p) throw new StateError(`product ${m.productKey} not found`);
      for (const d of [...p.devices.values()]) removeDevice(s, d);
      s.products.delete(m.productKey);
      return;
    }
    case "product.update": {
      const p = s.products.get(m.productKey);
      if (!p) throw new StateError(`product ${m.productKey} not found`);
      Object.assign(p.rec, m.fields);
      return;
    }
  }
}
