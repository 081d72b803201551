/**
 * The adapter: one KubeConfig context = one KubeCluster. @kubernetes/client-node (~450 ms to load)
 * is imported only when a cluster is opened. Requests go through the library's own transport and
 * auth (tokens, client certificates, exec plugins, CA data); paths are built here so that core
 * (`/api/v1`) and custom groups share one code path.
 */
import type * as K8s from '@kubernetes/client-node';
import { ConfigError } from '../errors/index.js';
import { connectionError, statusError, watchStatusError } from './kube-errors.js';
import { runListWatch } from './list-watch.js';
import { parseNode, type KubeNodeInfo } from './node-info.js';
import type { KubeCluster, KubeClusterOptions, KubeList, KubeResource, ListOptions, ListWatchOptions, WatchEvent, WatchOptions } from './types.js';

type K8sModule = typeof K8s;
const PAGE = 500;

function loadKubeConfig(k8s: K8sModule, opts: KubeClusterOptions): K8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  const where = opts.kubeconfigPath ?? 'the default kubeconfig';
  try {
    if (opts.kubeconfigPath) kc.loadFromFile(opts.kubeconfigPath);
    else kc.loadFromDefault();
  } catch (e) {
    // The library's parse errors can quote the file, which holds credentials: never pass them on.
    const missing = (e as { code?: string }).code === 'ENOENT';
    throw new ConfigError(missing ? `kubeconfig ${where} does not exist` : `kubeconfig ${where} is not a valid kubeconfig`, { hint: 'point --kubeconfig (or KUBECONFIG) at the file kubectl uses' });
  }
  if (!kc.getContextObject(opts.context)) {
    const known = kc.getContexts().map((c) => c.name);
    throw new ConfigError(`kubeconfig ${where} has no context '${opts.context}'`, { hint: known.length ? `contexts in it: ${known.join(', ')}` : 'it defines no contexts' });
  }
  kc.setCurrentContext(opts.context);
  const cluster = kc.getCurrentCluster();
  if (cluster?.server.startsWith('http:') && !cluster.skipTLSVerify) {
    // client-node 1.x refuses plain http unless told to skip TLS verification; say so up front.
    throw new ConfigError(`kubeconfig ${where}: context '${opts.context}' uses plain http (${cluster.server}) without insecure-skip-tls-verify`, {
      hint: 'use an https:// server, or set insecure-skip-tls-verify: true on that cluster',
    });
  }
  return kc;
}

export function resourcePath(group: string, version: string, plural: string, namespace?: string, name?: string): string {
  const base = group ? `/apis/${group}/${version}` : `/api/${version}`;
  return `${base}${namespace ? `/namespaces/${encodeURIComponent(namespace)}` : ''}/${plural}${name ? `/${encodeURIComponent(name)}` : ''}`;
}

class ClientNodeCluster implements KubeCluster {
  readonly server: string;
  private readonly baseUrl: string;
  private readonly http: K8s.IsomorphicFetchHttpLibrary;

  constructor(
    private readonly k8s: K8sModule,
    private readonly kc: K8s.KubeConfig,
    readonly context: string,
    private readonly timeoutMs: number,
  ) {
    this.baseUrl = kc.getCurrentCluster()?.server ?? '';
    let host = this.baseUrl;
    try {
      host = new URL(this.baseUrl).host;
    } catch {
      /* keep the raw value */
    }
    this.server = host;
    this.http = new k8s.IsomorphicFetchHttpLibrary();
  }

  private async request<T>(method: K8s.HttpMethod, path: string, body?: { contentType: string; data: unknown }): Promise<T> {
    const ctx = new this.k8s.ServerConfiguration(this.baseUrl, {}).makeRequestContext(path, method);
    ctx.setHeaderParam('Accept', 'application/json');
    if (body) {
      ctx.setHeaderParam('Content-Type', body.contentType);
      ctx.setBody(JSON.stringify(body.data));
    }
    ctx.setSignal(AbortSignal.timeout(this.timeoutMs));
    let res: K8s.ResponseContext;
    try {
      await this.kc.applySecurityAuthentication(ctx);
      res = await this.http.send(ctx).toPromise();
    } catch (e) {
      throw connectionError(this.context, this.server, e);
    }
    let text: string;
    try {
      text = await res.body.text();
    } catch (e) {
      throw connectionError(this.context, this.server, e);
    }
    if (res.httpStatusCode >= 400) throw statusError(this.context, this.server, res.httpStatusCode, text);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw statusError(this.context, this.server, res.httpStatusCode, text);
    }
  }

  async version(): Promise<string> {
    return (await this.request<{ gitVersion: string }>(this.k8s.HttpMethod.GET, '/version')).gitVersion;
  }

  async listNodes(): Promise<KubeNodeInfo[]> {
    return (await this.list('', 'v1', 'nodes')).items.map(parseNode);
  }

  async list<T = KubeResource>(group: string, version: string, plural: string, namespace?: string, opts: ListOptions = {}): Promise<KubeList<T>> {
    const items: T[] = [];
    let resourceVersion = '';
    let cont = '';
    do {
      const q = new URLSearchParams({ limit: String(PAGE) });
      if (cont) q.set('continue', cont);
      if (opts.labelSelector) q.set('labelSelector', opts.labelSelector);
      if (opts.fieldSelector) q.set('fieldSelector', opts.fieldSelector);
      const page = await this.request<{ items?: T[]; metadata?: { resourceVersion?: string; continue?: string } }>(this.k8s.HttpMethod.GET, `${resourcePath(group, version, plural, namespace)}?${q}`);
      items.push(...(page.items ?? []));
      // The first page's resourceVersion is the list's: later pages are served from that snapshot.
      resourceVersion ||= page.metadata?.resourceVersion ?? '';
      cont = page.metadata?.continue ?? '';
    } while (cont);
    return { items, resourceVersion };
  }

  async watch<T = KubeResource>(group: string, version: string, plural: string, opts: WatchOptions<T>): Promise<() => void> {
    const w = new this.k8s.Watch(this.kc);
    let over = false;
    const finish = (err: unknown): void => {
      if (over) return;
      over = true;
      if (err === null || err === undefined) opts.onClose?.();
      else {
        const code = (err as { statusCode?: number }).statusCode;
        const mapped = code ? statusError(this.context, this.server, code, '') : connectionError(this.context, this.server, err);
        opts.onError?.(mapped as Error);
      }
    };
    const params: Record<string, string | boolean> = {};
    if (opts.resourceVersion) params.resourceVersion = opts.resourceVersion;
    if (opts.allowBookmarks !== false) params.allowWatchBookmarks = true;
    if (opts.labelSelector) params.labelSelector = opts.labelSelector;
    if (opts.fieldSelector) params.fieldSelector = opts.fieldSelector;
    const controller = await w.watch(
      resourcePath(group, version, plural, opts.namespace),
      params,
      (type: string, obj: unknown) => {
        if (over) return;
        if (type === 'ERROR') {
          over = true;
          opts.onError?.(watchStatusError(this.context, obj));
        } else if (type === 'BOOKMARK') {
          opts.onEvent({ type: 'BOOKMARK', resourceVersion: String((obj as KubeResource).metadata?.resourceVersion ?? '') });
        } else if (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED') {
          opts.onEvent({ type, object: obj as T } as WatchEvent<T>);
        }
      },
      finish,
    );
    return () => {
      over = true;
      controller.abort();
    };
  }

  listWatch<T extends KubeResource = KubeResource>(group: string, version: string, plural: string, opts: ListWatchOptions<T>): () => void {
    const filters: ListOptions = { ...(opts.labelSelector ? { labelSelector: opts.labelSelector } : {}), ...(opts.fieldSelector ? { fieldSelector: opts.fieldSelector } : {}) };
    return runListWatch<T>(
      {
        list: () => this.list<T>(group, version, plural, opts.namespace, filters),
        watch: (resourceVersion, h) =>
          this.watch<T>(group, version, plural, { ...filters, ...(opts.namespace ? { namespace: opts.namespace } : {}), resourceVersion, onEvent: h.onEvent, onError: h.onError, onClose: h.onClose }),
      },
      opts,
    );
  }

  async mergePatch<T = KubeResource>(group: string, version: string, plural: string, namespace: string | undefined, name: string, patch: unknown): Promise<T> {
    // fieldManager must not start with "kubectl" or "flux": kustomize-controller would take the field over (flux.md §4.6).
    return this.request<T>(this.k8s.HttpMethod.PATCH, `${resourcePath(group, version, plural, namespace, name)}?fieldManager=plat`, { contentType: 'application/merge-patch+json', data: patch });
  }
}

export async function connectKubeCluster(opts: KubeClusterOptions): Promise<KubeCluster> {
  const k8s = await import('@kubernetes/client-node');
  const kc = loadKubeConfig(k8s, opts);
  return new ClientNodeCluster(k8s, kc, opts.context, opts.requestTimeoutMs ?? 15_000);
}
