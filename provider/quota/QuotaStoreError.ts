/** Why a {@link QuotaStoreError} was thrown. */
export type QuotaStoreErrorCode = "QuotaStoreUnreachable";

/**
 * {@link QuotaStoreError}: the shared quota store could not be used at start and
 * `quotaStoreFallback` is `error`. The message names the setting and the store without its
 * password:
 * `Quota store ${where} (${setting}) did not answer: ${reason}. Start it or fix the URL, or set ${fallbackSetting} to "local" to run on this process's own limiter.`
 */
export class QuotaStoreError extends Error {
  declare readonly name: "QuotaStoreError";
  readonly code: QuotaStoreErrorCode;

  constructor(where: string, setting: string, fallbackSetting: string, reason: string) {
    super(
      `Quota store ${where} (${setting}) did not answer: ${reason}. Start it or fix the URL, or set ${fallbackSetting} to "local" to run on this process's own limiter.`,
    );
    this.code = "QuotaStoreUnreachable";
  }
}
Object.defineProperty(QuotaStoreError.prototype, "name", { value: "QuotaStoreError", enumerable: false, writable: false, configurable: true });
