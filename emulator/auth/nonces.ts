/**
 * Replay protection: remembers `SignatureNonce` / `x-acs-signature-nonce` values per AccessKeyId for
 * `ttlMs` (15 minutes by default, as in V3 request body and signature mechanism). Expired entries are swept in insertion order.
 */
export class NonceCache {
  private readonly expiry = new Map<string, number>();
  private readonly order: [key: string, expiresAt: number][] = [];
  private head = 0;

  constructor(private ttlMs: number) {}

  /** Records the nonce; returns true when it was already used within the TTL. */
  seen(accessKeyId: string, nonce: string, now: number): boolean {
    this.sweep(now);
    const key = `${accessKeyId}\u0000${nonce}`;
    const exp = this.expiry.get(key);
    if (exp !== undefined && exp > now) return true;
    const expiresAt = now + this.ttlMs;
    this.expiry.set(key, expiresAt);
    this.order.push([key, expiresAt]);
    return false;
  }

  private sweep(now: number): void {
    while (this.head < this.order.length && this.order[this.head][1] <= now) {
      const [key, exp] = this.order[this.head++];
      if (this.expiry.get(key) === exp) this.expiry.delete(key);
    }
    if (this.head > 4096 && this.head * 2 > this.order.length) {
      this.order.splice(0, this.head);
      this.head = 0;
    }
  }

  get size(): number {
    return this.expiry.size;
  }

  clear(): void {
    this.expiry.clear();
    this.order.length = 0;
    this.head = 0;
  }
}
