import { getJson } from "./api";
import { initAdmin, loadFaults } from "./admin";
import { $, fmt } from "./dom";
import { loadInvocations, renderDrivers } from "./drivers";
import { initFleet, loadDevices, renderProducts } from "./fleet";
import { loadQuotas } from "./quotas";
import { initTopology, loadTopology, renderGatewayList } from "./topology";
import type { Overview } from "./types";

/**
 * The emulator's web console: tabs over the read-only /_emulator/console/ endpoints. The overview
 * refreshes every 3 s; the quota view every second while it is shown.
 */
(window as unknown as { emulatorConsole: Record<string, unknown> }).emulatorConsole = {};

const TABS = ["fleet", "topology", "drivers", "invocations", "quotas", "admin"];
let overview: Overview | undefined;
let actionNames: string[] = [];

function currentTab(): string {
  const t = location.hash.slice(1);
  return TABS.includes(t) ? t : "fleet";
}

async function refreshOverview(): Promise<Overview> {
  const o = await getJson<Overview>("/_emulator/console/overview");
  overview = o;
  const c = o.counts;
  $("summary").textContent =
    `${fmt(c.products)} products · ${fmt(c.devices)} devices · ${fmt(c.drivers)} drivers (${fmt(c.driverVersions)} versions) · ${fmt(o.invocations)} invocations · ` +
    `region ${o.settings.region} · ${o.settings.dataDir ? `data dir ${o.settings.dataDir}` : "in memory"}` +
    (o.settings.acceptAnyCredentials ? " · any AccessKeyId accepted" : ` · AccessKeyId ${o.settings.accessKeyId}`);
  renderProducts(o);
  renderGatewayList(o);
  renderDrivers(o);
  return o;
}

async function showTab(): Promise<void> {
  const tab = currentTab();
  for (const t of TABS) {
    $(`tab-${t}`).classList.toggle("active", t === tab);
    document.querySelector(`nav a[data-tab="${t}"]`)?.classList.toggle("active", t === tab);
  }
  document.body.dataset.tab = tab;
  if (!overview) await refreshOverview();
  if (tab === "fleet") await loadDevices();
  if (tab === "topology") await loadTopology();
  if (tab === "invocations") await loadInvocations();
  if (tab === "quotas") await loadQuotas();
  if (tab === "admin") await loadFaults();
}

async function start(): Promise<void> {
  initFleet();
  initTopology();
  const limits = await getJson<{ actions: Record<string, unknown> }>("/_emulator/limits");
  actionNames = Object.keys(limits.actions).sort();
  initAdmin(() => actionNames, () => void refreshOverview().then(showTab));
  window.addEventListener("hashchange", () => void showTab());
  await refreshOverview();
  await showTab();
  document.body.dataset.ready = "1";
  window.setInterval(() => {
    if (currentTab() === "quotas") void loadQuotas().catch(() => undefined);
  }, 1000);
  window.setInterval(() => {
    void refreshOverview().catch(() => undefined);
  }, 3000);
}

start().catch((e: Error) => {
  $("summary").textContent = `error: ${e.message}`;
});
