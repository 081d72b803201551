/**
 * FleetState: everything plat knows about the platform at one moment, built from the sources
 * (talosctl, Kubernetes API, router, backup catalog). Views and printers only read it.
 */

import type { NetworkSnapshot } from '../network/snapshot.js';
import type { EtcdScreenData } from '../etcd/screen-model.js';
import type { RunbooksScreenData } from '../upgrade/runs.js';
import type { FluxEvent, FluxKindName, FluxSnapshot } from '../flux/index.js';

/** Where a piece of data came from and whether it can be trusted right now. */
export type SourceStatus =
  | { state: 'syncing' }
  | { state: 'ok'; at: number }
  | { state: 'error'; reason: string; since: number }
  | { state: 'stale'; since: number; reason?: string };

export type Severity = 'critical' | 'warning' | 'info';

export interface Finding {
  /** Stable id of the rule, e.g. `node.not-ready`. */
  rule: string;
  severity: Severity;
  cluster: string;
  /** What it is about: a node name, `etcd`, `bond0 on apps-02`… */
  subject: string;
  /** What is wrong, in one line. */
  what: string;
  /** Why plat thinks so (the evidence). */
  why: string;
  /** What to do next. */
  action: string;
}

export interface TalosServiceState {
  id: string;
  state: string; // Running, Finished, Waiting, Failed…
  health: string; // OK, Fail, ?
  lastMessage?: string;
}

export interface NodeCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  since?: string;
}

export interface NodeState {
  cluster: string;
  name: string;
  ip: string;
  role: 'controlplane' | 'worker';
  /** Talos API reachable for this node (false: an error came back for it). */
  talosReachable: boolean;
  talosError?: string;
  talosVersion?: string;
  /** Kubernetes view (undefined when the API server did not answer or the node is not registered). */
  kubeletVersion?: string;
  ready?: boolean;
  cordoned?: boolean;
  conditions?: NodeCondition[];
  /** Seconds since boot, from Talos. */
  uptimeSeconds?: number;
  services: TalosServiceState[];
  stage?: string; // machinestatus: running, booting, rebooting, upgrading…
  unmetConditions?: string[];
}

export interface ClusterState {
  name: string;
  id: number;
  readOnly: boolean;
  talos: SourceStatus;
  kube: SourceStatus;
  nodes: NodeState[];
  /** talosctl client version seen (from `talosctl version`). */
  talosClientVersion?: string;
  /** The cluster's Kubernetes control-plane (API server) version, from /version. */
  kubernetesVersion?: string;
}

export interface FleetState {
  at: number;
  clusters: ClusterState[];
  /** Every finding: the fleet's own rules plus each panel's (network, etcd…), worst first. */
  findings: Finding[];
  /** Bonds, BGP and LB pools, when a network panel runs (src/network collectNetwork). */
  network?: NetworkSnapshot;
  /** etcd members, alarms and the backup state, when an etcd panel runs (src/backup collectEtcdScreen). */
  etcd?: EtcdScreenData;
  /** Runbook runs from the journals in the state dir (src/upgrade collectRunbooks). */
  runbooks?: RunbooksScreenData;
  /** Every Flux object of every cluster, failing first, when the Flux watch runs (src/flux watchFlux). */
  flux?: FluxSnapshot;
}

/** One Flux object the dashboard looks into or acts on. */
export interface FluxObjectAddress {
  cluster: string;
  kind: FluxKindName;
  namespace: string;
  name: string;
}

export interface FluxActionRequest extends FluxObjectAddress {
  action: 'reconcile' | 'suspend' | 'resume';
  /** reconcile only: its source first, as `flux reconcile --with-source`. */
  withSource?: boolean;
}

/** What the Flux detail reads on demand (the live rows carry neither). */
export interface FluxObjectDetail {
  /** Last applied / last attempted / artifact…, in the order the kind has them. */
  revisions: { label: string; value: string }[];
  /** The object's core/v1 Events, oldest first. */
  events: FluxEvent[];
}

/** Verdict of one cluster for badges and the status command. */
export type Verdict = 'healthy' | 'degraded' | 'critical' | 'unreachable' | 'syncing';
