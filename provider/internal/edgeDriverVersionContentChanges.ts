import { CONTENT_FIELDS, type ContentField, type EdgeDriverVersionContent } from "./edgeDriverVersionTypes";

/**
 * The content fields (those UpdateEdgeDriverVersion changes) that differ between two canonical
 * versions (normalizeEdgeDriverVersion.ts), in wire order. Object keys are compared regardless of
 * their order: state comes back from the engine with keys sorted (it travels as a protobuf Struct),
 * while the wire form keeps the API's order. List order counts. A field holding the preview
 * placeholder for an unknown value counts as changed: it may change once known.
 */
export function edgeDriverVersionContentChanges(from: EdgeDriverVersionContent, to: EdgeDriverVersionContent): ContentField[] {
  return CONTENT_FIELDS.filter((field) => sortedJson(from[field]) !== sortedJson(to[field]));
}

/** JSON with object keys sorted at every depth; `undefined` for undefined. */
function sortedJson(value: unknown): string | undefined {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
