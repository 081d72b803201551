/**
 * Shared reading of Kubernetes objects as the API returns them (JSON): name, labels,
 * annotations and metav1.Condition lists, with a ParseError naming the list call on a bad shape.
 */
import { z } from 'zod';
import { ParseError, excerpt } from '../../errors/index.js';

export const conditionSchema = z.looseObject({
  type: z.string(),
  status: z.string(),
  reason: z.string().optional(),
  message: z.string().optional(),
  lastTransitionTime: z.string().optional(),
});
export type KubeCondition = z.infer<typeof conditionSchema>;

export const metadataSchema = z.looseObject({
  name: z.string(),
  namespace: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});

/** Validate one object; the error names the call (e.g. `list ciliumbgpnodeconfigs (cluster apps)`) and the object. */
export function readObject<T>(schema: z.ZodType<T>, obj: unknown, command: string): T {
  const r = schema.safeParse(obj);
  if (r.success) return r.data;
  const name = (obj as { metadata?: { name?: unknown } } | null)?.metadata?.name;
  const issue = r.error.issues[0];
  const path = issue && issue.path.length ? issue.path.map(String).join('.') : '(top level)';
  throw new ParseError(command, `${typeof name === 'string' ? name : 'an object'}: unexpected shape at ${path}: ${excerpt(issue?.message ?? 'invalid', 80)}`);
}

export function trueConditions(conditions: readonly KubeCondition[] | undefined, types: readonly string[]): string[] {
  return (conditions ?? [])
    .filter((c) => c.status === 'True' && types.includes(c.type))
    .map((c) => `${c.type.replace(/^cilium\.io\//, '')}${c.message ? `: ${c.message}` : ''}`);
}

export function conditionOf(conditions: readonly KubeCondition[] | undefined, type: string): KubeCondition | undefined {
  return (conditions ?? []).find((c) => c.type === type);
}
