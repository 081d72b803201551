/**
 * Reconcile, suspend and resume from the Flux screen, as requests the shell confirms (naming the
 * cluster and the object) and runs. What `plat flux` would refuse without asking the cluster is
 * said at once instead of behind a dialog; the stream is teed into the row's progress.
 */
import { confirmQuestion, fluxKind, refFromString, shortRef, type FluxRow } from '../../../src/flux/index.js';
import type { FluxActionRequest } from '../../../src/fleet/index.js';
import type { ActionEvent, FluxScreenActions, ScreenActionRequest } from '../../types.js';
import type { FluxRowProgress } from './flux-cells.js';

export type FluxCommand = 'reconcile' | 'reconcile-source' | 'suspend' | 'resume';

export type FluxRequestOutcome = { request: ScreenActionRequest } | { refusal: string };

const verbOf = (c: FluxCommand): FluxActionRequest['action'] => (c === 'reconcile-source' ? 'reconcile' : c);

function refusal(command: FluxCommand, row: FluxRow, ref: string): string | undefined {
  if (command === 'suspend' && row.suspended) return `${ref} is already suspended`;
  if (command === 'resume' && !row.suspended) return `${ref} is not suspended: nothing to resume`;
  if (command === 'suspend' || command === 'resume') return undefined;
  if (fluxKind(row.kind).statusless) return `a ${row.kind} has no reconcile loop: reconcile the object that sends its events`;
  if (row.suspended) return `${ref} is suspended, so the controller would skip a reconcile: resume it first (U)`;
  if (command === 'reconcile-source' && !row.source) return `${ref} has no source to reconcile first: r reconciles it`;
  return undefined;
}

/** Follows `events`, telling `onProgress` each one and `undefined` when the stream ends. */
async function* teed(events: AsyncIterable<ActionEvent>, onProgress: (e: ActionEvent | undefined) => void): AsyncGenerator<ActionEvent> {
  try {
    for await (const e of events) {
      onProgress(e);
      yield e;
    }
  } finally {
    onProgress(undefined);
  }
}

function sourceName(row: FluxRow): string {
  const src = row.source ? refFromString(row.source) : undefined;
  return src ? shortRef(src) : (row.source ?? '');
}

export function fluxActionRequest(command: FluxCommand, row: FluxRow, actions: FluxScreenActions | undefined, onProgress: (p: FluxRowProgress | undefined) => void): FluxRequestOutcome {
  const ref = shortRef(row);
  const refused = refusal(command, row, ref);
  if (refused) return { refusal: refused };
  if (!actions) return { refusal: 'Flux actions are not available in this dashboard' };
  const action = verbOf(command);
  const req: FluxActionRequest = { action, cluster: row.cluster, kind: row.kind, namespace: row.namespace, name: row.name, ...(command === 'reconcile-source' ? { withSource: true } : {}) };
  const progress: FluxRowProgress = { cluster: row.cluster, kind: row.kind, namespace: row.namespace, name: row.name, verb: action };
  return {
    request: {
      kind: 'screen',
      cluster: row.cluster,
      verb: action,
      question: confirmQuestion(action, row.cluster, [ref], command === 'reconcile-source' ? ` (its source ${sourceName(row)} first)` : ''),
      label: `${action} ${ref} (${row.cluster})`,
      run: () => {
        onProgress(progress);
        return teed(actions.run(req), (e) => onProgress(e ? { ...progress, event: e } : undefined));
      },
    },
  };
}
