/**
 * The light KubeCluster: node:https and node:http only, for every context whose user needs nothing
 * beyond a token, a client certificate or basic auth (most kubeconfigs, and all that
 * `talosctl kubeconfig` writes). It behaves as the @kubernetes/client-node one (cluster.ts) does,
 * without the ~450 ms that importing that library costs each command. Credentials live in private
 * fields only; toString/inspect show the context and host:port.
 */
import { ParseError } from '../errors/index.js';
import { kubeCredentials } from './kube-credentials.js';
import { connectionError, statusError, watchStatusError } from './kube-errors.js';
import type { KubeTarget } from './kube-target.js';
import { KubeTransport, readText, type KubeResponse } from './light-transport.js';
import { listWatchOver } from './list-watch.js';
import { parseNode, type KubeNodeInfo } from './node-info.js';
import { listAllPages, patchPath, resourcePath, serverAddress, watchPath, type ListPage } from './requests.js';
import type { KubeCluster, KubeList, KubeResource, ListOptions, ListWatchOptions, WatchEvent, WatchOptions } from './types.js';
import { parseWatchLine, WatchLineSplitter } from './watch-lines.js';

const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

export class LightKubeCluster implements KubeCluster {
  readonly context: string;
  readonly server: string;
  readonly #http: KubeTransport;

  constructor(target: KubeTarget, timeoutMs: number) {
    this.context = target.context;
    this.server = serverAddress(target.cluster.server);
    this.#http = new KubeTransport(target.cluster.server, kubeCredentials(target), timeoutMs);
  }

  async #request<T>(method: string, path: string, body?: { contentType: string; data: unknown }): Promise<T> {
    let res: { status: number; text: string };
    try {
      res = await this.#http.fetch(method, path, body ? { body: JSON.stringify(body.data), contentType: body.contentType } : {});
    } catch (e) {
      throw connectionError(this.context, this.server, e);
    }
    if (res.status >= 400) throw statusError(this.context, this.server, res.status, res.text);
    try {
      return JSON.parse(res.text) as T;
    } catch {
      throw statusError(this.context, this.server, res.status, res.text);
    }
  }

  async version(): Promise<string> {
    return (await this.#request<{ gitVersion: string }>('GET', '/version')).gitVersion;
  }

  async listNodes(): Promise<KubeNodeInfo[]> {
    return (await this.list('', 'v1', 'nodes')).items.map(parseNode);
  }

  list<T = KubeResource>(group: string, version: string, plural: string, namespace?: string, opts: ListOptions = {}): Promise<KubeList<T>> {
    return listAllPages<T>(resourcePath(group, version, plural, namespace), opts, (path) => this.#request<ListPage<T>>('GET', path));
  }

  async watch<T = KubeResource>(group: string, version: string, plural: string, opts: WatchOptions<T>): Promise<() => void> {
    let over = false;
    let response: KubeResponse | undefined;
    const stop = (): void => {
      over = true;
      response?.abort();
    };
    const finish = (err?: Error): void => {
      if (over) return;
      over = true;
      response?.abort();
      if (err) opts.onError?.(err);
      else opts.onClose?.();
    };
    try {
      response = await this.#http.open('GET', watchPath(resourcePath(group, version, plural, opts.namespace), opts), { whole: false });
    } catch (e) {
      finish(asError(connectionError(this.context, this.server, e)));
      return stop;
    }
    const { body } = response;
    if (response.status !== 200) {
      // Unlike client-node's watch, keep the server's Status message (401, 403, 404 …).
      const text = await readText(body).catch(() => '');
      finish(statusError(this.context, this.server, response.status, text));
      return stop;
    }
    const lines = new WatchLineSplitter();
    const deliver = (line: string): void => {
      if (over) return;
      const ev = parseWatchLine(line);
      // client-go ends a watch on an undecodable event; resuming from the last resourceVersion then
      // replays what it carried, where skipping it would leave the caller's state silently stale.
      if (!ev) return finish(new ParseError(`kubernetes watch ${this.context}`, 'a line of the watch stream is not a JSON event'));
      if (ev.type === 'ERROR') finish(watchStatusError(this.context, ev.object));
      else if (ev.type === 'BOOKMARK') opts.onEvent({ type: 'BOOKMARK', resourceVersion: String((ev.object as KubeResource | undefined)?.metadata?.resourceVersion ?? '') });
      else if (ev.type === 'ADDED' || ev.type === 'MODIFIED' || ev.type === 'DELETED') opts.onEvent({ type: ev.type, object: ev.object as T } as WatchEvent<T>);
    };
    body.setEncoding('utf8');
    body.on('data', (chunk: string) => {
      for (const line of lines.push(chunk)) deliver(line);
    });
    body.once('end', () => {
      for (const line of lines.flush()) deliver(line);
      finish();
    });
    body.on('error', (e) => finish(asError(connectionError(this.context, this.server, e))));
    return stop;
  }

  listWatch<T extends KubeResource = KubeResource>(group: string, version: string, plural: string, opts: ListWatchOptions<T>): () => void {
    return listWatchOver<T>(this, group, version, plural, opts);
  }

  mergePatch<T = KubeResource>(group: string, version: string, plural: string, namespace: string | undefined, name: string, patch: unknown): Promise<T> {
    return this.#request<T>('PATCH', patchPath(resourcePath(group, version, plural, namespace, name)), { contentType: 'application/merge-patch+json', data: patch });
  }

  /** Closes idle kept-alive connections; open watches end through their stop functions. */
  close(): void {
    this.#http.close();
  }

  toString(): string {
    return `KubeCluster ${this.context} (${this.server})`;
  }

  toJSON(): { context: string; server: string } {
    return { context: this.context, server: this.server };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/** Reads the context's credentials (ConfigError when a file is missing or not PEM) and opens nothing yet. */
export function connectLightCluster(target: KubeTarget, opts: { requestTimeoutMs?: number }): KubeCluster {
  return new LightKubeCluster(target, opts.requestTimeoutMs ?? 15_000);
}
