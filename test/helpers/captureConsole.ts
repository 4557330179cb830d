type ConsoleMethod = "log" | "warn" | "error";

/**
 * Inside a mocha `describe`: for every test, replaces the given console methods with a recorder and
 * restores them afterwards. Returns the lines recorded during the current test (emptied before each),
 * so a test can assert what the provider logged or warned, and nothing leaks into the reporter.
 */
export function captureConsole(methods: readonly ConsoleMethod[]): string[] {
  const lines: string[] = [];
  const saved = new Map<ConsoleMethod, (...args: unknown[]) => void>();
  beforeEach(() => {
    lines.length = 0;
    for (const m of methods) {
      saved.set(m, console[m]);
      console[m] = (...args: unknown[]) => void lines.push(args.join(" "));
    }
  });
  afterEach(() => {
    for (const [m, fn] of saved) console[m] = fn;
    saved.clear();
  });
  return lines;
}
