import deepEqual from "deep-equal";
import { CONTENT_FIELDS, type ContentField, type EdgeDriverVersionContent } from "./edgeDriverVersionTypes";

/**
 * The content fields (those UpdateEdgeDriverVersion changes) that differ between two canonical
 * versions (normalizeEdgeDriverVersion.ts), in wire order. Object keys are compared regardless of
 * their order: state comes back from the engine with keys sorted (it travels as a protobuf Struct),
 * while the wire form keeps the API's order. List order counts. A field holding the preview
 * placeholder for an unknown value counts as changed: it may change once known.
 */
export function edgeDriverVersionContentChanges(from: EdgeDriverVersionContent, to: EdgeDriverVersionContent): ContentField[] {
  return CONTENT_FIELDS.filter((field) => !deepEqual(from[field], to[field], { strict: true }));
}
