import { edgeDriverVersionContentChanges } from "./edgeDriverVersionContentChanges";
import { releasedVersionViolation } from "./edgeDriverVersionReleasedRule";
import { IDENTITY_FIELDS, type ContentField, type EdgeDriverVersionInputs, type EdgeDriverVersionOutputs } from "./edgeDriverVersionTypes";
import { isUnknown } from "../dynamic/unknown";

/** The decision `diff` reports, plus what it is based on (for messages and tests). */
export interface EdgeDriverVersionDiff {
  readonly changes: boolean;
  /** Identity fields that changed: the version must be replaced. */
  readonly replaces: string[];
  /**
   * Always true: every replacement deletes the old version first. With the same DriverId +
   * DriverVersion a create-first replacement would collide with (or adopt) the version the old
   * resource's delete then removes; with a new identity delete-first costs a moment without a
   * version and keeps one rule for every replacement, the same the class's `deleteBeforeReplace`
   * option states for `pulumi up --replace`, which never asks the provider (deleteFirstOptions.ts).
   */
  readonly deleteBeforeReplace: true;
  /** Content fields that changed (UpdateEdgeDriverVersion). */
  readonly contentChanges: ContentField[];
  /** True when the `released` flag changes (ReleaseEdgeDriverVersion). */
  readonly releaseChange: boolean;
  /** Set when the change would modify a released version; `diff` must then fail with this sentence. */
  readonly releasedViolation?: string;
}

/**
 * Pure: compares the previous outputs (state) with the new checked inputs; makes no API call.
 * `adoptExisting` only matters to `create`, so changing it alone is no change.
 */
export function edgeDriverVersionDiff(olds: EdgeDriverVersionOutputs, news: EdgeDriverVersionInputs): EdgeDriverVersionDiff {
  const replaces = IDENTITY_FIELDS.filter((f) => isUnknown(news[f]) || olds[f] !== news[f]);
  const contentChanges = edgeDriverVersionContentChanges(olds, news);
  const releaseChange = isUnknown(news.released) || (news.released === true) !== (olds.released === true);
  const releasedViolation = releasedVersionViolation(olds, news);
  return {
    changes: replaces.length > 0 || contentChanges.length > 0 || releaseChange,
    replaces: [...replaces],
    deleteBeforeReplace: true,
    contentChanges,
    releaseChange,
    ...(releasedViolation !== undefined ? { releasedViolation } : {}),
  };
}
