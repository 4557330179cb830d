import { HAN_RANGES, KANA_RANGES, weightedLength } from "./weightedLength";

/**
 * ProductName: Chinese, letters, Japanese, digits and `_ - @ ( )`; 4–30 (CJK/Japanese = 2).
 * From the CreateProduct page of the current help: treated as the rule.
 */
const PRODUCT_NAME_RE = new RegExp(`^[A-Za-z0-9_\\-@()${HAN_RANGES}${KANA_RANGES}]+$`);
export function isValidProductName(s: string): boolean {
  const n = weightedLength(s);
  return PRODUCT_NAME_RE.test(s) && n >= 4 && n <= 30;
}
