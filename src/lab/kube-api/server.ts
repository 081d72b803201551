/**
 * A Kubernetes-API-compatible HTTP server for one lab cluster (node:http on 127.0.0.1, a free
 * port). Real kubectl and @kubernetes/client-node talk to it unchanged: discovery, CRUD, patches,
 * watches, Tables for `kubectl get`, and metav1.Status errors.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { realClock, type Clock } from '../clock.js';
import { ApiStatusError, methodNotAllowed, pathNotFound, unauthorized } from './api-status.js';
import { createObjectStore } from './object-store.js';
import { createLabCertificate } from './lab-tls.js';
import { apiGroupDoc, apiGroupListDoc, apiResourceListDoc, apiVersionsDoc } from './discovery.js';
import { createObject, deleteCollection, deleteObject, getObject, listObjects, patchObject, replaceObject, type ObjectRoute, type Reply, type Rendering } from './handlers.js';
import { openApiGroupVersion, openApiRoot } from './openapi.js';
import { routeFor } from './request-path.js';
import type { IncludeObject } from './table.js';
import type { KubeApiServer, ObjectStore } from './types.js';
import { WatchHub } from './watch-hub.js';
import { serveWatch, type WatchContext } from './watch-stream.js';

export interface StartKubeApiServerOptions {
  store?: ObjectStore;
  clusterName: string;
  /** When set, every request but health checks needs `Authorization: Bearer <token>`. */
  token?: string;
  /**
   * Serve HTTPS with a fresh self-signed certificate (see lab-tls.ts); default on. Both clients
   * need it: kubectl only sends tokens over TLS, and @kubernetes/client-node refuses http://
   * servers unless the kubeconfig says insecure-skip-tls-verify.
   */
  tls?: boolean;
  /** Drives ages in tables, bookmarks and watch timeouts. */
  clock?: Clock;
  /** gitVersion served on /version; default v1.34.1 (Talos 1.11's default Kubernetes). */
  kubernetesVersion?: string;
  /** Watch events kept for resuming (the watch cache); older resourceVersions get 410. */
  watchHistoryLimit?: number;
  bookmarkIntervalMs?: number;
}

const MAX_BODY = 8 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) reject(new ApiStatusError(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 8388608'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Table when the Accept list names one before plain JSON (kubectl get), else plain JSON. */
export function renderingFor(accept: string | undefined, q: URLSearchParams, now: number): Rendering {
  const include = (q.get('includeObject') ?? 'Metadata') as IncludeObject;
  const rendering: Rendering = { includeObject: ['None', 'Metadata', 'Object'].includes(include) ? include : 'Metadata', now };
  for (const entry of (accept ?? '').split(',')) {
    const [media, ...params] = entry.split(';').map((s) => s.trim());
    const p = Object.fromEntries(params.map((x) => x.split('=') as [string, string]));
    if (p.as === 'Table' && p.g === 'meta.k8s.io' && (p.v === 'v1' || p.v === 'v1beta1')) return { ...rendering, table: `meta.k8s.io/${p.v}` };
    if (!p.as && (media === 'application/json' || media === '*/*')) return rendering;
  }
  return rendering;
}

function versionDoc(gitVersion: string): object {
  const m = /^v(\d+)\.(\d+)/.exec(gitVersion);
  return {
    major: m?.[1] ?? '1',
    minor: m?.[2] ?? '0',
    gitVersion,
    gitCommit: createHash('sha1').update(gitVersion).digest('hex'),
    gitTreeState: 'clean',
    buildDate: '2025-09-09T19:44:50Z',
    goVersion: 'go1.24.6',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

export async function startKubeApiServer(opts: StartKubeApiServerOptions): Promise<KubeApiServer> {
  const clock = opts.clock ?? realClock;
  const store = opts.store ?? createObjectStore(undefined, { clock });
  const hub = new WatchHub(store, opts.watchHistoryLimit ?? 10_000);
  let gitVersion = opts.kubernetesVersion ?? 'v1.34.1';
  const expectedAuth = opts.token ? Buffer.from(`Bearer ${opts.token}`) : undefined;
  let address = '127.0.0.1:0';

  const authorized = (req: IncomingMessage): boolean => {
    if (!expectedAuth) return true;
    const got = Buffer.from(req.headers.authorization ?? '');
    return got.length === expectedAuth.length && timingSafeEqual(got, expectedAuth);
  };

  const send = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void => {
    res.writeHead(status, { 'Cache-Control': 'no-cache, private', 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)), ...headers });
    res.end(body);
  };

  const handleObject = async (req: IncomingMessage, res: ServerResponse, route: ObjectRoute & { watch: boolean }, q: URLSearchParams): Promise<void> => {
    const headers: Record<string, string> = route.type.deprecationWarning ? { Warning: `299 - ${JSON.stringify(route.type.deprecationWarning)}` } : {};
    const rendering = renderingFor(req.headers.accept, q, clock.now());
    const dryRun = q.getAll('dryRun').includes('All');
    const method = req.method ?? 'GET';
    const isCollection = route.name === undefined;
    let reply: Reply;
    if (method === 'GET' && isCollection && (route.watch || q.get('watch') === 'true' || q.get('watch') === '1')) {
      const ctx: WatchContext = { store, hub, clock, bookmarkIntervalMs: opts.bookmarkIntervalMs ?? 60_000, headers };
      serveWatch(req, res, ctx, route, q, rendering);
      return;
    }
    if (method === 'GET') reply = isCollection ? listObjects(store, route, q, rendering) : getObject(store, route, rendering);
    else if (method === 'POST' && isCollection) reply = createObject(store, route, await readBody(req), dryRun);
    else if (method === 'PUT' && !isCollection) reply = replaceObject(store, route, await readBody(req), dryRun);
    else if (method === 'PATCH' && !isCollection) {
      const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
      reply = patchObject(store, route, contentType, await readBody(req), dryRun);
    } else if (method === 'DELETE') reply = isCollection ? deleteCollection(store, route, q, dryRun) : deleteObject(store, route, dryRun);
    else throw methodNotAllowed();
    send(res, reply.status, reply.body, headers);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    if (path === '/healthz' || path === '/livez' || path === '/readyz') {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('ok');
      return;
    }
    if (!authorized(req)) throw unauthorized();
    if (path === '/version') return send(res, 200, JSON.stringify(versionDoc(gitVersion)));
    if (path === '/openapi/v3') return send(res, 200, JSON.stringify(openApiRoot(store.types())));
    if (path.startsWith('/openapi/v3/')) {
      const doc = openApiGroupVersion(store.types(), path.slice('/openapi/v3/'.length));
      if (!doc) throw pathNotFound();
      return send(res, 200, JSON.stringify(doc));
    }
    const route = routeFor(path, store.types());
    const isRead = req.method === 'GET';
    switch (route.kind) {
      case 'api':
        if (!isRead) throw methodNotAllowed();
        return send(res, 200, JSON.stringify(apiVersionsDoc(address)));
      case 'apis':
        if (!isRead) throw methodNotAllowed();
        return send(res, 200, JSON.stringify(apiGroupListDoc(store.types())));
      case 'group':
        if (!isRead) throw methodNotAllowed();
        return send(res, 200, JSON.stringify(apiGroupDoc(store.types(), route.group)));
      case 'resources': {
        if (!isRead) throw methodNotAllowed();
        const doc = apiResourceListDoc(store.types(), route.group, route.version);
        if (!doc) throw pathNotFound();
        return send(res, 200, JSON.stringify(doc));
      }
      case 'object':
        return handleObject(req, res, route, url.searchParams);
      default:
        // Includes /openapi/v2: no schemas are served (see openapi.ts).
        throw pathNotFound();
    }
  };

  const listener: RequestListener = (req, res) => {
    handle(req, res).catch((e: unknown) => {
      const err = e instanceof ApiStatusError ? e : new ApiStatusError(500, 'InternalError', `Internal error occurred: ${e instanceof Error ? e.message : String(e)}`);
      if (res.headersSent) res.destroy();
      else send(res, err.code, JSON.stringify(err.body()));
    });
  };
  const cert = (opts.tls ?? true) ? createLabCertificate(`lab-${opts.clusterName}`) : undefined;
  const server = cert ? createTlsServer({ cert: cert.certPem, key: cert.keyPem }, listener) : createServer(listener);
  // Node closes an idle keep-alive connection after 5 s; kube-apiserver keeps its clients'
  // connections (HTTP/2) open, so a client polling every 30 s reuses one. Without this the lab
  // made every poll pay a new TLS handshake a real cluster would not ask for.
  server.keepAliveTimeout = 120_000;
  // Every TCP connection, for close(): closeAllConnections() knows only connections whose TLS
  // handshake is done, and a client opening a watch as the server closes would keep it open.
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  address = `127.0.0.1:${port}`;

  return {
    url: `${cert ? 'https' : 'http'}://${address}`,
    port,
    ...(cert ? { caData: Buffer.from(cert.certPem).toString('base64') } : {}),
    store,
    clusterName: opts.clusterName,
    setKubernetesVersion: (v) => {
      gitVersion = v;
    },
    compactWatchHistory: () => hub.compact(),
    dropWatches: () => hub.dropAll(),
    openWatches: () => hub.count(),
    close: async () => {
      hub.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const s of sockets) s.destroy();
      });
    },
  };
}
