/** Reports how far a long operation got. */
export interface ProgressReporter {
  /** Adds `n` finished items; logs when a tenth of the total (or the end) is crossed. */
  advance(n: number): void;
  /** Items finished so far. */
  readonly done: number;
}

const fmt = (n: number): string => n.toLocaleString("en-US");

/**
 * Logs `<verb> 20,000 / 25,001 devices<suffix>` each time another tenth of `total` is done and at the
 * end, so a `pulumi up` of a large batch shows progress (the engine forwards the provider's stdout,
 * pulumi/pulumi#18253) without flooding it. Deterministic: driven by counts, not time.
 */
export function progressReporter(verb: string, total: number, log: (line: string) => void, suffix = ""): ProgressReporter {
  let done = 0;
  let lastStep = 0;
  return {
    advance(n: number): void {
      done += n;
      if (total <= 0) return;
      const step = Math.min(10, Math.floor((done * 10) / total));
      if (step > lastStep) {
        lastStep = step;
        log(`${verb} ${fmt(done)} / ${fmt(total)} devices${suffix}`);
      }
    },
    get done(): number {
      return done;
    },
  };
}
