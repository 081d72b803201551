/**
 * The lab's Kubernetes API server room: an in-memory ObjectStore with Kubernetes semantics, the
 * HTTP server real kubectl and @kubernetes/client-node talk to, the resource catalog it serves,
 * and the kubeconfig that points tools at it.
 */
export type { KubeApiServer, KubeObject, ObjectMeta, ObjectStore, PrinterColumn, ResourceType, StoreChange, WatchEventType } from './types.js';
export { createObjectStore, kubeTime, type ObjectStoreOptions } from './object-store.js';
export { startKubeApiServer, type StartKubeApiServerOptions } from './server.js';
export { writeKubeconfig, contextName, type KubeconfigCluster } from './kubeconfig.js';
export { labResourceTypes, coreResourceTypes, fluxResourceTypes, ciliumResourceTypes, apiVersionOf } from './catalog.js';
