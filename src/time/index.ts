/** How plat writes durations and moments for people: short ages and "since HH:MM UTC (age ago)". */

/** 3d4h, 5h12m, 7m, 42s */
export function humanDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d}d${h}h`;
  if (h > 0) return `${h}h${m}m`;
  if (m > 0) return `${m}m`;
  return `${s}s`;
}

/** "since 11:58 UTC (3m ago)"; the date is added when it is not today. Clock-independent. */
export function sinceText(atMs: number, nowMs: number): string {
  const iso = new Date(atMs).toISOString();
  const day = new Date(nowMs).toISOString().slice(0, 10) === iso.slice(0, 10) ? '' : `${iso.slice(0, 10)} `;
  return `since ${day}${iso.slice(11, 16)} UTC (${humanDuration((nowMs - atMs) / 1000)} ago)`;
}

/** "12m ago (11:48 UTC)" for an RFC 3339 time; the input back when it does not parse. */
export function ago(iso: string, nowMs: number): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return `${humanDuration((nowMs - t) / 1000)} ago (${new Date(t).toISOString().slice(11, 16)} UTC)`;
}
