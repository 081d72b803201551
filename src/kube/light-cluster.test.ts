/**
 * The node:https client against small local servers that check what it sends: client certificates,
 * SNI, basic auth, gzip, paging, deadlines, a stale kept-alive socket and chunked watch streams.
 * The lab API server scenarios (both clients) are in test/integration/kube-adapter.test.ts.
 */
import { X509Certificate } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { inspect } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { ParseError, Unreachable } from '../errors/index.js';
import { createLabCertificate } from '../lab/kube-api/lab-tls.js';
import { KubeApiError } from './kube-errors.js';
import { selectKubeContext } from './kube-target.js';
import { parseKubeconfig } from './kubeconfig.js';
import { connectLightCluster, LightKubeCluster } from './light-cluster.js';
import type { WatchEvent } from './types.js';

const SECRET = 'light-cluster-secret-token';
const b64 = (s: string) => Buffer.from(s).toString('base64');
const serverCert = createLabCertificate('lab-light');
const node = (name: string) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, resourceVersion: '7' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } });
const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};
const status = (code: number, reason: string, message: string) => ({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason, code });

const servers: Server[] = [];
const clusters: LightKubeCluster[] = [];
afterEach(async () => {
  for (const c of clusters.splice(0)) c.close();
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise<void>((r) => {
          s.close(() => r());
          s.closeAllConnections();
        }),
    ),
  );
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void, opts: { tls?: boolean; requestCert?: boolean } = {}): Promise<{ url: string; port: number; server: Server }> {
  const tls = opts.tls ?? true;
  const server = tls ? createHttpsServer({ cert: serverCert.certPem, key: serverCert.keyPem, requestCert: opts.requestCert ?? false, rejectUnauthorized: false }, handler) : createHttpServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return { url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`, port, server };
}

function open(server: string, user: object, cluster: object = {}, requestTimeoutMs?: number): LightKubeCluster {
  const text = JSON.stringify({
    clusters: [{ name: 'c', cluster: { server, ...(server.startsWith('https') ? { 'certificate-authority-data': b64(serverCert.certPem) } : { 'insecure-skip-tls-verify': true }), ...cluster } }],
    users: [{ name: 'u', user }],
    contexts: [{ name: 'admin@c', context: { cluster: 'c', user: 'u' } }],
  });
  const c = connectLightCluster(selectKubeContext(parseKubeconfig(text, '/k/config'), 'admin@c', '/k/config'), requestTimeoutMs ? { requestTimeoutMs } : {}) as LightKubeCluster;
  clusters.push(c);
  return c;
}

describe('LightKubeCluster', () => {
  it('authenticates with a client certificate the server pins', async () => {
    const client = createLabCertificate('admin');
    const pinned = new X509Certificate(client.certPem).fingerprint256;
    const { url } = await serve(
      (req, res) => {
        const peer = (req.socket as TLSSocket).getPeerCertificate();
        if (peer.fingerprint256 !== pinned || req.headers.authorization) return json(res, 401, status(401, 'Unauthorized', 'Unauthorized'));
        json(res, 200, { kind: 'NodeList', metadata: { resourceVersion: '9' }, items: [node('infra-01')] });
      },
      { requestCert: true },
    );
    const nodes = await open(url, { 'client-certificate-data': b64(client.certPem), 'client-key-data': b64(client.keyPem) }).listNodes();
    expect(nodes.map((n) => [n.name, n.ready])).toEqual([['infra-01', true]]);
    const other = createLabCertificate('intruder');
    const refused = await open(url, { 'client-certificate-data': b64(other.certPem), 'client-key-data': b64(other.keyPem) }).listNodes().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(KubeApiError);
    expect(refused).toMatchObject({ code: 401, message: 'admin@c: Unauthorized' });
  });

  it('verifies the server as tls-server-name and sends it as SNI', async () => {
    const seen: (string | false)[] = [];
    const { url, port } = await serve((req, res) => {
      seen.push((req.socket as TLSSocket).servername);
      json(res, 200, { gitVersion: 'v1.34.1' });
    });
    expect(await open(url, { token: SECRET }, { 'tls-server-name': 'localhost' }).version()).toBe('v1.34.1');
    expect(seen).toEqual(['localhost']);
    const wrongName = await open(url, { token: SECRET }, { 'tls-server-name': 'kubernetes.example' }).version().catch((e: unknown) => e);
    expect(wrongName).toBeInstanceOf(Unreachable);
    expect((wrongName as Error).message).toBe(`admin@c: the Kubernetes API server at 127.0.0.1:${port} fails TLS verification (ERR_TLS_CERT_ALTNAME_INVALID)`);
    expect((wrongName as Unreachable).hint).toMatch(/^its certificate does not name this address: set tls-server-name/);
    const untrusted = await open(url, { token: SECRET }, { 'certificate-authority-data': b64(createLabCertificate('other-ca').certPem) }).version().catch((e: unknown) => e);
    expect(untrusted).toBeInstanceOf(Unreachable);
    expect((untrusted as Error).message).toMatch(/^admin@c: the Kubernetes API server at 127\.0\.0\.1:\d+ fails TLS verification \(\w+\)$/);
    expect((untrusted as Unreachable).hint).toMatch(/^its certificate is not signed by the kubeconfig's certificate-authority/);
  });

  it('sends basic auth and impersonation, pages lists with selectors and reads gzip bodies', async () => {
    const requests: { url: string; auth?: string; as?: string | string[]; groups?: string | string[]; accept?: string }[] = [];
    const { url } = await serve((req, res) => {
      requests.push({ url: req.url ?? '', auth: req.headers.authorization, as: req.headers['impersonate-user'], groups: req.headers['impersonate-group'], accept: req.headers.accept });
      const q = new URL(req.url ?? '/', 'http://x').searchParams;
      const page = q.get('continue') ? { metadata: { resourceVersion: '99' }, items: [{ metadata: { name: 'b' } }] } : { metadata: { resourceVersion: '42', continue: 'tok-1' }, items: [{ metadata: { name: 'a' } }] };
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
      res.end(gzipSync(JSON.stringify(page)));
    });
    const c = open(url, { username: 'ops', password: SECRET, as: 'jane', 'as-groups': ['dev'] });
    const list = await c.list('kustomize.toolkit.fluxcd.io', 'v1', 'kustomizations', 'flux-system', { labelSelector: 'app=x', fieldSelector: 'metadata.name!=y' });
    expect(list).toEqual({ items: [{ metadata: { name: 'a' } }, { metadata: { name: 'b' } }], resourceVersion: '42' });
    expect(requests.map((r) => r.url)).toEqual([
      '/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations?limit=500&labelSelector=app%3Dx&fieldSelector=metadata.name%21%3Dy',
      '/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations?limit=500&continue=tok-1&labelSelector=app%3Dx&fieldSelector=metadata.name%21%3Dy',
    ]);
    expect(requests[0]).toMatchObject({ auth: `Basic ${b64(`ops:${SECRET}`)}`, as: 'jane', groups: 'dev', accept: 'application/json' });
  });

  it('gives up after the request deadline, before or during the body', async () => {
    const { url, port } = await serve((req, res) => {
      if (req.url === '/version') return; // never answers
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"items":['); // and never finishes
    });
    const c = open(url, { token: SECRET }, {}, 200);
    for (const call of [() => c.version(), () => c.list('', 'v1', 'nodes')]) {
      const err = await call().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Unreachable);
      expect((err as Error).message).toBe(`admin@c: cannot reach the Kubernetes API server at 127.0.0.1:${port} (no answer in time)`);
    }
  });

  it('sends a GET again when the kept-alive socket was closed by the server', async () => {
    const sockets = new Set<Socket>();
    let served = 0;
    const { url } = await serve(
      (req, res) => {
        const reused = sockets.has(req.socket);
        sockets.add(req.socket);
        // A server that dropped the idle connection: the second request on it meets a reset.
        if (reused) return void req.socket.destroy();
        served++;
        json(res, 200, { gitVersion: `v1.34.${served}` });
      },
      { tls: false },
    );
    const c = open(url, { token: SECRET });
    expect(await c.version()).toBe('v1.34.1');
    expect(await c.version()).toBe('v1.34.2');
    expect(sockets.size).toBe(2);
  });

  it('runs at most two lists at a time over kept-alive connections; a watch is not held back by them', async () => {
    let inFlight = 0;
    let most = 0;
    const connections = new Set<Socket>();
    const held: Array<() => void> = [];
    const { url } = await serve((req, res) => {
      connections.add(req.socket);
      if (req.url?.includes('watch=1')) {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        return void res.end(`${JSON.stringify({ type: 'ADDED', object: { metadata: { name: 'w', resourceVersion: '9' } } })}\n`);
      }
      inFlight++;
      most = Math.max(most, inFlight);
      held.push(() => {
        inFlight--;
        json(res, 200, { metadata: { resourceVersion: '8' }, items: [{ metadata: { name: req.url } }] });
      });
    });
    const c = open(url, { token: SECRET });
    const lists = ['a', 'b', 'c', 'd', 'e'].map((plural) => c.list('cilium.io', 'v2', plural));
    await expect.poll(() => held.length).toBe(2);
    // The two lists are held by the server; a watch still gets through.
    const events: WatchEvent[] = [];
    await c.watch('', 'v1', 'configmaps', { onEvent: (e) => events.push(e) });
    await expect.poll(() => events.length).toBe(1);
    let settled = false;
    const all = Promise.all(lists).finally(() => (settled = true));
    while (!settled) {
      held.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
    const done = await all;
    expect(done.map((l) => l.items.length)).toEqual([1, 1, 1, 1, 1]);
    expect(most).toBe(2);
    // Five lists over the two connections of the two turns (kept alive and reused), the watch on a third.
    expect(connections.size).toBe(3);
  });

  it('fails the lists waiting for a turn with the first one that gets no answer, without sending them', async () => {
    const connections = new Set<Socket>();
    const { url, server } = await serve(() => undefined); // TLS, then silence
    server.on('secureConnection', (s: Socket) => connections.add(s));
    const c = open(url, { token: SECRET }, {}, 300);
    const results = await Promise.allSettled(['a', 'b', 'c', 'd', 'e'].map((plural) => c.list('cilium.io', 'v2', plural)));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected', 'rejected']);
    for (const r of results) expect(String((r as PromiseRejectedResult).reason)).toMatch(/no answer in time/);
    expect(connections.size).toBe(2);
  });

  it('parses watch events split anywhere, multibyte text included, and reports the end', async () => {
    const lines = [
      { type: 'ADDED', object: { metadata: { name: 'café', resourceVersion: '5' } } },
      { type: 'BOOKMARK', object: { metadata: { resourceVersion: '6' } } },
      { type: 'DELETED', object: { metadata: { name: 'café', resourceVersion: '7' } } },
    ];
    const bytes = Buffer.from(lines.map((l) => JSON.stringify(l)).join('\n'));
    let query = '';
    const { url } = await serve((req, res) => {
      query = req.url ?? '';
      res.writeHead(200, { 'Content-Type': 'application/json' });
      let i = 0;
      const next = () => {
        if (i >= bytes.length) return void res.end();
        res.write(bytes.subarray(i, i + 1));
        i++;
        setImmediate(next);
      };
      next();
    });
    const events: WatchEvent[] = [];
    let closed = false;
    await open(url, { token: SECRET }).watch('', 'v1', 'configmaps', { namespace: 'kube-system', resourceVersion: '4', labelSelector: 'a=b', onEvent: (e) => events.push(e), onClose: () => (closed = true) });
    await expect.poll(() => closed, { timeout: 10_000 }).toBe(true);
    expect(query).toBe('/api/v1/namespaces/kube-system/configmaps?watch=1&resourceVersion=4&allowWatchBookmarks=true&labelSelector=a%3Db');
    expect(events).toEqual([{ type: 'ADDED', object: lines[0]?.object }, { type: 'BOOKMARK', resourceVersion: '6' }, { type: 'DELETED', object: lines[2]?.object }]);
  });

  it('ends a watch with an error on a refused request, a garbage line or a 410 Status', async () => {
    const { url } = await serve((req, res) => {
      const rv = new URL(req.url ?? '/', 'http://x').searchParams.get('resourceVersion');
      if (rv === '1') return json(res, 403, status(403, 'Forbidden', 'configmaps is forbidden: User "jane" cannot watch resource "configmaps"'));
      res.writeHead(200, { 'Content-Type': 'application/json' });
      if (rv === '2') res.end('{"type":"ADDED","object":{"metadata":{"name":"a"}}}\n<html>proxy error</html>\n');
      else res.end(`${JSON.stringify({ type: 'ERROR', object: { kind: 'Status', status: 'Failure', message: 'too old resource version: 3 (9)', reason: 'Expired' } })}\n`);
    });
    const c = open(url, { token: SECRET });
    const errorFor = async (resourceVersion: string): Promise<{ err: Error; events: number }> => {
      let err: Error | undefined;
      let events = 0;
      await c.watch('', 'v1', 'configmaps', { resourceVersion, onEvent: () => events++, onError: (e) => (err = e as Error) });
      await expect.poll(() => err, { timeout: 10_000 }).toBeDefined();
      return { err: err as Error, events };
    };
    const forbidden = await errorFor('1');
    expect(forbidden.err).toMatchObject({ code: 403, reason: 'Forbidden', message: 'admin@c: configmaps is forbidden: User "jane" cannot watch resource "configmaps"' });
    const garbage = await errorFor('2');
    expect(garbage).toMatchObject({ events: 1 });
    expect(garbage.err).toBeInstanceOf(ParseError);
    expect(garbage.err.message).toBe('kubernetes watch admin@c: a line of the watch stream is not a JSON event');
    const expired = await errorFor('3');
    expect(expired.err).toBeInstanceOf(KubeApiError);
    expect(expired.err).toMatchObject({ code: 410, reason: 'Expired', message: 'admin@c: too old resource version: 3 (9)' });
  });

  it('never shows its credentials when printed', async () => {
    const client = createLabCertificate('admin');
    const { url, port } = await serve(() => undefined);
    const c = open(url, { token: SECRET, 'client-certificate-data': b64(client.certPem), 'client-key-data': b64(client.keyPem) });
    const keyBody = client.keyPem.split('\n')[1] as string;
    for (const shown of [String(c), inspect(c), inspect(c, { showHidden: true, depth: Infinity, customInspect: false }), JSON.stringify(c), JSON.stringify({ ...c })]) {
      expect(shown).not.toContain(SECRET);
      expect(shown).not.toContain(keyBody);
    }
    expect(String(c)).toBe(`KubeCluster admin@c (127.0.0.1:${port})`);
  });
});
