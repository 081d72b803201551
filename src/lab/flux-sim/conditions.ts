/**
 * metav1.Condition handling as fluxcd/pkg/runtime/conditions does it: every write stamps the
 * object's generation, lastTransitionTime only moves when something about the condition changed,
 * and the list is ordered Stalled, Reconciling, Ready, then by observedGeneration and type.
 */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  observedGeneration?: number;
  lastTransitionTime: string;
}

const FIRST = ['Stalled', 'Reconciling', 'Ready'];

export function sortConditions(list: Condition[]): Condition[] {
  return [...list].sort((a, b) => {
    const ia = FIRST.indexOf(a.type);
    const ib = FIRST.indexOf(b.type);
    if (ia >= 0 || ib >= 0) return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
    return (b.observedGeneration ?? 0) - (a.observedGeneration ?? 0) || a.type.localeCompare(b.type);
  });
}

export function findCondition(list: unknown, type: string): Condition | undefined {
  return Array.isArray(list) ? (list as Condition[]).find((c) => c.type === type) : undefined;
}

export function setCondition(list: Condition[], c: Omit<Condition, 'lastTransitionTime'>, now: string): Condition[] {
  const old = list.find((x) => x.type === c.type);
  const same = old && old.status === c.status && old.reason === c.reason && old.message === c.message && old.observedGeneration === c.observedGeneration;
  const next: Condition = { ...c, lastTransitionTime: same ? old.lastTransitionTime : now };
  return sortConditions([...list.filter((x) => x.type !== c.type), next]);
}

export function removeCondition(list: Condition[], type: string): Condition[] {
  return list.filter((c) => c.type !== type);
}
