/** Small DOM helpers: every text goes through textContent (no HTML injection from device names). */
export function $(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} missing`);
  return el;
}

export function cell(tr: HTMLTableRowElement, text: string | number | null, cls?: string): HTMLTableCellElement {
  const td = tr.insertCell();
  td.textContent = text === null ? "—" : String(text);
  if (cls) td.className = cls;
  return td;
}

export function tbody(tableId: string): HTMLTableSectionElement {
  const t = $(tableId) as HTMLTableElement;
  const b = t.tBodies[0];
  b.replaceChildren();
  return b;
}

export const fmt = (n: number): string => n.toLocaleString("en-US");
