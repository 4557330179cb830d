import type { ProductInputs, ProductOutputs } from "./productTypes";
import { PRODUCT_REPLACING_KEYS, PRODUCT_UPDATABLE_KEYS } from "./productRules";
import { containsUnknown } from "../dynamic/unknown";

/** What {@link productDiff} finds. */
export interface ProductDiff {
  /** Changed inputs UpdateProduct applies in place. */
  readonly updates: string[];
  /** Changed inputs that need a new product. */
  readonly replaces: string[];
  /**
   * Delete the old product first: product names are unique per instance, so a replacement keeping the
   * name cannot be created while the old one exists.
   */
  readonly deleteBeforeReplace: boolean;
}

/** Pure diff of state against checked inputs; a value unknown in a preview counts as changed. */
export function productDiff(olds: ProductOutputs, news: ProductInputs): ProductDiff {
  const o = olds as unknown as Record<string, unknown>;
  const n = news as unknown as Record<string, unknown>;
  const changed = (k: string): boolean => containsUnknown(n[k]) || (o[k] ?? "") !== (n[k] ?? "");
  const updates = PRODUCT_UPDATABLE_KEYS.filter(changed);
  const replaces = PRODUCT_REPLACING_KEYS.filter(changed);
  return { updates, replaces, deleteBeforeReplace: replaces.length > 0 && !changed("productName") };
}
