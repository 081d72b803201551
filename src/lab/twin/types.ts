/**
 * The digital twin's state: one object per cluster, node, NIC, bond, BGP session, etcd member and
 * LB pool. Every endpoint of the lab (talosctl stand-in, Kubernetes API, router) renders from it.
 * IP addresses are labels only: nothing ever connects to them.
 */
import type { BgpFsmState } from '../router/types.js';

export const FAULT_NAMES = [
  'node-unreachable',
  'bond-slave-down',
  'lacp-partner-lost',
  'mtu-wrong',
  'bgp-down',
  'etcd-member-down',
  'etcd-alarm-nospace',
  'flux-failing',
] as const;
export type FaultName = (typeof FAULT_NAMES)[number];

/** Talos machine stages (machinestage.go spellings) the twin moves through; `off` = powered down. */
export type MachineStage = 'booting' | 'running' | 'rebooting' | 'upgrading' | 'shutting down' | 'off';

export interface ServiceEvent {
  state: string; // Waiting, Preparing, Running, Finished, Failed
  msg: string;
  ts: number;
}

export interface TalosService {
  id: string;
  state: string;
  /** Health as talosctl prints it: OK, Fail, or ? when the service has no health check. */
  health: 'OK' | 'Fail' | '?';
  lastHealthMessage: string;
  events: ServiceEvent[];
}

/** One bond member as /proc/net/bonding shows it (bond_procfs.c fields). */
export interface BondSlave {
  name: string;
  permanentMac: string;
  speedMbit: number;
  mii: 'up' | 'down';
  linkFailures: number;
  aggregatorId: number;
  actorKey: number;
  actorPortState: number;
  partnerMac: string;
  partnerKey: number;
  partnerPortState: number;
  partnerSystemPriority: number;
  partnerPortPriority: number;
  partnerPortNumber: number;
  actorChurn: 'none' | 'monitoring' | 'churned';
  partnerChurn: 'none' | 'monitoring' | 'churned';
  actorChurned: number;
  partnerChurned: number;
}

export interface Bond {
  name: string;
  mac: string;
  mtu: number;
  mode: '802.3ad';
  xmitHashPolicy: string;
  lacpRate: 'fast' | 'slow';
  miimon: number;
  /** Talos machine config `updelay`/`downdelay` (ms); links-bond.yaml shows 200/200. */
  updelay: number;
  downdelay: number;
  adLacpActive: 'on' | 'off';
  slaves: BondSlave[];
}

/** The node's side and the router's side of its one BGP session. */
export interface BgpSession {
  state: BgpFsmState;
  since: number;
  /** Routes the node advertises (LB /32s), as Cilium counts them (advertised stays set while down: cilium#39861). */
  advertised: number;
  received: number;
  holdTime: number;
  keepalive: number;
  established: number;
  dropped: number;
}

export interface EtcdMemberState {
  /** 64-bit member ID as 16 hex digits (talosctl `%016x`). */
  id: string;
  dbSize: number;
  dbInUse: number;
  learner: boolean;
  alarms: string[];
  /** dbSize before etcd-alarm-nospace filled the quota (restored on heal). */
  dbSizeBeforeAlarm?: number;
}

export interface TwinNode {
  name: string;
  cluster: string;
  ip: string;
  role: 'controlplane' | 'worker';
  talosVersion: string;
  kubeletVersion: string;
  kernel: string;
  nodeId: string;
  machineId: string;
  bootId: string;
  bootTime: number;
  createdAt: number;
  stage: MachineStage;
  /** Kubernetes view: the kubelet posts Ready. */
  kubeReady: 'True' | 'False' | 'Unknown';
  kubeReadySince: number;
  cordoned: boolean;
  /** Kubernetes pods (Cilium's agent among them) run; false from stopAllPods until the next boot. */
  podsRunning: boolean;
  services: TalosService[];
  /** bond0 as it is now (derived from `baselineBond` + active faults). */
  bond: Bond;
  baselineBond: Bond;
  mtu: number;
  /** When node-unreachable was injected (the NotReady grace runs from here). */
  unreachableSince?: number;
  bgp: BgpSession;
  etcd?: EtcdMemberState;
  /** Faults currently injected on this node. */
  faults: Set<FaultName>;
  /** COSI resource versions (`metadata.version`), bumped when a resource changes. */
  versions: Map<string, number>;
  /** When each COSI resource group last changed (`metadata.updated`). */
  updatedAt: Map<string, number>;
}

export interface LbService {
  namespace: string;
  name: string;
  ip: string;
  ports: number[];
}

export interface LbPool {
  name: string;
  start: string;
  stop: string;
}

export interface TwinCluster {
  name: string;
  id: number;
  asn: number;
  peer: { address: string; asn: number };
  podCidr: string;
  serviceCidr: string;
  kubernetesVersion: string;
  etcdVersion: string;
  endpoint: string;
  lbPool: LbPool;
  services: LbService[];
  /** Opaque Flux description from the scenario; the lab hands it to flux-sim. */
  flux: unknown;
  nodes: TwinNode[];
  etcd: { leader: string; raftTerm: number; raftIndexBase: number; revisionBase: number; startedAt: number };
  createdAt: number;
}

export interface TwinTimings {
  /** Time a node spends `upgrading` before it reboots. */
  upgradeMs: number;
  /** Time a node is down during a reboot (apid unreachable). */
  rebootMs: number;
  /** Time from `booting` to `running` + Ready. */
  bootMs: number;
  /** Kubernetes node-monitor grace: an unreachable node turns NotReady (Unknown) after this. */
  notReadyGraceMs: number;
  /** Time per node for upgrade-k8s to move a kubelet. */
  kubeletStepMs: number;
}

export type TwinChange =
  | { kind: 'node'; cluster: string; node: string; what: string }
  | { kind: 'fault'; fault: FaultName; target: string; active: boolean }
  | { kind: 'cluster'; cluster: string; what: string }
  | { kind: 'machine'; cluster: string; node: string; event: MachineEvent };

export interface FluxFault {
  kind: 'ks' | 'hr';
  /** The Flux kind, as flux-sim's FluxRef names it. */
  fluxKind: 'Kustomization' | 'HelmRelease';
  namespace: string;
  name: string;
}

/** Events of a node's machine sequencer, as the legacy upgrade tracker prints them (action/node.go). */
export type MachineEvent =
  | { type: 'sequence'; name: string; action: 'START' | 'STOP'; error?: string }
  | { type: 'phase'; name: string; action: 'START' | 'STOP' }
  | { type: 'task'; name: string; action: 'START' | 'STOP' }
  | { type: 'status'; stage: string; ready: boolean; unmet: { name: string; reason: string }[] }
  | { type: 'service'; service: string; message: string; healthy: boolean }
  | { type: 'error'; message: string };
