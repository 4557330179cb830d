import * as assert from "node:assert/strict";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { longParts, MAX_FILE_LINES, MAX_FUNCTION_LINES } = require("../../scripts/source-sizes.js") as {
  longParts(): { where: string; what: string; lines: number; reason?: string }[];
  MAX_FILE_LINES: number;
  MAX_FUNCTION_LINES: number;
};

describe("source sizes (provider/, emulator/)", () => {
  it(`has no file over ${MAX_FILE_LINES} lines and no function over ${MAX_FUNCTION_LINES} lines without a "// size:" reason`, () => {
    const unexplained = longParts().filter((p) => !p.reason).map((p) => `${p.where} ${p.what} (${p.lines} lines)`);
    assert.deepEqual(unexplained, []);
  });
});
