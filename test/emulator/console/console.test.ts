/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Functions passed to page.evaluate/waitForFunction run in the browser: DOM types for them.
import assert from "node:assert/strict";
import * as path from "path";
import * as $Iot from "@alicloud/iot20180120";
import type { Browser, Page } from "puppeteer-core";
import { FakeClock } from "../../helpers/FakeClock";
import { EmulatorHandle, startEmulator } from "../../../emulator/index";
import { httpRequest, sdk } from "../helpers";
import { launch, screenshot } from "./browser";

/**
 * The web console in a real browser (headless Chromium) against an emulator holding a seeded fleet:
 * the device count, search, the topology picture's nodes, the quota view following calls, and an
 * admin reset. Screenshots land in test-output/console/. The emulator runs on a FakeClock so the
 * quota windows (and so which calls are throttled) do not depend on how loaded the machine is.
 */

const FIXTURE = path.join(__dirname, "..", "..", "fixtures", "seed-fleet.yaml");

describe("emulator web console (headless Chromium)", function () {
  let emu: EmulatorHandle;
  let clock: FakeClock;
  let browser: Browser;
  let page: Page;
  let sensorsKey: string;

  before(async () => {
    clock = new FakeClock(Date.now()); // the SDK signs with the real time; the fake one only stands still
    emu = await startEmulator({ seed: FIXTURE, clock, qps: { QueryProduct: 2 }, acceptAnyCredentials: true });
    for (const p of emu.store.scope("default/").products.values()) if (p.rec.productName === "seed-sensors") sensorsKey = p.productKey;
    browser = await launch();
    page = await browser.newPage();
    await page.setViewport({ width: 1400, height: 900 });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("requestfailed", (r) => errors.push(`request failed: ${r.url()}`));
    (page as unknown as { errors: string[] }).errors = errors;
  });

  after(async () => {
    await browser?.close();
    await emu?.close();
  });

  const text = (sel: string) => page.$eval(sel, (el) => el.textContent ?? "");
  const data = (sel: string, key: string) => page.$eval(sel, (el, k) => (el as HTMLElement).dataset[k] ?? "", key);

  it("a browser opening / is redirected to the console; an API call to / is not", async () => {
    const browserish = await httpRequest(`${emu.endpoint}/`, { headers: { accept: "text/html,application/xhtml+xml" } });
    assert.equal(browserish.status, 302);
    assert.equal(browserish.headers.location, "/_emulator/ui/");
    const api = await httpRequest(`${emu.endpoint}/`);
    assert.equal(api.json.Code, "MissingParameter");
    const resp = await page.goto(`${emu.endpoint}/`, { waitUntil: "load" });
    assert.equal(resp?.url(), `${emu.endpoint}/_emulator/ui/`);
    await page.waitForSelector("body[data-ready='1']");
  });

  it("fleet page: the products, the device count, and server-side search by name, nickname and status", async () => {
    await page.waitForFunction(() => document.getElementById("device-count")?.dataset.total === "130");
    assert.equal(await text("#device-count"), "130 devices");
    const products = await page.$$eval("#products-table tbody tr", (rows) => rows.map((r) => [...r.querySelectorAll("td")].map((td) => td.textContent)));
    assert.deepEqual(products, [["seed-gateways", "gateway", "2"], ["seed-sensors", "device", "130"]]);
    assert.equal((await page.$$("#devices-table tbody tr")).length, 50, "first page of 50");
    await screenshot(page, "fleet");

    await page.type("#search-name", "sensor-012");
    await page.waitForFunction(() => document.getElementById("device-count")?.dataset.matched === "10");
    const names = await page.$$eval("#devices-table tbody tr td:first-child", (tds) => tds.map((t) => t.textContent));
    assert.deepEqual(names, Array.from({ length: 10 }, (_, i) => `sensor-012${i}`));
    assert.equal(await text("#device-count"), "10 of 130 devices match");
    await screenshot(page, "fleet-search");

    await page.$eval("#search-name", (el) => ((el as HTMLInputElement).value = ""));
    await page.type("#search-nickname", "line_0130");
    await page.waitForFunction(() => document.getElementById("device-count")?.dataset.matched === "1");
    await page.select("#search-status", "ONLINE");
    await page.waitForFunction(() => document.getElementById("device-count")?.dataset.matched === "0", {}, undefined);
    await page.select("#search-status", "UNACTIVE");
    await page.waitForFunction(() => document.getElementById("device-count")?.dataset.matched === "1");
  });

  it("topology: the gateway's picture has the gateway and its 110 sub-devices as nodes", async () => {
    await page.goto(`${emu.endpoint}/_emulator/ui/#topology`, { waitUntil: "load" });
    await page.waitForSelector("#topology-graph[data-nodes]");
    assert.equal(await data("#topology-graph", "nodes"), "111");
    assert.equal(await data("#topology-graph", "edges"), "110");
    const labels = await page.evaluate(() => {
      const cy = (window as unknown as { emulatorConsole: { cy: { nodes(): { map(f: (n: { data(k: string): string }) => string): string[] } } } }).emulatorConsole.cy;
      return cy.nodes().map((n) => n.data("label"));
    });
    assert.ok(labels.includes("sensor-0001") && labels.includes("sensor-0110") && !labels.includes("sensor-0111"));
    assert.match(await text("#topology-info"), /seed-gateways\/gw-0001: 110 sub-devices/);
    await screenshot(page, "topology");
  });

  it("quotas: the view follows calls as they are made, throttled answers included", async () => {
    await page.goto(`${emu.endpoint}/_emulator/ui/#quotas`, { waitUntil: "load" });
    await page.waitForSelector("#quota-table");
    const client = sdk(emu, "v3", { accessKeyId: "LTAI5tConsoleTest", accessKeySecret: "any" });
    const cellOf = (action: string, field: string) =>
      page.$eval(`#quota-table tr[data-action="${action}"] td[data-field="${field}"]`, (td) => td.textContent ?? "").catch(() => "");
    // Eight emulator seconds: 4 QueryProduct a second against a quota of 2, and detail reads.
    for (let s = 0; s < 8; s++) {
      await Promise.all(Array.from({ length: 4 }, () => client.queryProduct(new $Iot.QueryProductRequest({ productKey: sensorsKey })).catch(() => undefined)));
      await client.batchQueryDeviceDetail(new $Iot.BatchQueryDeviceDetailRequest({ productKey: sensorsKey, deviceName: [`sensor-000${(s % 9) + 1}`] }));
      if (s === 3) {
        await page.waitForFunction(() => document.querySelector('#quota-table tr[data-action="QueryProduct"] td[data-field="calls"]')?.textContent === "16");
        assert.equal(await cellOf("QueryProduct", "throttled"), "8");
      }
      clock.advance(1000);
    }
    await page.waitForFunction(() => document.querySelector('#quota-table tr[data-action="QueryProduct"] td[data-field="calls"]')?.textContent === "32");
    assert.equal(await cellOf("QueryProduct", "throttled"), "16");
    assert.equal(await cellOf("QueryProduct", "busiest"), "4");
    assert.equal(await cellOf("BatchQueryDeviceDetail", "calls"), "8");
    await page.waitForSelector('#quota-charts .chart[data-action="QueryProduct"] canvas');
    await screenshot(page, "quotas");
  });

  it("admin: 'Reset counters' clears the quota view and keeps the fleet", async () => {
    await page.goto(`${emu.endpoint}/_emulator/ui/#admin`, { waitUntil: "load" });
    await page.click('button[data-reset="stats,throttle"]');
    await page.waitForFunction(() => /"stats"/.test(document.getElementById("admin-result")?.textContent ?? ""));
    assert.deepEqual(emu.stats(), {});
    assert.equal(emu.store.counts().devices, 132);
    await screenshot(page, "admin");
    assert.deepEqual((page as unknown as { errors: string[] }).errors, [], "no script errors or failed requests");
  });
});
