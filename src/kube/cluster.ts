/**
 * The fallback adapter over @kubernetes/client-node (~450 ms to load, imported only here and only
 * when a context needs it: exec credential plugins, auth-providers, proxy-url). The kubeconfig is
 * read and the context chosen by plat's own kubeconfig.ts, exactly as for the light client, and
 * handed to the library as a one-context KubeConfig; requests then go through the library's own
 * transport and auth. Paths come from requests.ts so both clients ask the same things.
 */
import type * as K8s from '@kubernetes/client-node';
import { createHash } from 'node:crypto';
import { createSecureContext, type SecureContext } from 'node:tls';
import { connectionError, statusError, watchStatusError } from './kube-errors.js';
import { defaultTrust } from './default-trust.js';
import { tokenSource } from './kube-credentials.js';
import type { KubeTarget } from './kube-target.js';
import { listWatchOver } from './list-watch.js';
import { parseNode, type KubeNodeInfo } from './node-info.js';
import { listAllPages, patchPath, resourcePath, serverAddress, type ListPage } from './requests.js';
import type { KubeCluster, KubeList, KubeResource, ListOptions, ListWatchOptions, WatchEvent, WatchOptions } from './types.js';

type K8sModule = typeof K8s;

type AgentMaker = (cluster: unknown, options: Record<string, unknown>) => unknown;

/**
 * client-node 1.4 makes an https.Agent per request from the KubeConfig's CA (its createAgent), and
 * a `ca` of Node's ~140 roots plus the extra file would be parsed again for each: 100 ms and more
 * per request. So its agents get a TLS context instead, built once per client certificate (an exec
 * plugin may hand one out). tls takes a given context in place of ca, cert and key.
 */
function trustOnce(kc: K8s.KubeConfig, trust: string[]): void {
  const holder = kc as unknown as { createAgent: AgentMaker };
  const make = holder.createAgent;
  const contexts = new Map<string, SecureContext>();
  holder.createAgent = (cluster, options) => {
    const { cert, key } = options as { cert?: string | Buffer; key?: string | Buffer };
    const id = cert && key ? createHash('sha256').update(cert).update('\0').update(key).digest('hex') : '';
    let secureContext = contexts.get(id);
    if (!secureContext) contexts.set(id, (secureContext = createSecureContext({ ca: trust, ...(cert && key ? { cert, key } : {}) })));
    return make.call(kc, cluster, { ...options, secureContext });
  };
}

/** One context as client-node's own types; *-data wins over files, as in client-go (client-node prefers the file). */
export function kubeConfigFor(k8s: K8sModule, t: KubeTarget): K8s.KubeConfig {
  const c = t.cluster;
  const u = t.user;
  // Without a CA, Node's default roots with NODE_EXTRA_CA_CERTS, which Node may not have read
  // (default-trust.ts): one TLS context when this client-node's agents can take it, else as a CA.
  const trust = c.certificateAuthorityData || c.certificateAuthority || c.insecureSkipTlsVerify ? undefined : defaultTrust();
  const wrap = !!trust && typeof (k8s.KubeConfig.prototype as unknown as { createAgent?: unknown }).createAgent === 'function';
  const cluster: K8s.Cluster = {
    name: c.name,
    server: c.server,
    skipTLSVerify: c.insecureSkipTlsVerify,
    ...(c.certificateAuthorityData ? { caData: c.certificateAuthorityData } : c.certificateAuthority ? { caFile: c.certificateAuthority } : trust && !wrap ? { caData: Buffer.from(trust.join('\n')).toString('base64') } : {}),
    ...(c.tlsServerName ? { tlsServerName: c.tlsServerName } : {}),
    ...(c.proxyUrl ? { proxyUrl: c.proxyUrl } : {}),
  };
  const token = tokenSource(t)();
  const user: K8s.User = {
    name: u.name,
    ...(token ? { token } : {}),
    ...(u.clientCertificateData ? { certData: u.clientCertificateData } : u.clientCertificate ? { certFile: u.clientCertificate } : {}),
    ...(u.clientKeyData ? { keyData: u.clientKeyData } : u.clientKey ? { keyFile: u.clientKey } : {}),
    ...(u.username || u.password ? { username: u.username ?? '', password: u.password ?? '' } : {}),
    ...(u.impersonate ? { impersonateUser: u.impersonate } : {}),
    ...(u.exec ? { exec: u.exec } : {}),
    ...(u.authProvider ? { authProvider: u.authProvider } : {}),
  };
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({ clusters: [cluster], users: [user], contexts: [{ name: t.context, cluster: c.name, user: u.name, ...(t.namespace ? { namespace: t.namespace } : {}) }], currentContext: t.context });
  if (trust && wrap) trustOnce(kc, trust);
  return kc;
}

class ClientNodeCluster implements KubeCluster {
  readonly server: string;
  // Private fields: the KubeConfig holds tokens and keys, and inspect() must not show them.
  readonly #k8s: K8sModule;
  readonly #kc: K8s.KubeConfig;
  readonly #baseUrl: string;
  readonly #http: K8s.IsomorphicFetchHttpLibrary;
  readonly #timeoutMs: number;

  constructor(
    k8s: K8sModule,
    kc: K8s.KubeConfig,
    readonly context: string,
    timeoutMs: number,
  ) {
    this.#k8s = k8s;
    this.#kc = kc;
    this.#timeoutMs = timeoutMs;
    this.#baseUrl = kc.getCurrentCluster()?.server ?? '';
    this.server = serverAddress(this.#baseUrl);
    this.#http = new k8s.IsomorphicFetchHttpLibrary();
  }

  async #request<T>(method: K8s.HttpMethod, path: string, body?: { contentType: string; data: unknown }): Promise<T> {
    const ctx = new this.#k8s.ServerConfiguration(this.#baseUrl, {}).makeRequestContext(path, method);
    ctx.setHeaderParam('Accept', 'application/json');
    if (body) {
      ctx.setHeaderParam('Content-Type', body.contentType);
      ctx.setBody(JSON.stringify(body.data));
    }
    ctx.setSignal(AbortSignal.timeout(this.#timeoutMs));
    let res: K8s.ResponseContext;
    try {
      await this.#kc.applySecurityAuthentication(ctx);
      res = await this.#http.send(ctx).toPromise();
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
    return (await this.#request<{ gitVersion: string }>(this.#k8s.HttpMethod.GET, '/version')).gitVersion;
  }

  async listNodes(): Promise<KubeNodeInfo[]> {
    return (await this.list('', 'v1', 'nodes')).items.map(parseNode);
  }

  list<T = KubeResource>(group: string, version: string, plural: string, namespace?: string, opts: ListOptions = {}): Promise<KubeList<T>> {
    return listAllPages<T>(resourcePath(group, version, plural, namespace), opts, (path) => this.#request<ListPage<T>>(this.#k8s.HttpMethod.GET, path));
  }

  async watch<T = KubeResource>(group: string, version: string, plural: string, opts: WatchOptions<T>): Promise<() => void> {
    const w = new this.#k8s.Watch(this.#kc);
    let over = false;
    const finish = (err: unknown): void => {
      if (over) return;
      over = true;
      if (err === null || err === undefined) opts.onClose?.();
      else {
        // client-node's watch drops the Status body of a refused watch: only the HTTP code is left.
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
    return listWatchOver<T>(this, group, version, plural, opts);
  }

  mergePatch<T = KubeResource>(group: string, version: string, plural: string, namespace: string | undefined, name: string, patch: unknown): Promise<T> {
    return this.#request<T>(this.#k8s.HttpMethod.PATCH, patchPath(resourcePath(group, version, plural, namespace, name)), { contentType: 'application/merge-patch+json', data: patch });
  }

  toString(): string {
    return `KubeCluster ${this.context} (${this.server}, @kubernetes/client-node)`;
  }

  toJSON(): { context: string; server: string } {
    return { context: this.context, server: this.server };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/** The context as a client-node KubeConfig; loads the library (the slow part) on first use. */
export async function connectKubeCluster(target: KubeTarget, opts: { requestTimeoutMs?: number }): Promise<KubeCluster> {
  const k8s = await import('@kubernetes/client-node');
  return new ClientNodeCluster(k8s, kubeConfigFor(k8s, target), target.context, opts.requestTimeoutMs ?? 15_000);
}
