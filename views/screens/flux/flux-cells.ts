/**
 * How a Flux object reads in a cell: plat's state as glyph + word + tone (src/flux stateLook),
 * `flux get`'s READY and SUSPENDED words, the message (or a running action's latest event), and
 * identities cut where they stay useful.
 */
import { stateLook, type FluxRow } from '../../../src/flux/index.js';
import type { Cell } from '../../table/table-model.js';
import { cellWidth } from '../../text-layout.js';
import type { ActionEvent } from '../../types.js';

/** The action running on one object and its latest event (shown in the row until it ends). */
export interface FluxRowProgress {
  cluster: string;
  kind: FluxRow['kind'];
  namespace: string;
  name: string;
  verb: string;
  event?: ActionEvent;
}

export const isProgressOf = (p: FluxRowProgress | undefined, r: Pick<FluxRow, 'cluster' | 'kind' | 'namespace' | 'name'>): boolean =>
  !!p && p.cluster === r.cluster && p.kind === r.kind && p.namespace === r.namespace && p.name === r.name;

export function stateCell(row: FluxRow, progress?: FluxRowProgress): Cell {
  if (progress) return { text: `► ${progress.verb}`, tone: 'pending' };
  const look = stateLook(row.state);
  return { text: `${look.glyph} ${look.word}`, tone: look.tone };
}

/*
 * READY and SUSPENDED are `flux get`'s words next to the STATE column that carries glyph, word and
 * colour; they are coloured only when they say something is off. Fewer colour changes per row is
 * also less for Ink to parse on every repaint (its output pass re-tokenizes each styled segment).
 */
export function readyCell(row: FluxRow): Cell {
  if (row.ready === 'True') return { text: 'True' };
  if (row.ready === 'Unknown') return { text: 'Unknown', tone: 'pending' };
  return { text: 'False', tone: row.state === 'Suspended' ? 'muted' : 'error' };
}

export const suspendedCell = (row: FluxRow): Cell => (row.suspended ? { text: 'True', tone: 'warn' } : { text: 'False' });

const TONE = { progress: 'pending', done: 'ok', error: 'error' } as const;

/** Ready's message on one line; while an action runs, its latest event instead. */
export function messageCell(row: FluxRow, progress?: FluxRowProgress): Cell {
  if (progress?.event) return { text: progress.event.message, tone: TONE[progress.event.type] };
  if (progress) return { text: `${progress.verb}: starting`, tone: 'pending' };
  const text = row.message.replace(/\s*\n\s*/g, ' ');
  return row.state === 'Ready' || row.state === 'Suspended' ? { text, tone: 'muted' } : { text };
}

/**
 * Cut a path-like text (`ns/name`, `refs/heads/main@sha1:…`) from the front, so its end survives:
 * that is where a name's own part and a revision's hash are. `keepHead` (a kind) stays in front.
 * A sliver of a segment (`…m/infra-configs`) says nothing, so that segment goes whole.
 */
export function pathFit(text: string, width: number, keepHead = ''): string {
  if (cellWidth(text) <= width) return text;
  const cut = tailFit(text, width, keepHead);
  const kept = cut.slice(keepHead.length + 1);
  const slash = kept.indexOf('/');
  return slash > 0 && slash < 4 ? `${keepHead}…${kept.slice(slash)}` : cut;
}

/** Keep the end: `…9578566b`. */
export function tailFit(text: string, width: number, keepHead = ''): string {
  if (cellWidth(text) <= width) return text;
  const room = width - cellWidth(keepHead) - 1;
  if (room < 4) return [...text].slice(0, Math.max(0, width - 1)).join('') + '…';
  return `${keepHead}…${[...text].slice(-room).join('')}`;
}
