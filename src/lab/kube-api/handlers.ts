/**
 * The verbs on a resource route: list, get, create, update, patch, delete, deletecollection, with
 * the status-subresource split (the main resource ignores .status, …/status changes only .status),
 * optimistic locking on resourceVersion, and the Status errors the real server returns.
 */
import { parse as parseYaml } from 'yaml';
import { alreadyExists, badRequest, conflict, invalid, notFound, unprocessable, unsupportedMediaType } from './api-status.js';
import { apiVersionOf } from './catalog.js';
import { applyJsonPatch, applyMergePatch, PatchError } from './patch.js';
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector, SelectorError } from './selectors.js';
import { tableJson, type IncludeObject } from './table.js';
import type { KubeObject, ObjectStore, ResourceType } from './types.js';
import { validateObject } from './validation.js';
import { listJson, objectJson, type ListMeta } from './wire.js';

export interface ObjectRoute {
  type: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
}

export interface Reply {
  status: number;
  body: string;
}

export interface Rendering {
  /** meta.k8s.io/v1 (or v1beta1) when the client asked for a Table. */
  table?: string;
  includeObject: IncludeObject;
  now: number;
}

const MERGE = 'application/merge-patch+json';
const JSON_PATCH = 'application/json-patch+json';
const STRATEGIC = 'application/strategic-merge-patch+json';
const APPLY = 'application/apply-patch+yaml';

export function selectorsFrom(q: URLSearchParams, t: ResourceType): { labels: ReturnType<typeof parseLabelSelector>; fields: ReturnType<typeof parseFieldSelector> } {
  try {
    return { labels: parseLabelSelector(q.get('labelSelector') ?? ''), fields: parseFieldSelector(q.get('fieldSelector') ?? '', t.kind) };
  } catch (e) {
    throw badRequest(e instanceof SelectorError ? e.message : String(e));
  }
}

function render(t: ResourceType, items: KubeObject[], meta: ListMeta, r: Rendering): string {
  if (r.table) return tableJson(t, items, { now: r.now, includeObject: r.includeObject, tableApiVersion: r.table, meta });
  return listJson(apiVersionOf(t), t.kind, meta, items);
}

const encodeContinue = (rv: string, start: string): string => Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: Number(rv), start })).toString('base64');

function decodeContinue(token: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { start?: unknown };
    if (typeof parsed.start !== 'string') throw new Error('no start key');
    return parsed.start;
  } catch {
    throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
}

const keyOf = (o: KubeObject): string => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

/** GET on a collection. Pages with `limit`/`continue` in key order, as kubectl's chunked lists expect. */
export function listObjects(store: ObjectStore, route: ObjectRoute, q: URLSearchParams, r: Rendering): Reply {
  const t = route.type;
  const { labels, fields } = selectorsFrom(q, t);
  const rv = store.resourceVersion();
  let items = store.list(apiVersionOf(t), t.kind, route.namespace);
  if (labels.length || fields.length) items = items.filter((o) => matchesLabels(labels, o.metadata.labels) && matchesFields(fields, o));
  const cont = q.get('continue');
  if (cont) {
    const start = decodeContinue(cont);
    items = items.filter((o) => keyOf(o) >= start);
  }
  const limit = Number(q.get('limit') ?? 0);
  const meta: ListMeta = { resourceVersion: rv };
  if (limit > 0 && items.length > limit) {
    const last = items[limit - 1] as KubeObject;
    meta.continue = encodeContinue(rv, `${keyOf(last)}\u0000`);
    meta.remainingItemCount = items.length - limit;
    items = items.slice(0, limit);
  }
  return { status: 200, body: render(t, items, meta, r) };
}

function existing(store: ObjectStore, route: ObjectRoute): KubeObject {
  const t = route.type;
  const o = store.get(apiVersionOf(t), t.kind, route.namespace, route.name as string);
  if (!o) throw notFound(t, route.name as string);
  return o;
}

export function getObject(store: ObjectStore, route: ObjectRoute, r: Rendering): Reply {
  const o = existing(store, route);
  if (r.table) return { status: 200, body: tableJson(route.type, [o], { now: r.now, includeObject: r.includeObject, tableApiVersion: r.table, meta: { resourceVersion: o.metadata.resourceVersion ?? '' } }) };
  return { status: 200, body: objectJson(o) };
}

function parseBody(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch (e) {
    throw badRequest(`the body of the request could not be decoded: ${(e as Error).message}`);
  }
}

/** Checks a submitted object against the URL it was sent to (400s, like the real decoder). */
function incoming(route: ObjectRoute, raw: unknown): KubeObject {
  const t = route.type;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw badRequest('the body of the request must be a JSON object');
  const o = raw as KubeObject;
  if (!o.kind) throw badRequest(`Object 'Kind' is missing in '${JSON.stringify(raw).slice(0, 200)}'`);
  if (o.kind !== t.kind) throw badRequest(`the kind in the data (${o.kind}) does not match the expected kind (${t.kind})`);
  if (o.apiVersion !== apiVersionOf(t)) throw badRequest(`the API version in the data (${String(o.apiVersion)}) does not match the expected API version (${apiVersionOf(t)})`);
  const meta = (o.metadata ??= { name: '' });
  if (t.namespaced) {
    if (meta.namespace && route.namespace && meta.namespace !== route.namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    meta.namespace = route.namespace ?? meta.namespace;
  } else delete meta.namespace;
  if (route.name !== undefined && meta.name !== route.name) {
    throw badRequest(`the name of the object (${String(meta.name)}) does not match the name on the URL (${route.name})`);
  }
  return o;
}

function checkValid(t: ResourceType, o: KubeObject): void {
  const causes = validateObject(t, o);
  if (causes.length) throw invalid(t, String(o.metadata?.name ?? ''), causes);
}

function checkNamespace(store: ObjectStore, route: ObjectRoute): void {
  if (!route.type.namespaced || !route.namespace) return;
  const nsType = store.typeFor('v1', 'Namespace');
  if (nsType && !store.get('v1', 'Namespace', undefined, route.namespace)) throw notFound(nsType, route.namespace);
}

const GENERATE = 'bcdfghjklmnpqrstvwxz2456789';
const suffix = (): string => Array.from({ length: 5 }, () => GENERATE[Math.floor(Math.random() * GENERATE.length)]).join('');

export function createObject(store: ObjectStore, route: ObjectRoute, rawBody: string, dryRun: boolean): Reply {
  const t = route.type;
  const o = incoming({ ...route, name: undefined } as ObjectRoute, parseBody(rawBody));
  if (!o.metadata.name && typeof o.metadata.generateName === 'string') o.metadata.name = `${o.metadata.generateName}${suffix()}`;
  checkValid(t, o);
  checkNamespace(store, { ...route, namespace: o.metadata.namespace });
  if (store.get(apiVersionOf(t), t.kind, o.metadata.namespace, o.metadata.name)) throw alreadyExists(t, o.metadata.name);
  // The server owns these; a status sent on create is dropped when status is a subresource.
  for (const k of ['uid', 'resourceVersion', 'creationTimestamp', 'generation', 'deletionTimestamp']) delete o.metadata[k];
  if (t.statusSubresource) delete o.status;
  if (dryRun) return { status: 201, body: JSON.stringify(o) };
  return { status: 201, body: objectJson(store.upsert(o)) };
}

/** Applies the subresource rule, the resourceVersion precondition and validation, then stores. */
function commitUpdate(store: ObjectStore, route: ObjectRoute, old: KubeObject, next: KubeObject, requireRv: boolean, dryRun: boolean): Reply {
  const t = route.type;
  const rv = next.metadata?.resourceVersion;
  if (requireRv && (rv === undefined || rv === '')) {
    throw invalid(t, old.metadata.name, [{ field: 'metadata.resourceVersion', message: 'Invalid value: 0x0: must be specified for an update' }]);
  }
  if (rv !== undefined && rv !== '' && rv !== old.metadata.resourceVersion) throw conflict(t, old.metadata.name);
  if (next.metadata?.name !== old.metadata.name) {
    throw invalid(t, old.metadata.name, [{ field: 'metadata.name', message: `Invalid value: "${String(next.metadata?.name)}": field is immutable` }]);
  }
  let result: KubeObject;
  if (route.subresource === 'status') {
    result = { ...old, status: next.status } as KubeObject;
    if (next.status === undefined) delete result.status;
  } else {
    result = { ...next, metadata: { ...next.metadata, namespace: old.metadata.namespace } } as KubeObject;
    if (t.statusSubresource) {
      if (old.status === undefined) delete result.status;
      else result.status = old.status;
    }
  }
  result.apiVersion = old.apiVersion;
  result.kind = old.kind;
  checkValid(t, result);
  if (dryRun) return { status: 200, body: JSON.stringify(result) };
  return { status: 200, body: objectJson(store.upsert(result)) };
}

export function replaceObject(store: ObjectStore, route: ObjectRoute, rawBody: string, dryRun: boolean): Reply {
  const next = incoming(route, parseBody(rawBody));
  return commitUpdate(store, route, existing(store, route), next, true, dryRun);
}

function patchedObject(t: ResourceType, old: KubeObject, contentType: string, rawBody: string): KubeObject {
  try {
    if (contentType === MERGE || (contentType === STRATEGIC && builtIn(t))) {
      // Strategic merge is only served for built-in kinds (core, batch, apps…), never for custom
      // resources; for the few list fields the lab's built-in objects carry, treating it as a JSON
      // merge patch is what kubectl's default patches (and a second `kubectl apply`) need.
      return applyMergePatch(old, parseBody(rawBody)) as KubeObject;
    }
    if (contentType === JSON_PATCH) return applyJsonPatch(old, parseBody(rawBody)) as KubeObject;
    if (contentType === APPLY) return applyMergePatch(old, parseYaml(rawBody)) as KubeObject;
  } catch (e) {
    if (e instanceof PatchError) throw e.kind === 'malformed' ? badRequest(e.message) : unprocessable(e.message);
    throw e;
  }
  const accepted = [JSON_PATCH, MERGE, APPLY];
  throw unsupportedMediaType(builtIn(t) ? [...accepted, STRATEGIC] : accepted);
}

/** Kubernetes' own API groups: the legacy core group and the unqualified or *.k8s.io ones. */
const builtIn = (t: ResourceType) => t.group === '' || !t.group.includes('.') || t.group.endsWith('.k8s.io');

export function patchObject(store: ObjectStore, route: ObjectRoute, contentType: string, rawBody: string, dryRun: boolean): Reply {
  const t = route.type;
  const old = store.get(apiVersionOf(t), t.kind, route.namespace, route.name as string);
  if (!old && contentType === APPLY && route.subresource === undefined) {
    // Server-side apply of a new object is a create (without field ownership, which the lab omits).
    const body = parseYaml(rawBody) as KubeObject;
    return { ...createObject(store, route, JSON.stringify(incoming(route, body)), dryRun) };
  }
  if (!old) throw notFound(t, route.name as string);
  const next = patchedObject(t, old, contentType, rawBody);
  if (!next || typeof next !== 'object' || Array.isArray(next)) throw unprocessable('the patched object is not a JSON object');
  return commitUpdate(store, route, old, next, false, dryRun);
}

function deleteOne(store: ObjectStore, t: ResourceType, o: KubeObject): void {
  // Deleting a namespace removes what is in it (the real one goes through Terminating first).
  if (t.group === '' && t.kind === 'Namespace') {
    for (const other of store.types().filter((x) => x.namespaced)) {
      for (const child of store.list(apiVersionOf(other), other.kind, o.metadata.name)) store.delete(apiVersionOf(other), other.kind, child.metadata.namespace, child.metadata.name);
    }
  }
  store.delete(apiVersionOf(t), t.kind, o.metadata.namespace, o.metadata.name);
}

export function deleteObject(store: ObjectStore, route: ObjectRoute, dryRun: boolean): Reply {
  const t = route.type;
  const o = existing(store, route);
  if (!dryRun) deleteOne(store, t, o);
  const details = { name: o.metadata.name, ...(t.group ? { group: t.group } : {}), kind: t.plural, uid: o.metadata.uid };
  return { status: 200, body: JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details }) };
}

export function deleteCollection(store: ObjectStore, route: ObjectRoute, q: URLSearchParams, dryRun: boolean): Reply {
  const t = route.type;
  const { labels, fields } = selectorsFrom(q, t);
  const doomed = store.list(apiVersionOf(t), t.kind, route.namespace).filter((o) => matchesLabels(labels, o.metadata.labels) && matchesFields(fields, o));
  if (!dryRun) for (const o of doomed) deleteOne(store, t, o);
  return { status: 200, body: listJson(apiVersionOf(t), t.kind, { resourceVersion: store.resourceVersion() }, doomed) };
}
