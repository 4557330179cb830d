/** Renders seconds for people: "45 s", "33 min 20 s", "2 h 5 min" (rounded up to the shown unit). */
export function formatDuration(seconds: number): string {
  const s = Math.ceil(Math.max(0, seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) {
    const m = Math.floor(s / 60);
    const rest = s % 60;
    return rest === 0 ? `${m} min` : `${m} min ${rest} s`;
  }
  const totalMinutes = Math.ceil(s / 60);
  const h = Math.floor(totalMinutes / 60);
  const m = totalMinutes % 60;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}
