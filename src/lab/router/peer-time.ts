/** How FRR and gobgp express a neighbor's time in its current state, derived from the twin's model. */
import type { RouterNeighbor } from './types.js';

export interface PeerTime {
  /** Down and never Established: FRR prints `never`, gobgp has no uptime. */
  neverUp: boolean;
  /** Whole seconds in the current state (FRR computes uptime in seconds, then ×1000 for *Msec). */
  seconds: number;
}

export function peerTime(n: RouterNeighbor, nowMs: number): PeerTime {
  const neverUp = n.state !== 'Established' && n.connectionsEstablished === 0;
  return { neverUp, seconds: Math.max(0, Math.floor((nowMs - n.stateSinceMs) / 1000)) };
}

const DAY = 86_400;

/**
 * FRR bgpd.c peer_uptime(): `never`, then hh:mm:ss below a day, `NdHHhMMm` below a week,
 * `NNwNdHHh` below a year, else `NNyNNwNd` — fields taken from gmtime() of the uptime.
 */
export function frrUptime(t: PeerTime): string {
  if (t.neverUp) return 'never';
  const s = t.seconds;
  const d = new Date(s * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  const hour = d.getUTCHours();
  const min = d.getUTCMinutes();
  const yday = Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / (DAY * 1000));
  if (s < DAY) return `${two(hour)}:${two(min)}:${two(d.getUTCSeconds())}`;
  if (s < 7 * DAY) return `${yday}d${two(hour)}h${two(min)}m`;
  const weeks = Math.floor(yday / 7);
  if (s < 365 * DAY) return `${two(weeks)}w${yday - weeks * 7}d${two(hour)}h`;
  return `${two(d.getUTCFullYear() - 1970)}y${two(weeks)}w${yday - weeks * 7}d`;
}

/** Split a message total into OPEN / UPDATE / KEEPALIVE the way a quiet session accrues them. */
export function messageSplit(total: number, prefixes: number): { open: number; update: number; keepalive: number } {
  const open = Math.min(1, total);
  const update = Math.min(prefixes > 0 ? Math.max(1, Math.ceil(prefixes / 2)) : 0, total - open);
  return { open, update, keepalive: total - open - update };
}
