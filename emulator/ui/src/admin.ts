import { getJson, sendJson } from "./api";
import { $, cell, tbody } from "./dom";

/** The explicit admin actions: resets and fault injection, through /_emulator/reset and /_emulator/faults. */
interface Fault {
  id: number;
  action: string;
  remaining?: number | null;
  count?: number;
  code?: string;
  httpStatus?: number;
  latencyMs?: number;
}

const PRESETS: Record<string, Record<string, unknown>> = {
  throttle: { code: "Throttling.User", httpStatus: 400 },
  unavailable: { code: "ServiceUnavailable", httpStatus: 503 },
  latency: { latencyMs: 2000 },
};

function show(result: unknown): void {
  $("admin-result").textContent = typeof result === "string" ? result : JSON.stringify(result, null, 2);
}

export async function loadFaults(): Promise<void> {
  const r = await getJson<{ faults: Fault[] }>("/_emulator/faults");
  const b = tbody("faults-table");
  for (const f of r.faults) {
    const tr = b.insertRow();
    cell(tr, f.id);
    cell(tr, f.action);
    cell(tr, f.code ? `${f.code} (HTTP ${f.httpStatus ?? ""})` : `+${f.latencyMs ?? 0} ms`);
    cell(tr, f.remaining === null || f.count === 0 ? "every call" : String(f.remaining ?? f.count ?? ""));
    const btn = document.createElement("button");
    btn.textContent = "Remove";
    btn.onclick = async () => {
      show(await sendJson("DELETE", `/_emulator/faults/${f.id}`));
      await loadFaults();
    };
    tr.insertCell().append(btn);
  }
}

export function initAdmin(actions: () => string[], refresh: () => void): void {
  for (const btn of document.querySelectorAll<HTMLButtonElement>("button[data-reset]")) {
    btn.onclick = async () => {
      const scope = btn.dataset.reset as string;
      if (scope === "state" && !window.confirm("Delete every product, device, topology relation, driver and version in this emulator?")) return;
      show(await sendJson("POST", `/_emulator/reset?scope=${encodeURIComponent(scope)}`));
      refresh();
    };
  }
  const form = $("fault-form") as HTMLFormElement;
  const sel = $("fault-action") as HTMLSelectElement;
  sel.replaceChildren(...["*", ...actions()].map((a) => Object.assign(document.createElement("option"), { value: a, textContent: a === "*" ? "every action" : a })));
  form.onsubmit = async (e) => {
    e.preventDefault();
    const data = new FormData(form);
    const spec = { action: String(data.get("action")), count: Number(data.get("count")), ...PRESETS[String(data.get("preset"))] };
    try {
      show(await sendJson("POST", "/_emulator/faults", spec));
    } catch (err) {
      show((err as Error).message);
    }
    await loadFaults();
  };
}
