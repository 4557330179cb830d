import * as fs from "fs";
import * as path from "path";
import puppeteer, { Browser, Page } from "puppeteer-core";

/**
 * Headless Chromium for the console tests: Debian's `chromium` package (installed by .ci/run when
 * missing), driven by puppeteer-core, which never downloads a browser. CHROMIUM_PATH overrides.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Where screenshots go (gitignored); one set is copied into docs/images/ by hand. */
export const SHOTS_DIR = path.join(__dirname, "..", "..", "..", "test-output", "console");

export async function launch(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  return puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
    args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--no-first-run", "--no-default-browser-check"],
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SHOTS_DIR, { recursive: true });
  const file = path.join(SHOTS_DIR, `${name}.png`);
  await page.screenshot({ path: file as `${string}.png` });
  return file;
}
