import { getJson } from "./api";
import { $, cell, fmt, tbody } from "./dom";
import type { DevicePage, Overview } from "./types";

/** Products, and one product's devices a page at a time (paged and filtered on the server). */
const PAGE_SIZE = 50;
let productKey: string | undefined;
let page = 1;
let lastPage = 1;
let seq = 0;

export function renderProducts(o: Overview): void {
  const b = tbody("products-table");
  if (!productKey && o.products.length) productKey = [...o.products].sort((a, b2) => b2.devices - a.devices)[0].productKey;
  for (const p of o.products) {
    const tr = b.insertRow();
    tr.className = "selectable" + (p.productKey === productKey ? " selected" : "");
    tr.dataset.productKey = p.productKey;
    tr.title = `${p.productKey} (${p.scope}, ${p.authType})`;
    cell(tr, p.productName);
    cell(tr, p.nodeType);
    cell(tr, fmt(p.devices), "num");
    tr.onclick = () => {
      productKey = p.productKey;
      page = 1;
      renderProducts(o);
      void loadDevices();
    };
  }
}

export async function loadDevices(): Promise<void> {
  if (!productKey) return;
  const form = $("device-search") as HTMLFormElement;
  const q = new URLSearchParams({ productKey, page: String(page), pageSize: String(PAGE_SIZE) });
  for (const k of ["name", "nickname", "status"]) {
    const v = (form.elements.namedItem(k) as HTMLInputElement).value.trim();
    if (v) q.set(k, v);
  }
  const mine = ++seq;
  const t0 = performance.now();
  const r = await getJson<DevicePage>(`/_emulator/console/devices?${q}`);
  if (mine !== seq) return; // a newer search answered first
  const ms = performance.now() - t0;
  $("devices-title").textContent = `Devices of ${r.productName} (${r.productKey})`;
  const count = $("device-count");
  count.textContent = r.matched === r.total ? `${fmt(r.total)} devices` : `${fmt(r.matched)} of ${fmt(r.total)} devices match`;
  count.dataset.matched = String(r.matched);
  count.dataset.total = String(r.total);
  $("device-timing").textContent = `answered in ${ms.toFixed(0)} ms`;
  lastPage = Math.max(1, Math.ceil(r.matched / r.pageSize));
  $("page-info").textContent = `page ${fmt(r.page)} of ${fmt(lastPage)}`;
  ($("page-prev") as HTMLButtonElement).disabled = page <= 1;
  ($("page-next") as HTMLButtonElement).disabled = page >= lastPage;
  const b = tbody("devices-table");
  for (const d of r.rows) {
    const tr = b.insertRow();
    cell(tr, d.deviceName);
    cell(tr, d.nickname);
    cell(tr, d.status);
    cell(tr, d.iotId);
    cell(tr, d.gateway);
    cell(tr, d.subDevices || "", "num");
    cell(tr, d.gmtCreate.replace("T", " ").slice(0, 19));
  }
}

export function initFleet(): void {
  let timer: number | undefined;
  const search = (): void => {
    page = 1;
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void loadDevices(), 150);
  };
  const form = $("device-search") as HTMLFormElement;
  form.addEventListener("input", search);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    search();
  });
  $("page-prev").onclick = () => {
    page = Math.max(1, page - 1);
    void loadDevices();
  };
  $("page-next").onclick = () => {
    page = Math.min(lastPage, page + 1);
    void loadDevices();
  };
}
