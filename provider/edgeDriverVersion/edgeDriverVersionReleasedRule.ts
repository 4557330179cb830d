import { edgeDriverVersionContentChanges } from "./edgeDriverVersionContentChanges";
import { IDENTITY_FIELDS, type EdgeDriverVersionInputs } from "./edgeDriverVersionTypes";
import { containsUnknown } from "../dynamic/unknown";

/** What is known about the version being changed: its identity, content and publish state. */
export type OldEdgeDriverVersion = Partial<EdgeDriverVersionInputs> & { readonly versionState?: string };

/**
 * The released-version rule (IoT Platform API reference: UpdateEdgeDriverVersion: "已发布的驱动版本，不允许更新"): a published version can be
 * neither updated nor unpublished, so new content needs a new `driverVersion`. Returns the sentence
 * explaining the violation, or undefined when `news` keeps the rule.
 *
 * `old` is either the previous inputs (`check`) or the previous outputs (`diff`, which also knows a
 * `versionState` refreshed from the cloud, e.g. after a release made in the console). Fields whose new
 * value is unknown at preview are left out: `up` applies the rule again with the real values.
 */
export function releasedVersionViolation(old: OldEdgeDriverVersion, news: EdgeDriverVersionInputs): string | undefined {
  const wasReleased = old.released === true || old.versionState === "1";
  if (!wasReleased) return undefined;
  // Another identity is another version: a replacement, which the rule allows.
  if (IDENTITY_FIELDS.some((f) => containsUnknown(news[f]) || old[f] !== news[f])) return undefined;

  const changed: string[] = edgeDriverVersionContentChanges(old as EdgeDriverVersionInputs, news).filter((f) => !containsUnknown(news[f]));
  if (news.released === false) changed.push("released (true → false: a published version cannot be unpublished)");
  if (changed.length === 0) return undefined;
  return (
    `be a new version when released version ${JSON.stringify(news.driverVersion)} of driver ${news.driverId} changes ` +
    `(released versions are immutable; changed: ${changed.join(", ")}). Set \`driverVersion\` to a new value (e.g. bump it) ` +
    "to publish this content as a new version, or revert the change"
  );
}
