import uPlot from "uplot";
import { getJson } from "./api";
import { cell, fmt, tbody } from "./dom";
import type { QuotaAction, QuotaView } from "./types";

/**
 * The live quota view: a table of every action's counters and one uPlot chart per action that was
 * called — calls/s, throttled/s and the quota as a dashed line — over the last 30 seconds.
 */
const charts = new Map<string, uPlot>();

function chartData(a: QuotaAction): uPlot.AlignedData {
  const s = a.series;
  return [s.seconds, s.calls, s.throttled, s.seconds.map(() => a.qps)];
}

function makeChart(a: QuotaAction, host: HTMLElement): uPlot {
  const div = document.createElement("div");
  div.className = "chart";
  div.dataset.action = a.action;
  host.append(div);
  const opts: uPlot.Options = {
    title: a.action,
    width: 420,
    height: 180,
    scales: { y: { range: (_u, _min, max) => [0, Math.max(max, (a.qps ?? 0) * 1.2, 1)] } },
    series: [
      {},
      { label: "calls/s", stroke: "#3b7dd8", width: 2, fill: "rgba(59,125,216,0.08)" },
      { label: "throttled/s", stroke: "#c62828", width: 2 },
      { label: "quota", stroke: "#ff6a00", dash: [6, 4], width: 1, points: { show: false } },
    ],
    legend: { live: false },
    // Clock time as mm:ss (the run is seconds long; the date row only crowds the axis).
    axes: [{ values: (_u, ticks) => ticks.map((t) => new Date(t * 1000).toISOString().slice(14, 19)) }, { label: "per second" }],
  };
  return new uPlot(opts, chartData(a), div);
}

export async function loadQuotas(): Promise<void> {
  const v = await getJson<QuotaView>("/_emulator/console/quota?seconds=30");
  const b = tbody("quota-table");
  const host = document.getElementById("quota-charts") as HTMLElement;
  for (const a of v.actions) {
    const tr = b.insertRow();
    tr.dataset.action = a.action;
    if ((a.throttled ?? 0) > 0) tr.className = "throttled";
    const last = a.series.calls[a.series.calls.length - 1] ?? 0;
    cell(tr, a.action);
    cell(tr, a.qps ?? "unlimited", "num");
    cell(tr, last, "num").dataset.field = "last";
    cell(tr, fmt(a.calls ?? 0), "num").dataset.field = "calls";
    cell(tr, fmt(a.throttled ?? 0), "num").dataset.field = "throttled";
    cell(tr, fmt(a.errors ?? 0), "num");
    cell(tr, a.maxCallsInAnyOneSecondWindow ?? 0, "num").dataset.field = "busiest";
    if (!(a.calls ?? 0)) continue;
    const chart = charts.get(a.action);
    if (chart) chart.setData(chartData(a));
    else charts.set(a.action, makeChart(a, host));
  }
  // Counters were reset: drop charts of actions that are gone.
  for (const [action, chart] of charts) {
    if (v.actions.some((a) => a.action === action && (a.calls ?? 0) > 0)) continue;
    chart.root.parentElement?.remove();
    chart.destroy();
    charts.delete(action);
  }
}
