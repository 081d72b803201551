/** What plat's Kubernetes adapter hands out, independent of @kubernetes/client-node. */
import type { PlatError } from '../errors/index.js';
import type { Clock } from '../lab/clock.js';
import type { KubeNodeInfo } from './node-info.js';

export interface KubeResource {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; resourceVersion?: string; generation?: number; uid?: string; labels?: Record<string, string>; annotations?: Record<string, string>; [k: string]: unknown };
  [k: string]: unknown;
}

export interface KubeList<T = KubeResource> {
  items: T[];
  /** Watch from here to follow the list. */
  resourceVersion: string;
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
}

export type WatchEvent<T = KubeResource> = { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: T } | { type: 'BOOKMARK'; resourceVersion: string };

export interface WatchOptions<T = KubeResource> extends ListOptions {
  namespace?: string;
  resourceVersion?: string;
  allowBookmarks?: boolean;
  onEvent(event: WatchEvent<T>): void;
  /** The watch failed (410 Expired arrives here as a KubeApiError with code 410); it is over. */
  onError?(error: PlatError | Error): void;
  /** The server ended the stream cleanly (timeout, restart); it is over. */
  onClose?(): void;
}

/** SYNC carries the complete current state after every (re)list; other events follow it. */
export type ListWatchEvent<T = KubeResource> = { type: 'SYNC'; items: T[]; resourceVersion: string } | { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: T };

export interface ListWatchOptions<T = KubeResource> extends ListOptions {
  namespace?: string;
  onEvent(event: ListWatchEvent<T>): void;
  /** Transient trouble (unreachable server, failed watch); listWatch keeps retrying. */
  onError?(error: PlatError | Error): void;
  clock?: Clock;
  /** First retry delay after an error; doubles up to 30 s. Default 500 ms. */
  retryDelayMs?: number;
}

export interface KubeCluster {
  /** The kubeconfig context. */
  readonly context: string;
  /** host:port of the API server (for messages; never credentials). */
  readonly server: string;
  version(): Promise<string>;
  listNodes(): Promise<KubeNodeInfo[]>;
  /** group '' is the core API. All pages are fetched. */
  list<T = KubeResource>(group: string, version: string, plural: string, namespace?: string, opts?: ListOptions): Promise<KubeList<T>>;
  /** Resolves once the watch is established (or failed, reported through onError); returns a stop function. */
  watch<T = KubeResource>(group: string, version: string, plural: string, opts: WatchOptions<T>): Promise<() => void>;
  /** List, then watch from the list's resourceVersion; resumes after disconnects, relists after 410 Gone. */
  listWatch<T extends KubeResource = KubeResource>(group: string, version: string, plural: string, opts: ListWatchOptions<T>): () => void;
  /** JSON merge patch (what `flux reconcile/suspend/resume` send). */
  mergePatch<T = KubeResource>(group: string, version: string, plural: string, namespace: string | undefined, name: string, patch: unknown): Promise<T>;
}

export interface KubeClusterOptions {
  /** Default: KUBECONFIG / ~/.kube/config, as kubectl. */
  kubeconfigPath?: string;
  /** '' means the kubeconfig's current-context. */
  context: string;
  /** Per-request timeout for list/get/patch; default 15 s. */
  requestTimeoutMs?: number;
}
