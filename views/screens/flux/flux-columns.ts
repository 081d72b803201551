/**
 * The Flux table: one row per object of every cluster, failing first (the snapshot's order), with
 * `flux get`'s columns. Below 80 columns KIND folds into the name (`ks/ns/name`); READY, SUSPENDED
 * and REVISION come at 120. The name gets the room the message can spare, the message the rest.
 *
 * 5,000 objects: a view row is kept per FluxRow object (the watch replaces only the rows whose
 * object changed), and its cells are cut once per layout, so a data change costs a lookup per
 * cell plus the since-times (the only cells that move with the clock).
 */
import { fluxKind, stateRank, type FluxRow, type FluxSnapshot } from '../../../src/flux/index.js';
import { gapFor, GUTTER, tierFor, type Cell, type ColumnDef } from '../../table/table-model.js';
import { cellWidth } from '../../text-layout.js';
import { isProgressOf, messageCell, pathFit, readyCell, stateCell, suspendedCell, type FluxRowProgress } from './flux-cells.js';
import { humanDuration } from '../../../src/time/index.js';

export interface FluxViewRow {
  row: FluxRow;
  clusterIndex: number;
  progress?: FluxRowProgress;
  /** Ready's lastTransitionTime, parsed once (NaN when there is none). */
  sinceMs: number;
  /** The cells that do not move with the clock, cut for `layout`. */
  cut?: { layout: string; cells: Record<string, Cell> };
}

const kept = new WeakMap<FluxRow, FluxViewRow>();

/** Rows once per data change (or progress event); unchanged objects keep their view row. */
export function fluxViewRows(snapshot: FluxSnapshot | undefined, clusters: readonly string[], progress?: FluxRowProgress): FluxViewRow[] {
  if (!snapshot) return [];
  const index = new Map(clusters.map((c, i) => [c, i]));
  return snapshot.rows.map((row) => {
    const clusterIndex = index.get(row.cluster) ?? -1;
    const sinceOf = () => (row.since ? Date.parse(row.since) : NaN);
    if (isProgressOf(progress, row)) return { row, clusterIndex, progress, sinceMs: sinceOf() };
    let v = kept.get(row);
    if (!v || v.clusterIndex !== clusterIndex) kept.set(row, (v = { row, clusterIndex, sinceMs: sinceOf() }));
    return v;
  });
}

const short = (r: FluxRow): string => fluxKind(r.kind).short;
/** Kubernetes names (DNS-1123), kinds, revisions and cluster names are ASCII: one cell per char. */
const asciiWidth = (s: string): number => s.length;
/** At least the title plus the sort mark, as placeColumns sizes a column. */
const room = (c: { title: string; width: number }): number => Math.max(c.width, cellWidth(c.title) + 1);

/** `flux get`'s SINCE as plat prints ages (row-order.ts sinceSeconds, on the parsed time). */
const sinceText = (v: FluxViewRow, now: number): Cell => (Number.isNaN(v.sinceMs) ? { text: '—', tone: 'muted' } : { text: humanDuration(Math.max(0, (now - v.sinceMs) / 1000)) });

export function fluxColumns(rows: readonly FluxViewRow[], width: number, now: number): ColumnDef<FluxViewRow>[] {
  const tier = tierFor(width);
  const widest = (pick: (r: FluxRow) => string, min: number, max: number) => {
    let w = min;
    for (const v of rows) w = Math.max(w, asciiWidth(pick(v.row)));
    return Math.min(max, w);
  };
  const nameText = tier === 1 ? (r: FluxRow) => `${short(r)}/${r.namespace}/${r.name}` : (r: FluxRow) => `${r.namespace}/${r.name}`;
  const widths = { cluster: widest((r) => r.cluster, 7, 16), kind: widest(short, 4, 8), revision: widest((r) => r.revision, 8, 20) };

  const cached = (id: string) => (v: FluxViewRow) => cellsOf(v)[id]!;
  const cluster: ColumnDef<FluxViewRow> = { id: 'cluster', title: 'CLUSTER', tier: 1, width: widths.cluster, cell: cached('cluster') };
  const kind: ColumnDef<FluxViewRow> = { id: 'kind', title: 'KIND', tier: 1, width: widths.kind, cell: cached('kind') };
  const state: ColumnDef<FluxViewRow> = { id: 'state', title: 'STATE', tier: 1, width: 13, cell: cached('state'), sortKey: (v) => stateRank(v.row.state) };
  const ready: ColumnDef<FluxViewRow> = { id: 'ready', title: 'READY', tier: 1, width: 7, cell: cached('ready') };
  const suspended: ColumnDef<FluxViewRow> = { id: 'suspended', title: 'SUSPENDED', tier: 1, width: 9, cell: cached('suspended') };
  const revision: ColumnDef<FluxViewRow> = { id: 'revision', title: 'REVISION', tier: 1, width: widths.revision, cell: cached('revision') };
  const since: ColumnDef<FluxViewRow> = { id: 'since', title: 'SINCE', tier: 1, width: 6, align: 'right', cell: (v) => sinceText(v, now), sortKey: (v) => (Number.isNaN(v.sinceMs) ? -1 : now - v.sinceMs) };
  const message: ColumnDef<FluxViewRow> = { id: 'message', title: 'MESSAGE', tier: 1, width: 8, grow: true, cell: cached('message') };

  const others = tier === 1 ? [cluster, state, since] : tier === 2 ? [cluster, kind, state, since] : [cluster, kind, state, ready, suspended, revision, since];
  // Whatever the message can spare beyond a readable minimum goes to the name.
  const minMessage = tier === 1 ? 8 : 14;
  const spare = width - GUTTER - others.reduce((n, c) => n + room(c), 0) - gapFor(width) * (others.length + 1) - minMessage;
  const nameTitle = tier === 1 ? 'NAME' : 'NAMESPACE/NAME';
  const nameWidth = Math.max(12, cellWidth(nameTitle) + 1, Math.min(widest(nameText, 4, 64), spare));
  const name: ColumnDef<FluxViewRow> = { id: 'name', title: nameTitle, tier: 1, width: nameWidth, cell: cached('name') };

  const layout = `${tier}|${nameWidth}|${widths.revision}`;
  function cellsOf(v: FluxViewRow): Record<string, Cell> {
    if (v.cut?.layout === layout) return v.cut.cells;
    const r = v.row;
    const cells: Record<string, Cell> = {
      cluster: { text: r.cluster, clusterIndex: v.clusterIndex },
      kind: { text: short(r) },
      // The end of a name tells objects apart (app-00017 vs app-00018): cut the namespace, not the name.
      name: { text: pathFit(nameText(r), nameWidth, tier === 1 ? `${short(r)}/` : ''), bold: true },
      state: stateCell(r, v.progress),
      ready: readyCell(r),
      suspended: suspendedCell(r),
      revision: r.revision ? { text: pathFit(r.revision, widths.revision) } : { text: '—', tone: 'muted' },
      message: messageCell(r, v.progress),
    };
    // A row with an action's progress is rebuilt per event; only settled rows keep their cut.
    if (!v.progress) v.cut = { layout, cells };
    return cells;
  }

  const [first, ...rest] = others;
  const lead = tier === 1 ? [first!, name] : [first!, rest[0]!, name];
  return [...lead, ...others.slice(lead.length - 1), message];
}
