/**
 * How `plat flux` prints: the `flux get` columns (NAME as `kind/name` like `flux get all`, hashes
 * already short) with the cluster first and two additions users ask for (flux2#3647: since when;
 * a state word with its glyph), cluster problems as lines under the table, and one plain line per
 * action event. Pure; colour comes in as a function.
 */
import { humanDuration } from '../time/index.js';
import type { FluxActionEvent } from './action-events.js';
import type { FluxClusterStatus, FluxRow } from './model.js';
import { stateLook, sinceSeconds, type FluxTone } from './row-order.js';

export interface FluxColumn {
  header: string;
  value: (row: FluxRow) => string;
}

export type Painter = (tone: FluxTone, text: string) => string;
const plain: Painter = (_t, s) => s;

export function getColumns(opts: { allNamespaces: boolean; now: number; paint?: Painter }): FluxColumn[] {
  const paint = opts.paint ?? plain;
  const cols: FluxColumn[] = [{ header: 'cluster', value: (r) => r.cluster }];
  if (opts.allNamespaces) cols.push({ header: 'namespace', value: (r) => r.namespace });
  cols.push(
    { header: 'name', value: (r) => `${r.kind.toLowerCase()}/${r.name}` },
    { header: 'revision', value: (r) => r.revision },
    { header: 'suspended', value: (r) => (r.suspended ? 'True' : 'False') },
    { header: 'ready', value: (r) => r.ready },
    {
      header: 'state',
      value: (r) => {
        const look = stateLook(r.state);
        return paint(look.tone, `${look.glyph} ${look.word}`);
      },
    },
    {
      header: 'since',
      value: (r) => {
        const s = sinceSeconds(r, opts.now);
        return s === undefined ? '-' : humanDuration(s);
      },
    },
    { header: 'message', value: (r) => r.message.replace(/\s*\n\s*/g, ' ') },
  );
  return cols;
}

/** One line per cluster that could not be read completely: what, why, what next. */
export function clusterProblemLines(statuses: readonly FluxClusterStatus[]): string[] {
  const out: string[] = [];
  for (const s of statuses) {
    if (s.state === 'unreachable') out.push(`✗ ${s.cluster}: unreachable, its Flux objects are not shown — ${s.error ?? 'no answer'}; check that the cluster is up and the kubeconfig points at it`);
    else if (s.state === 'error') out.push(`✗ ${s.cluster}: could not be read, its Flux objects are not shown — ${s.error ?? 'unknown error'}`);
    else if (s.state === 'partial') out.push(`▲ ${s.cluster}: some kinds could not be read (${s.error ?? ''}); the rows shown are incomplete`);
  }
  return out;
}

const MARK: Record<FluxActionEvent['type'], string> = { progress: '►', blocked: '…', done: '✔', skipped: '·', failed: '✗', timeout: '✗' };

/** `12:00:01 ✔ apps ks/flux-system/apps: applied revision main@sha1:1a2b3c4d` */
export function actionEventLine(e: FluxActionEvent): string {
  const hint = e.hint && (e.type === 'failed' || e.type === 'timeout') ? `\n         hint: ${e.hint}` : '';
  return `${e.at.slice(11, 19)} ${MARK[e.type]} ${e.cluster} ${e.ref}: ${e.message}${hint}`;
}
