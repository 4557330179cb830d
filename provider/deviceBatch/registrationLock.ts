/**
 * One registration at a time per provider process (FIFO). Every DeviceBatch of a deployment runs in
 * the same provider process and shares the account's quotas, so running batches' registrations one
 * after another costs no throughput (one batch already keeps QueryPageByApplyId at its quota), while
 * it makes the memory check before each registration (memoryBudget.ts) see the heap the others
 * left, instead of ten batches each finding room and then running out together.
 *
 * Kept on `globalThis` under a string key, like the shared limiter, so that every copy of this
 * module in the process shares it.
 */
const KEY = "__pulumiAlicloudIotRegistrationLockV1";

type Holder = { [KEY]?: { tail: Promise<void> } };

/** Runs `fn` when every earlier registration of this process has finished. */
export async function withRegistrationLock<T>(fn: () => Promise<T>): Promise<T> {
  const holder = globalThis as Holder;
  const lock = (holder[KEY] ??= { tail: Promise.resolve() });
  const previous = lock.tail;
  let release!: () => void;
  lock.tail = new Promise<void>((resolve) => (release = resolve));
  await previous;
  try {
    return await fn();
  } finally {
    release();
  }
}
