/** What the Flux room hands out: one row per object, per-cluster read state, snapshots. */
import type { FluxKindName } from './kinds.js';

export interface FluxCondition {
  type: string;
  status: string;
  reason: string;
  message: string;
  observedGeneration?: number;
  lastTransitionTime?: string;
}

/** kstatus (fluxcd/cli-utils), what `flux reconcile`/`resume` wait on. */
export type KStatus = 'Current' | 'InProgress' | 'Failed' | 'Terminating';

/**
 * plat's one-word state (reference/flux.md §3, "suggested plat state mapping"): what the operator
 * must know first. Blocked = waiting on a dependency or a source; Stalled = needs a human.
 */
export type FluxState = 'Ready' | 'Progressing' | 'Pending' | 'Blocked' | 'Failed' | 'Stalled' | 'Suspended' | 'Deleting';

export interface FluxRow {
  cluster: string;
  kind: FluxKindName;
  apiVersion: string;
  namespace: string;
  name: string;
  /** `flux get` READY: the Ready condition's status ("False" when there is none). */
  ready: 'True' | 'False' | 'Unknown';
  state: FluxState;
  /** `flux get` SUSPENDED: spec.suspend only. */
  suspended: boolean;
  /** Ready's reason ('' when there is none). */
  reason: string;
  /** `flux get` MESSAGE, hashes shortened to 8 characters. */
  message: string;
  /** `flux get` REVISION per kind, hashes shortened. */
  revision: string;
  /** When the object entered its current Ready state (Ready's lastTransitionTime, RFC 3339). */
  since?: string;
  progress: { status: KStatus; message: string };
  generation?: number;
  observedGeneration?: number;
  lastHandledReconcileAt?: string;
  /** `Kind/ns/name` of each spec.dependsOn entry (same kind, same cluster). */
  dependsOn: string[];
  /** `Kind/ns/name` of the source it builds from (Kustomization, HelmRelease, HelmChart). */
  source?: string;
  conditions: FluxCondition[];
}

export type FluxKindReadState = 'syncing' | 'live' | 'not-served' | 'error';

export interface FluxKindStatus {
  kind: FluxKindName;
  /** The version this cluster serves (found by asking, preferred first). */
  apiVersion?: string;
  state: FluxKindReadState;
  error?: string;
}

export interface FluxClusterStatus {
  cluster: string;
  /**
   * unreachable: its API server does not answer; error: nothing could be read for another reason
   * (no such kubeconfig context, refused credentials); partial: some kinds failed.
   */
  state: 'syncing' | 'ok' | 'partial' | 'unreachable' | 'error';
  error?: string;
  kinds: FluxKindStatus[];
}

/** Never changed once handed out (a change is a new snapshot): findings cache their row scan by it. */
export interface FluxSnapshot {
  /** Failing first (Stalled, Failed, Blocked, Pending, Progressing, Suspended), then cluster, kind, namespace, name. */
  readonly rows: readonly FluxRow[];
  readonly clusters: readonly Readonly<FluxClusterStatus>[];
  /** Bumped on every change: a cheap "did anything move" for repaint throttles. */
  readonly version: number;
}
