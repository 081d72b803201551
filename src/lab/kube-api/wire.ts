/**
 * JSON bodies for objects and lists. Stored objects are frozen, so each one is serialised at most
 * once and its text reused by every list, get and watch event until the object changes: listing
 * 5,000 Kustomizations costs a string join, not 5,000 JSON.stringify calls.
 */
import type { KubeObject } from './types.js';

const cache = new WeakMap<object, string>();

export function objectJson(obj: KubeObject): string {
  let text = cache.get(obj);
  if (text === undefined) {
    text = JSON.stringify(obj);
    if (Object.isFrozen(obj)) cache.set(obj, text);
  }
  return text;
}

export interface ListMeta {
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

export function listJson(apiVersion: string, kind: string, meta: ListMeta, items: KubeObject[]): string {
  const parts = items.map(objectJson);
  return `{"apiVersion":${JSON.stringify(apiVersion)},"items":[${parts.join(',')}],"kind":${JSON.stringify(`${kind}List`)},"metadata":${JSON.stringify(meta)}}`;
}

export function watchEventJson(type: string, objectText: string): string {
  return `{"type":"${type}","object":${objectText}}\n`;
}
