/** How a node's facts read in a cell: glyph + word + tone, the same in the table and the detail. */
import { humanDuration, type NodeState, type TalosServiceState } from '../../../src/fleet/index.js';
import type { Cell } from '../../table/table-model.js';

export function readyCell(n: NodeState): Cell {
  if (n.ready === undefined) return { text: '? unknown', tone: 'muted' };
  if (!n.ready) return { text: '✗ NotReady', tone: 'error' };
  if (n.cordoned) return { text: '▲ Cordoned', tone: 'warn' };
  return { text: '✓ Ready', tone: 'ok' };
}

export function stageCell(n: NodeState): Cell {
  if (!n.talosReachable || !n.stage) return { text: '? unknown', tone: 'muted' };
  if (n.stage === 'running') return { text: '✓ running', tone: 'ok' };
  return { text: `▲ ${n.stage}`, tone: 'warn' };
}

/**
 * Same rule as `plat nodes`: a service is unhealthy when not Running or its health check fails.
 * Services without a health check report `?` (e.g. `dashboard`); that is not a failure.
 */
export const serviceHealthy = (s: TalosServiceState): boolean => s.state === 'Running' && s.health !== 'Fail';

/** Uptime as `plat nodes` prints it (3d4h), or a dash when Talos did not say. */
export const uptimeText = (seconds: number | undefined): string =>
  seconds === undefined || !Number.isFinite(seconds) || seconds < 0 ? '—' : humanDuration(seconds);

export function unhealthyCell(n: NodeState): Cell {
  // The column is about Talos services: "unreachable" here means the Talos API did not answer.
  if (!n.talosReachable) return { text: '? unreachable', tone: 'error' };
  const bad = n.services.filter((s) => !serviceHealthy(s)).map((s) => s.id);
  return bad.length ? { text: bad.join(', '), tone: 'error' } : { text: '—', tone: 'muted' };
}

export const orDash = (s: string | undefined): Cell => (s ? { text: s } : { text: '—', tone: 'muted' });
