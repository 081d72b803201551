/**
 * Contract between the lab's Kubernetes API server (kube-api/) and whoever fills it (the twin,
 * the Flux simulator, scenario loading). Everything in the lab writes objects through ObjectStore;
 * the HTTP server serves them and turns store changes into watch events.
 */
export interface ResourceType {
  group: string; // '' for core
  version: string;
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /** Serve a `status` subresource (PUT/PATCH …/status change only .status). */
  statusSubresource?: boolean;
  /**
   * Columns of `kubectl get` (server-side Table), as a CRD's additionalPrinterColumns. Core kinds
   * (Node, Service, …) have built-in printers in table.ts; a CRD without columns prints Name + Age.
   */
  printerColumns?: PrinterColumn[];
  /** Sent as a `Warning: 299` header, as the real server does for deprecated versions. */
  deprecationWarning?: string;
}

export interface PrinterColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  /** Simple JSONPath as in CRDs: `.spec.url`, `.status.conditions[?(@.type=="Ready")].status`. */
  jsonPath: string;
  description?: string;
  /** 0 = shown by default, 1 = only with `-o wide`. */
  priority?: number;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [k: string]: unknown;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [k: string]: unknown;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreChange {
  type: WatchEventType;
  object: KubeObject;
  old?: KubeObject;
}

/**
 * In-memory object store with Kubernetes semantics (resourceVersion, generation, uid).
 * Objects it hands out (get, list, change events) are deep-frozen snapshots, shared with the HTTP
 * server's serialisation cache: clone them (`structuredClone`) before changing anything.
 */
export interface ObjectStore {
  register(type: ResourceType): void;
  types(): ResourceType[];
  typeFor(apiVersion: string, kind: string): ResourceType | undefined;
  get(apiVersion: string, kind: string, namespace: string | undefined, name: string): KubeObject | undefined;
  list(apiVersion: string, kind: string, namespace?: string): KubeObject[];
  /** Create or replace. Bumps resourceVersion; bumps metadata.generation when anything but status/metadata changed. */
  upsert(obj: KubeObject): KubeObject;
  /** Replace only `.status` (no generation bump), as a controller does. Returns undefined when absent. */
  setStatus(apiVersion: string, kind: string, namespace: string | undefined, name: string, status: unknown): KubeObject | undefined;
  /** RFC 7386 merge patch of the whole object (metadata/spec); same generation rule as upsert. */
  mergePatch(apiVersion: string, kind: string, namespace: string | undefined, name: string, patch: unknown): KubeObject | undefined;
  delete(apiVersion: string, kind: string, namespace: string | undefined, name: string): boolean;
  /** Called synchronously after every change, in order. Returns an unsubscribe function. */
  subscribe(cb: (change: StoreChange) => void): () => void;
  /** Current resourceVersion of the whole store (monotonic integer as a string). */
  resourceVersion(): string;
}

export interface KubeApiServer {
  url: string;
  port: number;
  store: ObjectStore;
  close(): Promise<void>;
  clusterName: string;
  /** Base64 PEM of the server's self-signed certificate when it serves HTTPS (kubeconfig certificate-authority-data). */
  caData?: string;
  /** What `/version` reports (gitVersion, e.g. `v1.34.1`); `upgrade-k8s` in the twin moves it. */
  setKubernetesVersion(gitVersion: string): void;
  /** Forget the retained watch history: a watch resuming from an older resourceVersion gets 410 Gone. */
  compactWatchHistory(): void;
  /** Drop every open watch connection server-side (clients must resume), as an apiserver restart does. */
  dropWatches(): void;
  /** Number of watch streams currently open (lets tests wait for a client to reconnect). */
  openWatches(): number;
}
