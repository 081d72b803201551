/** "since 11:58 UTC (3m ago)" for messages and tables: absolute time plus age, clock-independent. */

/** 3d4h, 5h12m, 7m, 42s */
export function shortDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d}d${h}h`;
  if (h > 0) return `${h}h${m}m`;
  if (m > 0) return `${m}m`;
  return `${s}s`;
}

export function sinceText(at: number, now: number): string {
  const iso = new Date(at).toISOString();
  const day = new Date(now).toISOString().slice(0, 10) === iso.slice(0, 10) ? '' : `${iso.slice(0, 10)} `;
  return `since ${day}${iso.slice(11, 16)} UTC (${shortDuration(now - at)} ago)`;
}
