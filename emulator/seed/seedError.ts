/** A seed that does not follow the format or does not fit the emulator's state; `problems` lists each one. */
export class SeedError extends Error {
  override readonly name = "SeedError";
  readonly code = "SeedInvalid";
  constructor(readonly problems: string[]) {
    super(`seed rejected: ${problems.slice(0, 20).join("; ")}${problems.length > 20 ? `; … and ${problems.length - 20} more` : ""}`);
  }
}
