/**
 * Maps a request path onto discovery documents or a resource route, the REST layout of
 * reference/flux.md §1: /apis/<group>/<version>[/namespaces/<ns>]/<plural>[/<name>[/status]],
 * /api/v1/… for the core group, and the legacy /…/watch/… prefix.
 */
import type { ResourceType } from './types.js';

export type Route =
  | { kind: 'api' }
  | { kind: 'apis' }
  | { kind: 'group'; group: string }
  | { kind: 'resources'; group: string; version: string }
  | { kind: 'object'; type: ResourceType; namespace?: string; name?: string; subresource?: string; watch: boolean }
  | { kind: 'notFound' };

function findType(types: ResourceType[], group: string, version: string, plural: string): ResourceType | undefined {
  return types.find((t) => t.group === group && t.version === version && t.plural === plural);
}

function resourceRoute(types: ResourceType[], group: string, version: string, rest: string[]): Route {
  let watch = false;
  if (rest[0] === 'watch') {
    watch = true;
    rest = rest.slice(1);
  }
  if (rest.length === 0) return { kind: 'resources', group, version };
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const t = findType(types, group, version, rest[2] as string);
    // /api/v1/namespaces/<ns>/status is the namespace's own status, not a resource called "status".
    if (t?.namespaced) {
      namespace = rest[1];
      rest = rest.slice(2);
    }
  }
  const [plural, name, subresource, ...extra] = rest;
  const type = findType(types, group, version, plural as string);
  if (!type || extra.length > 0) return { kind: 'notFound' };
  if (name !== undefined && type.namespaced && namespace === undefined) return { kind: 'notFound' };
  if (subresource !== undefined && (subresource !== 'status' || !type.statusSubresource)) return { kind: 'notFound' };
  return {
    kind: 'object',
    type,
    watch,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(subresource !== undefined ? { subresource } : {}),
  };
}

export function routeFor(pathname: string, types: ResourceType[]): Route {
  const segs = pathname.split('/').filter((s) => s !== '').map((s) => decodeURIComponent(s));
  if (segs[0] === 'api') {
    if (segs.length === 1) return { kind: 'api' };
    if (segs[1] !== 'v1') return { kind: 'notFound' };
    return resourceRoute(types, '', 'v1', segs.slice(2));
  }
  if (segs[0] === 'apis') {
    if (segs.length === 1) return { kind: 'apis' };
    const group = segs[1] as string;
    if (segs.length === 2) return types.some((t) => t.group === group) ? { kind: 'group', group } : { kind: 'notFound' };
    const version = segs[2] as string;
    if (!types.some((t) => t.group === group && t.version === version)) return { kind: 'notFound' };
    return resourceRoute(types, group, version, segs.slice(3));
  }
  return { kind: 'notFound' };
}
