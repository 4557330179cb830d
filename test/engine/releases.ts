/*
 * What the upgrade tests (upgradeFrom010, upgradeFrom020) share: a released version packed from its
 * commit, and the package paths a stored `__provider` text requires.
 */

/** A released version of this package, packed from its commit (scripts/lib/packRelease.js, cached by commit). */
export interface PackedRelease {
  readonly tarball: string;
  readonly version: string;
  readonly commit: string;
}

// eslint-disable-next-line @typescript-eslint/no-var-requires
export const { packRelease } = require("../../scripts/lib/packRelease.js") as { packRelease(commit: string): PackedRelease };

/** Every `require("pulumi-alicloud-iot/…")` path in a `__provider` text, e.g. `dist/provider/config.js`. */
export function requiredPackagePaths(providerText: string): string[] {
  return [...providerText.matchAll(/require\("pulumi-alicloud-iot\/([^"]+)"\)/g)].map((m) => m[1]);
}
