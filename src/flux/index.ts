/**
 * The Flux room: which Flux kinds and versions each cluster serves, one row per object with the
 * `flux get` columns plus kstatus progress and plat's state word, a live store (list+watch per kind
 * per cluster) for the dashboard, the dependency graph (`why`) and inventory tree, and the actions
 * — reconcile, suspend, resume — as async generators of events. Talks to clusters only through
 * KubeCluster (src/kube); loads neither @kubernetes/client-node (for token kubeconfigs) nor zod.
 */
export { FLUX_KINDS, fluxKind, kindOrder, parseKind, parseKinds, parseObjectRef, refString, refFromString, shortRef, type FluxKindInfo, type FluxKindName, type FluxObjectRef } from './kinds.js';
export type { FluxClusterStatus, FluxCondition, FluxKindReadState, FluxKindStatus, FluxRow, FluxSnapshot, FluxState, KStatus } from './model.js';
export { fluxRow, conditionsOf, kstatusOf, stateOf, revisionOf, truncateHex, parseStatusSelector, BLOCKING_REASONS } from './readiness.js';
export { fluxRevisions, type FluxRevision } from './revisions.js';
export { dependsOnOf, sourceOf } from './references.js';
export { stateLook, stateRank, compareFailingFirst, sinceSeconds, type FluxStateLook, type FluxTone } from './row-order.js';
export { listFluxKind, getFluxObject, type ServedKind } from './served-versions.js';
export { readFlux, compareForGet, type FluxClusterRef, type FluxRead, type FluxReadOptions } from './flux-read.js';
export { watchFlux, type FluxWatch, type FluxWatchOptions } from './flux-watch.js';
export { explainWhy, type FluxWhy, type RowLookup, type WhyLink } from './why.js';
export { fetchWhy } from './why-fetch.js';
export { buildInventoryTree, renderInventoryTree, parseInventoryId, inventoryOf, type InventoryNode, type InventoryObject, type InventoryResolver } from './inventory-tree.js';
export { findFluxObject, locateOne, type FluxLookup, type FluxTarget } from './locate.js';
export { checkReconcilable, isFinal, isFailure, REQUESTED_AT, FORCE_AT, RESET_AT, type FluxActionEvent, type FluxActionEventType } from './action-events.js';
export { reconcileFlux, type ReconcileOptions } from './reconcile.js';
export { suspendFlux, planSuspend, type SuspendAction, type SuspendOptions } from './suspend.js';
export { reconcileVerdict, resumeVerdict, settledVerdict, type WaitVerdict } from './wait-verdict.js';
export { reconcileToken } from './token.js';
export { checkFluxActionGate, confirmQuestion } from './gate.js';
export { fluxEvents, parseFluxEvent, type FluxEvent } from './flux-events.js';
export { fluxKubeFor, type FluxKubeConfig } from './kube-for.js';
export { getColumns, clusterProblemLines, actionEventLine, type FluxColumn, type Painter } from './flux-report.js';
