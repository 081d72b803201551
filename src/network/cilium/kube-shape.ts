/**
 * Shared reading of Kubernetes objects as the API returns them (JSON): name, labels,
 * annotations and metav1.Condition lists, with a ParseError naming the list call on a bad shape.
 */
import { ParseError } from '../../errors/index.js';
import { check, obj, opt, pathText, rec, str, type Infer, type Shape } from '../shape.js';

export const conditionSchema = obj({
  type: str(),
  status: str(),
  reason: opt(str()),
  message: opt(str()),
  lastTransitionTime: opt(str()),
});
export type KubeCondition = Infer<typeof conditionSchema>;

export const metadataSchema = obj({
  name: str(),
  namespace: opt(str()),
  labels: opt(rec(str())),
  annotations: opt(rec(str())),
});

/** Validate one object; the error names the call (e.g. `list ciliumbgpnodeconfigs (cluster apps)`) and the object. */
export function readObject<T>(schema: Shape<T>, value: unknown, command: string): T {
  const r = check(schema, value);
  if (r.ok) return r.value;
  const name = (value as { metadata?: { name?: unknown } } | null)?.metadata?.name;
  const path = r.path.length ? pathText(r.path) : '(top level)';
  throw new ParseError(command, `${typeof name === 'string' ? name : 'an object'}: unexpected shape at ${path}: ${r.message}`);
}

export function trueConditions(conditions: readonly KubeCondition[] | undefined, types: readonly string[]): string[] {
  return (conditions ?? [])
    .filter((c) => c.status === 'True' && types.includes(c.type))
    .map((c) => `${c.type.replace(/^cilium\.io\//, '')}${c.message ? `: ${c.message}` : ''}`);
}

export function conditionOf(conditions: readonly KubeCondition[] | undefined, type: string): KubeCondition | undefined {
  return (conditions ?? []).find((c) => c.type === type);
}
