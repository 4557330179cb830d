import type { ParamValue } from "../../../../provider/client/flattenParams";

const CJK = ["驱", "动", "设", "备", "中", "文", "テ", "ス", "ト", "한", "글"];
const EMOJI = ["😀", "🚀", "👍🏽", "🇨🇳", "👨‍💻", "🧪"];
const RESERVED = [..." !'()*~-_.:/?#[]@$&+,;=%\"<>\\^`{|}"];
const OTHER = ["é", "ü", "ß", "ñ", "\t", "\n", "\r", "Ω"];
const ALNUM = [..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"];

/** Builds random parameter sets from a seeded generator, so every run checks the same cases. */
export class ParamGenerator {
  constructor(private readonly random: () => number) {}

  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  text(maxLength: number): string {
    const pools = [ALNUM, ALNUM, CJK, EMOJI, RESERVED, OTHER];
    let out = "";
    for (let i = this.int(0, maxLength); i > 0; i--) out += this.pick(this.pick(pools));
    return out;
  }

  key(): string {
    // Keys are ASCII names as in the API, sometimes with - _ or a non-ASCII letter; never a dot.
    const base = this.pick(["DeviceName", "ProductKey", "Args", "Nickname", "X", "a", "Zeta", "driver_id", "Config-Rule", "名称", "Ключ"]);
    return `${base}${this.int(0, 3) === 0 ? this.int(0, 99) : ""}`;
  }

  scalar(): ParamValue {
    switch (this.int(0, 5)) {
      case 0:
        return this.int(-1000, 100000);
      case 1:
        return this.random() < 0.5;
      case 2:
        return Math.round(this.random() * 1e6) / 100;
      default:
        return this.text(12);
    }
  }

  /** A value for a key: a scalar, a list of scalars (up to 15), or a list of objects with nested lists. */
  value(depth: number, popCoreCompatible: boolean): ParamValue {
    const shape = this.int(0, 9);
    if (shape <= 3 || depth > 2) return this.scalar();
    if (shape <= 6) {
      return Array.from({ length: this.int(0, 15) }, () => (!popCoreCompatible && this.int(0, 9) === 0 ? null : this.scalar()));
    }
    if (shape <= 8 || popCoreCompatible) {
      return Array.from({ length: this.int(1, 12) }, () => this.object(depth + 1, popCoreCompatible));
    }
    return this.object(depth + 1, popCoreCompatible); // a top-level object: Key.Field
  }

  object(depth: number, popCoreCompatible: boolean): { [key: string]: ParamValue } {
    const out: { [key: string]: ParamValue } = {};
    for (let i = this.int(1, 4); i > 0; i--) {
      // pop-core flattens one level of objects in lists, plus lists of scalars inside them.
      out[this.key()] = popCoreCompatible
        ? this.int(0, 3) === 0
          ? Array.from({ length: this.int(1, 11) }, () => this.scalar())
          : this.scalar()
        : this.value(depth, false);
    }
    return out;
  }

  params(popCoreCompatible: boolean): Record<string, ParamValue> {
    const out: Record<string, ParamValue> = {};
    for (let i = this.int(1, 8); i > 0; i--) out[this.key()] = this.value(0, popCoreCompatible);
    return out;
  }
}
