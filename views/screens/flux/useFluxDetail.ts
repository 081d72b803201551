/**
 * The Flux drill-down for the live state of one object: its row, the why-chain walked over the
 * live rows of its cluster (no extra reads), and the revisions and Events read on demand — again
 * whenever the object changes (a new row object from the watch), dropping answers that come late.
 */
import { useEffect, useMemo, useState } from 'react';
import { errorReason, type FleetState, type FluxObjectAddress } from '../../../src/fleet/index.js';
import { explainWhy, refString, type FluxRow } from '../../../src/flux/index.js';
import { useLineScroll } from '../../scroll-model.js';
import type { Line } from '../../segments.js';
import type { FluxScreenActions } from '../../types.js';
import { isProgressOf, type FluxRowProgress } from './flux-cells.js';
import { fluxDetailLines, type DetailRead } from './flux-detail-lines.js';

export interface FluxDetailOptions {
  state: FleetState;
  target: FluxObjectAddress | undefined;
  progress: FluxRowProgress | undefined;
  actions: FluxScreenActions | undefined;
  width: number;
  height: number;
}

const NO_ACTIONS: DetailRead = { state: 'error', error: 'this dashboard was started without Flux reads' };

export function useFluxDetail({ state, target, progress, actions, width, height }: FluxDetailOptions) {
  const rows = state.flux?.rows;
  const cluster = target?.cluster;
  // Built only while a detail is open: one map of the cluster's rows for the why-walk.
  const byRef = useMemo(() => {
    const m = new Map<string, FluxRow>();
    if (cluster === undefined) return m;
    for (const r of rows ?? []) if (r.cluster === cluster) m.set(refString(r), r);
    return m;
  }, [rows, cluster]);
  const row = target ? byRef.get(refString(target)) : undefined;
  const key = target ? `${target.cluster}|${refString(target)}` : '';
  const [read, setRead] = useState<{ key: string; read: DetailRead } | undefined>(undefined);

  // Read on opening, and again whenever the watch hands a new row object (the object changed);
  // a read that is not back yet when the next starts is dropped. `key` names the target.
  useEffect(() => {
    if (!target) return;
    if (!actions) {
      setRead({ key, read: NO_ACTIONS });
      return;
    }
    let current = true;
    // Keep showing the previous answer for the same object while the next one is on its way.
    setRead((prev) => (prev?.key === key ? prev : { key, read: { state: 'loading' } }));
    actions.detail(target).then(
      (detail) => current && setRead({ key, read: { state: 'ok', detail } }),
      (e: unknown) => current && setRead({ key, read: { state: 'error', error: errorReason(e) } }),
    );
    return () => {
      current = false;
    };
  }, [key, row, actions]);

  const now = state.at;
  const lines = useMemo((): Line[] => {
    if (!target) return [];
    const clusterIndex = state.clusters.findIndex((c) => c.name === target.cluster);
    const why = row ? explainWhy((ref) => byRef.get(ref), row, { now }) : undefined;
    const shownRead: DetailRead = read?.key === key ? read.read : { state: 'loading' };
    // An action running on another object (started from the table) is not this one's.
    const own = isProgressOf(progress, target) ? progress : undefined;
    return fluxDetailLines({ target, clusterIndex, row, why, read: shownRead, ...(own ? { progress: own } : {}), lookup: (ref) => byRef.get(ref), now, width });
  }, [target, key, row, byRef, read, progress, now, width, state.clusters]);
  const scroll = useLineScroll(lines.length, height);
  return { visible: lines.slice(scroll.offset, scroll.offset + height), command: scroll.command };
}
