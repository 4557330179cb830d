export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
export const show = (v: unknown): string => (typeof v === "string" ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v))).slice(0, 80);

/** Collects every problem of a seed document, each with its path; typed readers that report what does not fit. */
export class Problems {
  readonly list: string[] = [];
  add(path: string, msg: string): void {
    this.list.push(`${path}: ${msg}`);
  }
  keys(o: Obj, path: string, allowed: readonly string[]): void {
    for (const k of Object.keys(o)) if (!allowed.includes(k)) this.add(`${path}.${k}`, `unknown field; allowed: ${allowed.join(", ")}`);
  }
  str(o: Obj, key: string, path: string, required: boolean): string | undefined {
    const v = o[key];
    if (v === undefined || v === null) {
      if (required) this.add(`${path}.${key}`, "is required");
      return undefined;
    }
    if (typeof v !== "string") {
      this.add(`${path}.${key}`, `expected a string, got ${show(v)}`);
      return undefined;
    }
    return v;
  }
  int(o: Obj, key: string, path: string, min: number, max: number): number | undefined {
    const v = o[key];
    if (v === undefined) return undefined;
    if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
      this.add(`${path}.${key}`, `expected an integer ${min}–${max}, got ${show(v)}`);
      return undefined;
    }
    return v;
  }
  list_(o: Obj, key: string, path: string): unknown[] {
    const v = o[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) {
      this.add(`${path}.${key}`, `expected a list, got ${show(v)}`);
      return [];
    }
    return v;
  }
}
