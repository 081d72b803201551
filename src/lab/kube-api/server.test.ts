import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { createObjectStore } from './object-store.js';
import { startKubeApiServer } from './server.js';
import type { KubeApiServer, KubeObject } from './types.js';

interface Res {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: Record<string, unknown> & { items?: KubeObject[] };
}

function call(s: KubeApiServer, method: string, path: string, opts: { body?: unknown; contentType?: string; accept?: string; token?: string } = {}): Promise<Res> {
  const url = new URL(path, s.url);
  const body = opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
  const headers: Record<string, string> = {
    ...(body !== undefined ? { 'Content-Type': opts.contentType ?? 'application/json' } : {}),
    ...(opts.accept ? { Accept: opts.accept } : {}),
    ...(opts.token ? { Authorization: `Bearer ${opts.token}` } : {}),
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { method, headers, ...(s.caData ? { ca: Buffer.from(s.caData, 'base64') } : {}) }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, json: JSON.parse(text) as Res['json'] }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const KS_PATH = '/apis/kustomize.toolkit.fluxcd.io/v1';
const ks = (name: string, ns = 'flux-system', labels: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'Kustomization',
  metadata: { name, namespace: ns, labels },
  spec: { interval: '10m', path: `./${name}` },
  status: { conditions: [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message: 'Applied revision: main@sha1:1' }] },
});

let server: KubeApiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(objects: KubeObject[] = [], token?: string, clock = new ManualClock()): Promise<KubeApiServer> {
  const store = createObjectStore(undefined, { clock });
  for (const o of objects) store.upsert(o);
  server = await startKubeApiServer({ store, clusterName: 'infra', clock, ...(token ? { token } : {}) });
  return server;
}

describe('discovery', () => {
  it('serves /version, /api, /apis and APIResourceLists with verbs, short names, categories and status subresources', async () => {
    const s = await start();
    expect((await call(s, 'GET', '/version')).json).toMatchObject({ major: '1', minor: '34', gitVersion: 'v1.34.1' });
    s.setKubernetesVersion('v1.35.0');
    expect((await call(s, 'GET', '/version')).json.gitVersion).toBe('v1.35.0');
    expect((await call(s, 'GET', '/api')).json).toEqual({ kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: `127.0.0.1:${s.port}` }] });
    const groups = (await call(s, 'GET', '/apis', { accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json' })).json;
    expect(groups.kind).toBe('APIGroupList');
    const cilium = (groups.groups as { name: string; preferredVersion: unknown; versions: unknown[] }[]).find((g) => g.name === 'cilium.io');
    expect(cilium?.preferredVersion).toEqual({ groupVersion: 'cilium.io/v2', version: 'v2' });
    expect(cilium?.versions).toEqual([{ groupVersion: 'cilium.io/v2', version: 'v2' }, { groupVersion: 'cilium.io/v2alpha1', version: 'v2alpha1' }]);
    const list = (await call(s, 'GET', KS_PATH)).json;
    expect(list.resources).toEqual([
      { name: 'kustomizations', singularName: 'kustomization', namespaced: true, kind: 'Kustomization', verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], shortNames: ['ks'], categories: ['all', 'fluxcd', 'fluxcd-appliers'] },
      { name: 'kustomizations/status', singularName: '', namespaced: true, kind: 'Kustomization', verbs: ['get', 'patch', 'update'] },
    ]);
    const core = (await call(s, 'GET', '/api/v1')).json.resources as { name: string; namespaced: boolean }[];
    expect(core.filter((r) => !r.name.includes('/')).map((r) => [r.name, r.namespaced])).toEqual([['configmaps', true], ['events', true], ['namespaces', false], ['nodes', false], ['secrets', true], ['serviceaccounts', true], ['services', true]]);
    expect((await call(s, 'GET', '/apis/cilium.io/v2alpha1')).json.resources).toEqual([
      expect.objectContaining({ name: 'ciliumbgppeeringpolicies', namespaced: false, shortNames: ['bgpp'], categories: ['cilium', 'ciliumbgp'] }),
    ]);
  });

  it('answers unknown groups, versions and paths with a 404 Status and /openapi/v2 with 404', async () => {
    const s = await start();
    for (const p of ['/apis/nope.io/v1', '/apis/cilium.io/v9', '/apis/kustomize.toolkit.fluxcd.io/v1/widgets', '/openapi/v2', '/nothing']) {
      const r = await call(s, 'GET', p);
      expect([p, r.status, r.json]).toEqual([p, 404, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404 }]);
    }
  });
});

describe('reading objects', () => {
  it('lists across namespaces and per namespace with List kind and resourceVersion', async () => {
    const s = await start([ks('a', 'flux-system'), ks('b', 'apps')]);
    const all = (await call(s, 'GET', `${KS_PATH}/kustomizations`)).json;
    expect(all).toMatchObject({ apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'KustomizationList', metadata: { resourceVersion: s.store.resourceVersion() } });
    expect(all.items?.map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['apps/b', 'flux-system/a']);
    const one = (await call(s, 'GET', `${KS_PATH}/namespaces/apps/kustomizations`)).json;
    expect(one.items?.map((o) => o.metadata.name)).toEqual(['b']);
    expect(one.items?.[0]).toMatchObject({ apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization' });
  });

  it('filters with labelSelector and fieldSelector, and rejects a bad selector with 400', async () => {
    const s = await start([ks('a', 'flux-system', { tier: 'infra' }), ks('b', 'flux-system', { tier: 'apps' }), ks('c', 'apps', {})]);
    const names = async (q: string): Promise<string[]> => ((await call(s, 'GET', `${KS_PATH}/kustomizations?${q}`)).json.items ?? []).map((o) => o.metadata.name);
    expect(await names('labelSelector=tier%3Dinfra')).toEqual(['a']);
    expect(await names('labelSelector=tier%20notin%20(infra)')).toEqual(['c', 'b']);
    expect(await names('labelSelector=!tier')).toEqual(['c']);
    expect(await names('fieldSelector=metadata.name%3Db')).toEqual(['b']);
    expect(await names('fieldSelector=metadata.namespace%3Dapps')).toEqual(['c']);
    const bad = await call(s, 'GET', `${KS_PATH}/kustomizations?fieldSelector=spec.path%3Dx`);
    expect([bad.status, bad.json.reason, bad.json.message]).toEqual([400, 'BadRequest', 'field label not supported: spec.path']);
  });

  it('pages with limit and continue in key order', async () => {
    const s = await start(['a', 'b', 'c', 'd', 'e'].map((n) => ks(n)));
    const first = (await call(s, 'GET', `${KS_PATH}/kustomizations?limit=2`)).json;
    const meta = first.metadata as { continue: string; remainingItemCount: number };
    expect(first.items?.map((o) => o.metadata.name)).toEqual(['a', 'b']);
    expect(meta.remainingItemCount).toBe(3);
    const second = (await call(s, 'GET', `${KS_PATH}/kustomizations?limit=2&continue=${encodeURIComponent(meta.continue)}`)).json;
    expect(second.items?.map((o) => o.metadata.name)).toEqual(['c', 'd']);
    const bad = await call(s, 'GET', `${KS_PATH}/kustomizations?limit=2&continue=garbage`);
    expect(bad.status).toBe(400);
  });

  it('can serve plain HTTP', async () => {
    server = await startKubeApiServer({ clusterName: 'infra', tls: false });
    expect([server.url, server.caData]).toEqual([`http://127.0.0.1:${server.port}`, undefined]);
    expect((await call(server, 'GET', '/api/v1/nodes')).json.kind).toBe('NodeList');
  });

  it('returns a NotFound Status exactly like the real server', async () => {
    const s = await start();
    const r = await call(s, 'GET', `${KS_PATH}/namespaces/flux-system/kustomizations/x`);
    expect(r.status).toBe(404);
    expect(r.json).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'kustomizations.kustomize.toolkit.fluxcd.io "x" not found',
      reason: 'NotFound',
      details: { name: 'x', group: 'kustomize.toolkit.fluxcd.io', kind: 'kustomizations' },
      code: 404,
    });
    expect((await call(s, 'GET', '/api/v1/nodes/infra-09')).json).toMatchObject({ message: 'nodes "infra-09" not found', details: { name: 'infra-09', kind: 'nodes' } });
  });

  it('renders server-side Tables for kubectl, with ages from the injected clock', async () => {
    const clock = new ManualClock(Date.parse('2026-11-27T12:00:00Z'));
    const node: KubeObject = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'infra-01', labels: { 'node-role.kubernetes.io/control-plane': '' } },
      spec: { unschedulable: true },
      status: { conditions: [{ type: 'Ready', status: 'True' }], nodeInfo: { kubeletVersion: 'v1.34.1' }, addresses: [{ type: 'InternalIP', address: '10.25.11.11' }] },
    };
    const s = await start([node, ks('apps')], undefined, clock);
    clock.advance(3 * 86_400_000 + 5 * 3_600_000);
    const accept = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
    const nodes = (await call(s, 'GET', '/api/v1/nodes?limit=500', { accept })).json as { kind: string; columnDefinitions: { name: string }[]; rows: { cells: unknown[]; object: { kind: string } }[] };
    expect(nodes.kind).toBe('Table');
    expect(nodes.columnDefinitions.slice(0, 5).map((c) => c.name)).toEqual(['Name', 'Status', 'Roles', 'Age', 'Version']);
    expect(nodes.rows[0]?.cells.slice(0, 6)).toEqual(['infra-01', 'Ready,SchedulingDisabled', 'control-plane', '3d5h', 'v1.34.1', '10.25.11.11']);
    expect(nodes.rows[0]?.object.kind).toBe('PartialObjectMetadata');
    const kss = (await call(s, 'GET', `${KS_PATH}/kustomizations`, { accept })).json as { columnDefinitions: { name: string }[]; rows: { cells: unknown[] }[] };
    expect(kss.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Age', 'Ready', 'Status']);
    expect(kss.rows[0]?.cells).toEqual(['apps', '3d5h', 'True', 'Applied revision: main@sha1:1']);
  });
});

describe('writing objects', () => {
  const path = `${KS_PATH}/namespaces/flux-system/kustomizations`;

  it('creates (201), refuses a duplicate with 409 AlreadyExists and a missing namespace with 404', async () => {
    const s = await start([ks('existing')]);
    const created = await call(s, 'POST', path, { body: { ...ks('new'), status: { ignored: true } } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ metadata: { name: 'new', generation: 1 } });
    expect(created.json.status).toBeUndefined();
    const dup = await call(s, 'POST', path, { body: ks('existing') });
    expect([dup.status, dup.json.reason, dup.json.message]).toEqual([409, 'AlreadyExists', 'kustomizations.kustomize.toolkit.fluxcd.io "existing" already exists']);
    const noNs = await call(s, 'POST', `${KS_PATH}/namespaces/nope/kustomizations`, { body: ks('x', 'nope') });
    expect([noNs.status, noNs.json.message]).toEqual([404, 'namespaces "nope" not found']);
  });

  it('returns 422 Invalid with causes and 400 for unparsable or mismatched bodies', async () => {
    const s = await start();
    const bad = await call(s, 'POST', path, { body: ks('Bad_Name') });
    expect(bad.status).toBe(422);
    expect(bad.json).toMatchObject({ reason: 'Invalid', details: { name: 'Bad_Name', group: 'kustomize.toolkit.fluxcd.io', kind: 'Kustomization', causes: [{ reason: 'FieldValueInvalid', field: 'metadata.name' }] } });
    expect(bad.json.message).toMatch(/^Kustomization\.kustomize\.toolkit\.fluxcd\.io "Bad_Name" is invalid: metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
    const garbage = await call(s, 'POST', path, { body: '{not json' });
    expect([garbage.status, garbage.json.reason]).toEqual([400, 'BadRequest']);
    const wrongNs = await call(s, 'POST', path, { body: ks('x', 'other') });
    expect([wrongNs.status, wrongNs.json.message]).toEqual([400, 'the namespace of the provided object does not match the namespace sent on the request']);
  });

  it('updates with optimistic locking: a stale resourceVersion is a 409 Conflict', async () => {
    const s = await start([ks('apps')]);
    const current = s.store.get('kustomize.toolkit.fluxcd.io/v1', 'Kustomization', 'flux-system', 'apps') as KubeObject;
    const next = { ...structuredClone(current), spec: { interval: '5m' } };
    const ok = await call(s, 'PUT', `${path}/apps`, { body: next });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ metadata: { generation: 2 }, spec: { interval: '5m' }, status: current.status });
    const stale = await call(s, 'PUT', `${path}/apps`, { body: next });
    expect([stale.status, stale.json.reason, stale.json.message]).toEqual([
      409,
      'Conflict',
      'Operation cannot be fulfilled on kustomizations.kustomize.toolkit.fluxcd.io "apps": the object has been modified; please apply your changes to the latest version and try again',
    ]);
  });

  it('patches with merge and JSON patch; the main resource ignores status, …/status changes only status', async () => {
    const s = await start([ks('apps')]);
    const merged = await call(s, 'PATCH', `${path}/apps`, { contentType: 'application/merge-patch+json', body: { metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': 't1' } }, status: { hacked: true } } });
    expect(merged.json).toMatchObject({ metadata: { generation: 1, annotations: { 'reconcile.fluxcd.io/requestedAt': 't1' } } });
    expect(merged.json.status).toEqual(ks('apps').status);
    const patched = await call(s, 'PATCH', `${path}/apps`, { contentType: 'application/json-patch+json', body: [{ op: 'add', path: '/spec/suspend', value: true }] });
    expect(patched.json).toMatchObject({ metadata: { generation: 2 }, spec: { suspend: true } });
    const status = await call(s, 'PATCH', `${path}/apps/status`, { contentType: 'application/merge-patch+json', body: { spec: { path: './ignored' }, status: { lastHandledReconcileAt: 't1' } } });
    expect(status.json).toMatchObject({ metadata: { generation: 2 }, spec: { path: './apps' }, status: { lastHandledReconcileAt: 't1' } });
  });

  it('answers patch errors with 415, 400 and 422 Status bodies', async () => {
    const s = await start([ks('apps'), { apiVersion: 'v1', kind: 'Node', metadata: { name: 'infra-01' }, spec: {} }]);
    const smp = await call(s, 'PATCH', `${path}/apps`, { contentType: 'application/strategic-merge-patch+json', body: { spec: {} } });
    expect([smp.status, smp.json.reason, smp.json.message]).toEqual([
      415,
      'UnsupportedMediaType',
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    ]);
    const node = await call(s, 'PATCH', '/api/v1/nodes/infra-01', { contentType: 'application/strategic-merge-patch+json', body: { spec: { unschedulable: true } } });
    expect([node.status, (node.json.spec as { unschedulable: boolean }).unschedulable]).toEqual([200, true]);
    const unknown = await call(s, 'PATCH', `${path}/apps`, { contentType: 'text/plain', body: 'x' });
    expect(unknown.status).toBe(415);
    const malformed = await call(s, 'PATCH', `${path}/apps`, { contentType: 'application/json-patch+json', body: { op: 'add' } });
    expect([malformed.status, malformed.json.message]).toEqual([400, 'a JSON patch must be an array of operations']);
    const failed = await call(s, 'PATCH', `${path}/apps`, { contentType: 'application/json-patch+json', body: [{ op: 'test', path: '/spec/path', value: 'other' }] });
    expect([failed.status, failed.json.reason, failed.json.message]).toEqual([422, 'Invalid', 'testing value /spec/path failed']);
    const badType = await call(s, 'PATCH', `${path}/apps`, { contentType: 'application/merge-patch+json', body: { spec: { suspend: 'yes' } } });
    expect([badType.status, badType.json.message]).toEqual([422, 'Kustomization.kustomize.toolkit.fluxcd.io "apps" is invalid: spec.suspend: Invalid value: "string": spec.suspend in body must be of type boolean: "string"']);
    const missing = await call(s, 'PATCH', `${path}/nope`, { contentType: 'application/merge-patch+json', body: {} });
    expect(missing.status).toBe(404);
  });

  it('deletes single objects and collections by selector; 405 for methods a path does not take', async () => {
    const s = await start([ks('a', 'flux-system', { x: '1' }), ks('b', 'flux-system', { x: '1' }), ks('c')]);
    const del = await call(s, 'DELETE', `${path}/a`);
    expect(del.json).toMatchObject({ kind: 'Status', status: 'Success', details: { name: 'a', kind: 'kustomizations' } });
    const coll = await call(s, 'DELETE', `${path}?labelSelector=x%3D1`);
    expect(coll.json.items?.map((o) => o.metadata.name)).toEqual(['b']);
    expect(s.store.list('kustomize.toolkit.fluxcd.io/v1', 'Kustomization').map((o) => o.metadata.name)).toEqual(['c']);
    expect((await call(s, 'POST', `${path}/c`, { body: {} })).status).toBe(405);
    expect((await call(s, 'DELETE', '/apis')).status).toBe(405);
  });
});

describe('authentication', () => {
  it('serves TLS with its own certificate and answers a wrong token with a 401 Status', async () => {
    const s = await start([], 'lab-token');
    expect(s.url).toBe(`https://127.0.0.1:${s.port}`);
    expect(Buffer.from(s.caData ?? '', 'base64').toString()).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    const denied = await call(s, 'GET', '/api', { token: 'wrong' });
    expect([denied.status, denied.json]).toEqual([401, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 }]);
    expect((await call(s, 'GET', '/api')).status).toBe(401);
    expect((await call(s, 'GET', '/api', { token: 'lab-token' })).status).toBe(200);
  });
});
