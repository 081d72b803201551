/**
 * How Flux states read and sort: glyph + word + theme token for every state (STYLE.md), and
 * "failing first" — what needs a human (Stalled), then what failed, what waits on something else,
 * what has not run yet, what is running, what was switched off, then the healthy rest. Pure.
 */
import { kindOrder } from './kinds.js';
import type { FluxRow, FluxState } from './model.js';
import { compareText } from '../conventions/index.js';

export type FluxTone = 'ok' | 'warn' | 'error' | 'pending' | 'muted';

export interface FluxStateLook {
  glyph: string;
  word: string;
  tone: FluxTone;
}

const LOOKS: Record<FluxState, FluxStateLook> = {
  Stalled: { glyph: '✗', word: 'Stalled', tone: 'error' },
  Failed: { glyph: '✗', word: 'Failed', tone: 'error' },
  Blocked: { glyph: '✗', word: 'Blocked', tone: 'warn' },
  Pending: { glyph: '…', word: 'Pending', tone: 'pending' },
  Progressing: { glyph: '…', word: 'Reconciling', tone: 'pending' },
  Suspended: { glyph: '‖', word: 'Suspended', tone: 'muted' },
  Deleting: { glyph: '…', word: 'Deleting', tone: 'muted' },
  Ready: { glyph: '✓', word: 'Ready', tone: 'ok' },
};

export const stateLook = (s: FluxState): FluxStateLook => LOOKS[s];

const RANK: Record<FluxState, number> = { Stalled: 0, Failed: 1, Blocked: 2, Pending: 3, Progressing: 4, Suspended: 5, Deleting: 6, Ready: 7 };

export const stateRank = (s: FluxState): number => RANK[s];

export function compareFailingFirst(clusterOrder: readonly string[]): (a: FluxRow, b: FluxRow) => number {
  return (a, b) =>
    RANK[a.state] - RANK[b.state] ||
    clusterOrder.indexOf(a.cluster) - clusterOrder.indexOf(b.cluster) ||
    kindOrder(a.kind) - kindOrder(b.kind) ||
    compareText(a.namespace, b.namespace) ||
    compareText(a.name, b.name);
}

/** Seconds in the current Ready state, or undefined when there is no Ready condition. */
export function sinceSeconds(row: Pick<FluxRow, 'since'>, nowMs: number): number | undefined {
  if (!row.since) return undefined;
  const t = Date.parse(row.since);
  return Number.isNaN(t) ? undefined : Math.max(0, Math.floor((nowMs - t) / 1000));
}
