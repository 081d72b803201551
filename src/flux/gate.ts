/**
 * The safety rules every Flux action passes before it changes anything (DESIGN.md): a read-only
 * cluster (`--readonly`, or `readOnly: true` in plat.yaml) refuses with GateRefused (exit 5), and
 * the confirmation names the cluster and every object that would change.
 */
import { GateRefused } from '../errors/index.js';
import type { FluxActionEvent } from './action-events.js';

export function checkFluxActionGate(opts: { action: FluxActionEvent['action']; cluster: string; readOnly: boolean; what: string }): void {
  if (!opts.readOnly) return;
  throw new GateRefused(`refusing to ${opts.action} ${opts.what}: cluster ${opts.cluster} is read-only; nothing was changed`, {
    hint: 'drop --readonly, or set readOnly: false for this cluster in plat.yaml',
  });
}

const VERB: Record<FluxActionEvent['action'], string> = { reconcile: 'Reconcile', suspend: 'Suspend', resume: 'Resume' };

/**
 * "Suspend 3 Kustomizations in cluster apps: ks/flux-system/a, ks/flux-system/b, ks/flux-system/c?"
 * Long lists keep the first names and say how many more.
 */
export function confirmQuestion(action: FluxActionEvent['action'], cluster: string, refs: readonly string[], extra = ''): string {
  const shown = refs.length > 12 ? [...refs.slice(0, 12), `and ${refs.length - 12} more`] : refs;
  const what = refs.length === 1 ? refs[0]! : `${refs.length} objects: ${shown.join(', ')}`;
  return `${VERB[action]} ${what} in cluster ${cluster}${extra}?`;
}
