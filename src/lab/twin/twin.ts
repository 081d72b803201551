/**
 * The Twin: one shared, mutable model of the platform. Faults and dynamics change it; every
 * change is announced through onChange so the Kubernetes API, the talosctl stand-in and the
 * router stay consistent. Derived state (bond, BGP, Kubernetes readiness, etcd leadership) is
 * recomputed in `settle`, so every view agrees and a healed fault restores the original.
 */
import { UserError } from '../../errors/index.js';
import { realClock, type Clock } from '../clock.js';
import type { RouterModel } from '../router/types.js';
import type { ObjectStore } from '../kube-api/types.js';
import { attachKube } from './attach-kube.js';
import { bootNode, rebootNode, shutdownNode, upgradeNode } from './dynamics.js';
import { deriveBond } from './faults.js';
import { routerModelOf } from './router-model.js';
import type { Scenario } from './scenario-schema.js';
import { seedClusters } from './seed.js';
import { findService } from './services.js';
import {
  FAULT_NAMES,
  type FaultName,
  type FluxFault,
  type MachineEvent,
  type TwinChange,
  type TwinCluster,
  type TwinNode,
  type TwinTimings,
} from './types.js';

export interface TwinOptions {
  clock?: Clock;
  timings?: Partial<TwinTimings>;
  /** Known Flux objects (`ks/<ns>/<name>`, `hr/<ns>/<name>`); when given, flux-failing targets must be one of them. */
  fluxTargets?: () => string[];
}

export const DEFAULT_TIMINGS: TwinTimings = { upgradeMs: 4000, rebootMs: 3000, bootMs: 5000, notReadyGraceMs: 40_000, kubeletStepMs: 1500 };

export type ApiState = 'ok' | 'no-route' | 'refused';

export class Twin {
  readonly clock: Clock;
  readonly timings: TwinTimings;
  /** The talosctl client version the lab pretends to be (decides ≤1.13 vs ≥1.14 error semantics). */
  talosctlVersion: string;
  readonly router: { address: string; asn: number; hostname: string };
  readonly scenarioName: string;
  private readonly list: TwinCluster[];
  private readonly listeners = new Set<(c: TwinChange) => void>();
  private readonly timers = new Set<unknown>();
  private readonly flux = new Map<string, FluxFault>();
  private readonly fluxTargets: (() => string[]) | undefined;

  constructor(scenario: Scenario, opts: TwinOptions = {}) {
    this.clock = opts.clock ?? realClock;
    this.timings = { ...DEFAULT_TIMINGS, ...stripUndefined(scenario.timings), ...stripUndefined(opts.timings ?? {}) };
    this.talosctlVersion = scenario.talosctl.clientVersion;
    this.router = { ...scenario.router };
    this.scenarioName = scenario.name;
    this.fluxTargets = opts.fluxTargets;
    this.list = seedClusters(scenario, this.clock.now());
    for (const f of scenario.faults) this.fault(f.fault, f.target);
  }

  clusters(): readonly TwinCluster[] {
    return this.list;
  }
  cluster(name: string): TwinCluster | undefined {
    return this.list.find((c) => c.name === name);
  }
  nodes(): TwinNode[] {
    return this.list.flatMap((c) => c.nodes);
  }
  /** By node name or IP (talosctl `-n` accepts both). */
  node(nameOrIp: string): TwinNode | undefined {
    return this.nodes().find((n) => n.name === nameOrIp || n.ip === nameOrIp);
  }
  clusterOf(node: TwinNode): TwinCluster {
    return this.cluster(node.cluster)!;
  }

  onChange(cb: (c: TwinChange) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }
  emit(change: TwinChange): void {
    for (const cb of [...this.listeners]) cb(change);
  }
  machineEvent(node: TwinNode, event: MachineEvent): void {
    this.emit({ kind: 'machine', cluster: node.cluster, node: node.name, event });
  }
  /** A timer on the twin's clock, cancelled by dispose(). */
  schedule(ms: number, fn: () => void): void {
    const h = this.clock.setTimeout(() => {
      this.timers.delete(h);
      fn();
    }, ms);
    this.timers.add(h);
  }
  dispose(): void {
    for (const h of this.timers) this.clock.clearTimeout(h);
    this.timers.clear();
    this.listeners.clear();
  }

  // ── faults ────────────────────────────────────────────────────────────────
  private checkFault(name: string, target: string): { fault: FaultName; node?: TwinNode; flux?: FluxFault } {
    if (!(FAULT_NAMES as readonly string[]).includes(name))
      throw new UserError(`unknown fault "${name}": valid faults are ${FAULT_NAMES.join(', ')}`);
    const fault = name as FaultName;
    if (fault === 'flux-failing') {
      const m = /^(ks|hr)\/([^/]+)\/([^/]+)$/.exec(target);
      const known = this.fluxTargets?.();
      if (!m || (known && !known.includes(target))) {
        const list = known?.length ? `; known objects: ${known.slice(0, 20).join(', ')}${known.length > 20 ? ', …' : ''}` : '';
        throw new UserError(`unknown Flux object "${target}" for flux-failing: use ks/<namespace>/<name> or hr/<namespace>/<name>${list}`);
      }
      const kind = m[1] as 'ks' | 'hr';
      return { fault, flux: { kind, fluxKind: kind === 'ks' ? 'Kustomization' : 'HelmRelease', namespace: m[2]!, name: m[3]! } };
    }
    const node = this.nodes().find((n) => n.name === target);
    if (!node) throw new UserError(`unknown node "${target}" for ${fault}: valid targets are ${this.nodes().map((n) => n.name).join(', ')}`);
    if ((fault === 'etcd-member-down' || fault === 'etcd-alarm-nospace') && !node.etcd)
      throw new UserError(`${fault} needs a control-plane node; ${target} runs no etcd member`);
    return { fault, node };
  }

  fault(name: string, target: string): void {
    const { fault, node, flux } = this.checkFault(name, target);
    if (flux) {
      this.flux.set(target, flux);
    } else if (node && !node.faults.has(fault)) {
      node.faults.add(fault);
      if (fault === 'node-unreachable') {
        node.unreachableSince = this.clock.now();
        this.schedule(this.timings.notReadyGraceMs, () => this.settle(node, 'node-monitor grace expired'));
      }
      if (fault === 'etcd-alarm-nospace' && node.etcd) {
        node.etcd.alarms = ['NOSPACE'];
        node.etcd.dbSizeBeforeAlarm = node.etcd.dbSize;
        node.etcd.dbSize = 2_147_483_648; // the default 2 GiB quota is full
      }
      this.settle(node, `fault ${fault}`);
    }
    this.emit({ kind: 'fault', fault, target, active: true });
  }

  heal(name: string, target: string): void {
    const { fault, node } = this.checkFault(name, target);
    const active = fault === 'flux-failing' ? this.flux.has(target) : node!.faults.has(fault);
    if (!active) {
      const now = this.activeFaults().map((f) => `${f.fault} ${f.target}`);
      throw new UserError(`${fault} is not active on ${target} (active: ${now.length ? now.join(', ') : 'none'})`);
    }
    if (fault === 'flux-failing') this.flux.delete(target);
    else if (node) {
      node.faults.delete(fault);
      if (fault === 'node-unreachable') delete node.unreachableSince;
      if (fault === 'etcd-alarm-nospace' && node.etcd) {
        node.etcd.alarms = [];
        node.etcd.dbSize = node.etcd.dbSizeBeforeAlarm ?? node.etcd.dbSize;
        delete node.etcd.dbSizeBeforeAlarm;
      }
      this.settle(node, `healed ${fault}`);
    }
    this.emit({ kind: 'fault', fault, target, active: false });
  }

  activeFaults(): { fault: FaultName; target: string }[] {
    const out: { fault: FaultName; target: string }[] = [];
    for (const n of this.nodes()) for (const f of n.faults) out.push({ fault: f, target: n.name });
    for (const t of this.flux.keys()) out.push({ fault: 'flux-failing', target: t });
    return out;
  }
  fluxFaults(): FluxFault[] {
    return [...this.flux.values()];
  }

  // ── derived state ─────────────────────────────────────────────────────────
  /** How the Talos API of a node answers: powered off / cut off → no route; rebooting → refused. */
  apiState(node: TwinNode): ApiState {
    if (node.faults.has('node-unreachable') || node.stage === 'off') return 'no-route';
    if (node.stage === 'rebooting') return 'refused';
    return 'ok';
  }
  /** The node's etcd member is up and reachable by its peers. */
  etcdHealthy(node: TwinNode): boolean {
    const svc = findService(node, 'etcd');
    return !!node.etcd && svc?.state === 'Running' && this.apiState(node) === 'ok';
  }

  settle(node: TwinNode, what: string): void {
    const now = this.clock.now();
    const bond = deriveBond(node.baselineBond, node.faults, node.mtu);
    if (JSON.stringify(bond) !== JSON.stringify(node.bond)) {
      node.bond = bond;
      this.bump(node, 'links');
    }
    this.settleEtcdService(node, now);
    this.bump(node, 'machinestatus');
    const kubelet = findService(node, 'kubelet');
    const cutOff = node.unreachableSince !== undefined && now - node.unreachableSince >= this.timings.notReadyGraceMs;
    const ready: TwinNode['kubeReady'] =
      node.stage === 'off' || node.stage === 'rebooting' || cutOff || kubelet?.state !== 'Running'
        ? 'Unknown'
        : node.stage === 'booting'
          ? 'False'
          : 'True';
    if (ready !== node.kubeReady) {
      node.kubeReady = ready;
      node.kubeReadySince = now;
    }
    const up = node.podsRunning && this.apiState(node) === 'ok' && !node.faults.has('bgp-down') && (node.stage === 'running' || node.stage === 'upgrading' || node.stage === 'shutting down');
    const bgpState = up ? 'Established' : 'Active';
    if (bgpState !== node.bgp.state) {
      if (node.bgp.state === 'Established') node.bgp.dropped += 1;
      if (bgpState === 'Established') node.bgp.established += 1;
      node.bgp.state = bgpState;
      node.bgp.since = now;
    }
    this.settleLeader(this.clusterOf(node));
    this.emit({ kind: 'node', cluster: node.cluster, node: node.name, what });
  }

  private settleEtcdService(node: TwinNode, now: number): void {
    const svc = findService(node, 'etcd');
    if (!svc || node.stage === 'off' || node.stage === 'rebooting') return;
    const down = node.faults.has('etcd-member-down');
    if (down && svc.state !== 'Failed') {
      svc.state = 'Failed';
      svc.health = 'Fail';
      svc.lastHealthMessage = 'context deadline exceeded';
      svc.events.push({ state: 'Failed', msg: 'Error running Containerd(etcd), going to restart forever: task "etcd" failed: exit code 1', ts: now });
    } else if (!down && svc.state === 'Failed') {
      svc.state = 'Running';
      svc.health = 'OK';
      svc.lastHealthMessage = '';
      svc.events.push({ state: 'Running', msg: 'Started task etcd (PID 2702) for container etcd', ts: now });
      svc.events.push({ state: 'Running', msg: 'Health check successful', ts: now });
    }
  }

  /** Raft: a leader needs a quorum of healthy members; a new leader means a new term. */
  private settleLeader(c: TwinCluster): void {
    const members = c.nodes.filter((n) => n.etcd);
    const healthy = members.filter((n) => this.etcdHealthy(n));
    const quorum = healthy.length > members.length / 2;
    const leaderOk = healthy.some((n) => n.name === c.etcd.leader);
    if (!quorum) c.etcd.leader = '';
    else if (!leaderOk) {
      c.etcd.leader = healthy[0]!.name;
      c.etcd.raftTerm += 1;
    }
  }

  raftIndex(c: TwinCluster): number {
    return c.etcd.raftIndexBase + Math.floor((this.clock.now() - c.etcd.startedAt) / 1000) * 7;
  }
  etcdRevision(c: TwinCluster): number {
    return c.etcd.revisionBase + Math.floor((this.clock.now() - c.etcd.startedAt) / 1000) * 3;
  }
  disarmAlarms(c: TwinCluster): void {
    for (const n of c.nodes) if (n.etcd) n.etcd.alarms = [];
    this.emit({ kind: 'cluster', cluster: c.name, what: 'etcd alarms disarmed' });
  }
  defrag(node: TwinNode): void {
    if (node.etcd) node.etcd.dbSize = Math.max(node.etcd.dbInUse, Math.round(node.etcd.dbInUse * 1.02));
    this.emit({ kind: 'node', cluster: node.cluster, node: node.name, what: 'etcd defragmented' });
  }

  // ── COSI resource versions ────────────────────────────────────────────────
  resourceVersion(node: TwinNode, key: string, initial = 2): number {
    return node.versions.get(key) ?? initial;
  }
  bump(node: TwinNode, key: string): void {
    node.versions.set(key, this.resourceVersion(node, key) + 1);
    node.updatedAt.set(key, this.clock.now());
  }
  /** `metadata.updated` of a node's resource group: its last change, else shortly after boot. */
  resourceUpdated(node: TwinNode, key: string): number {
    return Math.max(node.updatedAt.get(key) ?? 0, node.bootTime + 12_000);
  }
  bumpAll(node: TwinNode): void {
    for (const k of ['links', 'addresses', 'routes', 'machinestatus', 'members', 'nodename']) this.bump(node, k);
  }

  // ── Kubernetes-side and lifecycle actions ─────────────────────────────────
  setCordoned(nodeName: string, cordoned: boolean): void {
    const node = this.node(nodeName);
    if (!node || node.cordoned === cordoned) return;
    node.cordoned = cordoned;
    this.emit({ kind: 'node', cluster: node.cluster, node: node.name, what: cordoned ? 'cordoned' : 'uncordoned' });
  }
  setPodsRunning(node: TwinNode, running: boolean): void {
    node.podsRunning = running;
    this.settle(node, running ? 'pods started' : 'pods stopped');
  }
  setKubeletVersion(node: TwinNode, version: string): void {
    node.kubeletVersion = version;
    this.emit({ kind: 'node', cluster: node.cluster, node: node.name, what: `kubelet ${version}` });
  }
  setKubernetesVersion(c: TwinCluster, version: string): void {
    c.kubernetesVersion = version;
    this.emit({ kind: 'cluster', cluster: c.name, what: `kubernetes ${version}` });
  }
  upgrade(node: TwinNode, version: string): void {
    upgradeNode(this, node, version);
  }
  reboot(node: TwinNode): void {
    rebootNode(this, node);
  }
  shutdown(node: TwinNode, force = false): void {
    shutdownNode(this, node, force);
  }
  powerOn(node: TwinNode): void {
    if (node.stage === 'off') bootNode(this, node);
  }

  routerModel(): RouterModel {
    return routerModelOf(this);
  }

  /** Keep a cluster's ObjectStore in step with the twin (and read cordons back); returns detach. */
  attachKube(clusterName: string, store: ObjectStore): () => void {
    return attachKube(this, clusterName, store);
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
