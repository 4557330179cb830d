import { edgeDriverVersionContentChanges } from "./edgeDriverVersionContentChanges";
import { releasedVersionViolation } from "./edgeDriverVersionReleasedRule";
import { IDENTITY_FIELDS, type ContentField, type EdgeDriverVersionInputs, type EdgeDriverVersionOutputs } from "./edgeDriverVersionTypes";
import { isUnknown } from "./unknown";

/** The decision `diff` reports, plus what it is based on (for messages and tests). */
export interface EdgeDriverVersionDiff {
  readonly changes: boolean;
  /** Identity fields that changed: the version must be replaced. */
  readonly replaces: string[];
  /**
   * True when old and new name the same DriverId + DriverVersion. A replacement then has to delete the
   * old version before it creates the new one, or CreateEdgeDriverVersion would collide with it (the
   * version is unique per driver, IoT Platform API reference: CreateEdgeDriverVersion). Reported whether or not this diff replaces. (A replacement
   * forced by `pulumi up --replace` never asks the provider, and `replaceOnChanges` cannot see the
   * changed keys of a Node dynamic resource; see edgeDriverVersionAdoptions.ts.)
   */
  readonly deleteBeforeReplace: boolean;
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
  const deleteBeforeReplace =
    !isUnknown(news.driverId) && !isUnknown(news.driverVersion) && olds.driverId === news.driverId && olds.driverVersion === news.driverVersion;
  const releasedViolation = releasedVersionViolation(olds, news);
  return {
    changes: replaces.length > 0 || contentChanges.length > 0 || releaseChange,
    replaces: [...replaces],
    deleteBeforeReplace,
    contentChanges,
    releaseChange,
    ...(releasedViolation !== undefined ? { releasedViolation } : {}),
  };
}
