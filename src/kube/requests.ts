/**
 * What plat asks a Kubernetes API server, as paths and queries, shared by both transports (node:https
 * and @kubernetes/client-node) so that core (`/api/v1`) and custom groups take one code path and
 * both clients page, watch and patch identically. Pure.
 */
import type { KubeList, ListOptions } from './types.js';

/** Items per list page: the apiserver serves later pages from the first page's snapshot. */
export const PAGE = 500;

export function resourcePath(group: string, version: string, plural: string, namespace?: string, name?: string): string {
  const base = group ? `/apis/${group}/${version}` : `/api/${version}`;
  return `${base}${namespace ? `/namespaces/${encodeURIComponent(namespace)}` : ''}/${plural}${name ? `/${encodeURIComponent(name)}` : ''}`;
}

function selectors(q: URLSearchParams, opts: ListOptions): URLSearchParams {
  if (opts.labelSelector) q.set('labelSelector', opts.labelSelector);
  if (opts.fieldSelector) q.set('fieldSelector', opts.fieldSelector);
  return q;
}

export function listPath(base: string, opts: ListOptions, cont: string): string {
  const q = new URLSearchParams({ limit: String(PAGE) });
  if (cont) q.set('continue', cont);
  return `${base}?${selectors(q, opts)}`;
}

export function watchPath(base: string, opts: ListOptions & { resourceVersion?: string; allowBookmarks?: boolean }): string {
  const q = new URLSearchParams({ watch: '1' });
  if (opts.resourceVersion) q.set('resourceVersion', opts.resourceVersion);
  if (opts.allowBookmarks !== false) q.set('allowWatchBookmarks', 'true');
  return `${base}?${selectors(q, opts)}`;
}

/** fieldManager must not start with "kubectl" or "flux": kustomize-controller would take the field over (flux.md §4.6). */
export const patchPath = (base: string): string => `${base}?fieldManager=plat`;

export interface ListPage<T> {
  items?: T[];
  metadata?: { resourceVersion?: string; continue?: string };
}

/** Follows `continue` tokens until the last page. */
export async function listAllPages<T>(base: string, opts: ListOptions, get: (path: string) => Promise<ListPage<T>>): Promise<KubeList<T>> {
  const items: T[] = [];
  let resourceVersion = '';
  let cont = '';
  do {
    const page = await get(listPath(base, opts, cont));
    items.push(...(page.items ?? []));
    // The first page's resourceVersion is the list's: later pages are served from that snapshot.
    resourceVersion ||= page.metadata?.resourceVersion ?? '';
    cont = page.metadata?.continue ?? '';
  } while (cont);
  return { items, resourceVersion };
}

/** host:port of a server URL for messages (the default port spelled out; never userinfo). */
export function serverAddress(server: string): string {
  try {
    const u = new URL(server);
    // URL keeps IPv6 hostnames bracketed, so host:port stays unambiguous.
    return `${u.hostname}:${u.port || (u.protocol === 'http:' ? '80' : '443')}`;
  } catch {
    return server.replace(/^[a-z]+:\/\//i, '').replace(/^[^@/]*@/, '');
  }
}
