/**
 * The runbook engine's one door to the platform, built from plat.yaml: looks (fleet, etcd, BGP,
 * bonds, backups, Flux) turned into check outcomes, and the actions (talosctl upgrade and
 * upgrade-k8s, the backup pipeline, uncordon, exec). Every other file of this room stays free of
 * I/O; tests run this against the lab.
 */
import { setMaxListeners } from 'node:events';
import type { ClusterConfig, NodeConfig, PlatConfig } from '../config/index.js';
import type { BackupEvent, ClusterBackupStatus, SnapshotLimits } from '../backup/index.js';
import { observeEtcd, type EtcdLook } from '../etcd/index.js';
import { collectFleet, platformSources, type ClusterState, type Finding } from '../fleet/index.js';
import type { Clock } from '../lab/clock.js';
import type { ProgressLine } from '../talos/index.js';
import { backupFresh, bgpEstablished, bondsHealthy, clusterHealthy, etcdHealthy, etcdNoAlarm, fluxReady, nodeBack, nodesReady } from './checks.js';
import type { CheckOutcome } from './events.js';
import type { FluxPort } from './flux-port.js';
import type { CheckSpec } from './schema.js';
import { durationMs } from './versions.js';

export interface ClusterFacts {
  at: number;
  state: ClusterState;
  findings: Finding[];
  etcd: EtcdLook;
  /** Node name of the etcd leader all members agree on. */
  leader?: string;
  /** The talosctl client's version (`talosctl version` Client block). */
  talosctl?: string;
}

export interface TalosUpgradeCall {
  image: string;
  /** Go duration for talosctl's own `--timeout`. */
  timeout: string;
  rebootMode?: 'default' | 'powercycle';
  stage?: boolean;
}

export interface K8sUpgradeCall {
  to: string;
  dryRun: boolean;
  prePullImages?: boolean;
  upgradeKubelet?: boolean;
}

/** How the backup pipeline ended for this cluster. */
export interface BackupOutcome {
  ok: boolean;
  /** 0, 1, 5 (refused: alarm, no healthy member) or 130. */
  exitCode: number;
  file?: string;
  revision?: number;
  error?: string;
  hint?: string;
}

export interface UpgradePlatform {
  readonly cluster: ClusterConfig;
  facts(signal?: AbortSignal): Promise<ClusterFacts>;
  /** One check, read-only (backup-fresh only says whether a backup would fix it). */
  check(spec: CheckSpec, signal?: AbortSignal): Promise<CheckOutcome>;
  /** Is this node back from its upgrade: version, stage, services, Ready, schedulable, etcd, BGP. */
  nodeBack(node: NodeConfig, target: string, signal?: AbortSignal): Promise<CheckOutcome[]>;
  upgradeTalos(node: NodeConfig, call: TalosUpgradeCall, signal: AbortSignal): AsyncIterable<ProgressLine>;
  upgradeK8s(node: NodeConfig, call: K8sUpgradeCall, signal: AbortSignal): AsyncIterable<ProgressLine>;
  /** The API server's version and each node's kubelet. */
  kubernetes(signal?: AbortSignal): Promise<{ controlPlane?: string; kubelets: Record<string, string | undefined> }>;
  uncordon(node: NodeConfig): Promise<void>;
  /** The backup pipeline for this cluster: its log lines, then how it ended. */
  backup(signal?: AbortSignal): AsyncGenerator<string, BackupOutcome>;
  flux(): FluxPort;
  /** A command as an argument array (no shell); the caller's signal ends it (the deadline runs on the clock). */
  exec(argv: string[], o: { signal: AbortSignal; env: Record<string, string> }): AsyncGenerator<string, number>;
  close(): Promise<void>;
}

export interface PlatformOptions {
  config: PlatConfig;
  cluster: ClusterConfig;
  env: NodeJS.ProcessEnv;
  clock: Clock;
  /** Where backups go (plat.yaml backup.dir, resolved). */
  backupDir: string;
  platVersion: string;
  flux: () => FluxPort;
  /** Snapshot watchdog limits; default the backup room's. */
  backupLimits?: SnapshotLimits;
  /** Per look; default 30 s. */
  lookTimeoutMs?: number;
}

/**
 * One look shared by every caller within `FRESH_MS` on the clock (and while it is in flight): a
 * gate's checks and the facts taken right before it cost one round of talosctl calls, not four.
 */
const FRESH_MS = 1000;

function fresh<T>(clock: Clock, look: (signal?: AbortSignal) => Promise<T>): (signal?: AbortSignal) => Promise<T> {
  let last: { at: number; value: Promise<T> } | undefined;
  return (signal) => {
    if (last && clock.now() - last.at <= FRESH_MS) return last.value;
    const value = look(signal);
    const mine = { at: clock.now(), value };
    last = mine;
    value.catch(() => {
      if (last === mine) last = undefined;
    });
    return value;
  };
}

export function upgradePlatform(o: PlatformOptions): UpgradePlatform {
  const { config, cluster, env, clock } = o;
  const sources = platformSources(config, env);
  const talos = sources.talosClient(cluster);
  let net: Promise<import('../network/index.js').NetSources> | undefined;
  const network = () => (net ??= import('../network/index.js').then((m) => m.netSources(config, env, { clock })));
  let fluxPort: FluxPort | undefined;
  const flux = () => (fluxPort ??= o.flux());
  const now = () => clock.now();
  const lookSignal = (signal?: AbortSignal) => {
    const s = AbortSignal.any([AbortSignal.timeout(o.lookTimeoutMs ?? 30_000), ...(signal ? [signal] : [])]);
    setMaxListeners(100, s);
    return s;
  };

  const fleetLook = fresh(clock, async (signal?: AbortSignal) => {
    const f = await collectFleet({ clusters: [cluster], sources, isReadOnly: () => false, now, signal: lookSignal(signal) });
    return { state: f.clusters[0]!, findings: f.findings };
  });
  const etcdLook = fresh(clock, (signal?: AbortSignal) => observeEtcd(talos, cluster, { now, signal: lookSignal(signal) }));
  const bgp = async (signal?: AbortSignal) => {
    const m = await import('../network/index.js');
    const view = await m.collectBgp(config, [cluster], await network(), { now, signal: lookSignal(signal) });
    return { pairs: view.pairs, routerError: view.router?.error?.message };
  };
  const backupStatus = async (): Promise<ClusterBackupStatus> => {
    const { backupState } = await import('../backup/index.js');
    const s = await backupState(o.backupDir, [cluster.name], config.backup, now());
    return s.clusters[0]!;
  };

  return {
    cluster,
    async facts(signal) {
      const [fleet, etcd] = await Promise.all([fleetLook(signal), etcdLook(signal)]);
      const leader = etcd.members.find((m) => m.memberId && m.memberId === etcd.leaderId)?.nodeName;
      const client = fleet.state.talosClientVersion;
      return { at: now(), state: fleet.state, findings: fleet.findings, etcd, ...(leader ? { leader } : {}), ...(client ? { talosctl: client } : {}) };
    },
    async check(spec, signal) {
      switch (spec.check) {
        case 'cluster-healthy':
          return clusterHealthy(cluster.name, (await fleetLook(signal)).findings, spec.ignore);
        case 'nodes-ready':
          return nodesReady((await fleetLook(signal)).state);
        case 'etcd-healthy':
          return etcdHealthy(await etcdLook(signal));
        case 'etcd-no-alarm':
          return etcdNoAlarm(await etcdLook(signal));
        case 'bgp-established': {
          const b = await bgp(signal);
          return bgpEstablished(cluster.name, b.pairs, undefined, b.routerError);
        }
        case 'bonds-healthy': {
          const m = await import('../network/index.js');
          const r = await m.collectBonds(config, [cluster], await network(), { now, signal: lookSignal(signal) });
          return bondsHealthy(cluster.name, r.findings);
        }
        case 'backup-fresh':
          return backupFresh(await backupStatus(), durationMs(spec.maxAge));
        case 'flux-ready': {
          const sel = { ...(spec.namespace ? { namespace: spec.namespace } : {}), ...(spec.kind ? { kind: spec.kind } : {}), ...(spec.labelSelector ? { labelSelector: spec.labelSelector } : {}) };
          return fluxReady(await flux().notReady(cluster, sel, signal));
        }
      }
    },
    async nodeBack(node, target, signal) {
      const [fleet, etcd, b] = await Promise.all([fleetLook(signal), etcdLook(signal), bgp(signal)]);
      return [...nodeBack(fleet.state, node.name, target), { ...etcdHealthy(etcd), check: 'etcd' }, { ...bgpEstablished(cluster.name, b.pairs, [node.name], b.routerError), check: 'bgp' }];
    },
    upgradeTalos(node, call, signal) {
      // one node per call: `-n a,b` would upgrade them in parallel (and ≤1.13 reports a partial failure with exit 0)
      return talos.upgrade(node.ip, { image: call.image, wait: true, timeout: call.timeout, signal, ...(call.rebootMode ? { rebootMode: call.rebootMode } : {}), ...(call.stage ? { stage: true } : {}) });
    },
    upgradeK8s(node, call, signal) {
      return talos.upgradeK8s(node.ip, { to: call.to, dryRun: call.dryRun, signal, ...(call.prePullImages !== undefined ? { prePullImages: call.prePullImages } : {}), ...(call.upgradeKubelet !== undefined ? { upgradeKubelet: call.upgradeKubelet } : {}) });
    },
    async kubernetes() {
      const k = await sources.kubeCluster(cluster);
      const [version, nodes] = await Promise.all([k.version(), k.listNodes()]);
      return { controlPlane: version, kubelets: Object.fromEntries(cluster.nodes.map((n) => [n.name, nodes.find((x) => x.name === n.name)?.kubeletVersion])) };
    },
    async uncordon(node) {
      const k = await sources.kubeCluster(cluster);
      await k.mergePatch('', 'v1', 'nodes', undefined, node.name, { spec: { unschedulable: null } });
    },
    async *backup(signal) {
      const b = await import('../backup/index.js');
      // The local, verified copy is what a rollback needs; shipping to destinations stays with `plat backup run`.
      const gen = b.runBackup({
        dir: o.backupDir, clusters: [cluster], compression: config.backup.compression, retention: config.backup.retention, schedule: config.backup.schedule, timezone: config.backup.timezone,
        talosFor: () => talos, clock, limits: o.backupLimits ?? b.DEFAULT_LIMITS, retryDelayMs: 5_000, platVersion: o.platVersion,
        command: `plat runbook (backup of ${cluster.name})`, ...(signal ? { signal } : {}),
        // stored encrypted when plat.yaml says so, as `plat backup run` would
        ...(config.backup.encryption ? { recipients: config.backup.encryption.recipients } : {}),
      }) as AsyncGenerator<{ type: string; at: string }, { clusters: { ok: boolean; exitCode: number; file?: string; revision?: number; error?: string; hint?: string }[] }>;
      let r = await gen.next();
      while (!r.done) {
        if (r.value.type !== 'snapshot-progress') yield (b.logLine(r.value as BackupEvent) as string | undefined)?.replace(/^\S+ /, '') ?? r.value.type;
        r = await gen.next();
      }
      const c = r.value.clusters[0];
      return c ? { ok: c.ok, exitCode: c.exitCode, ...(c.file ? { file: c.file } : {}), ...(c.revision !== undefined ? { revision: c.revision } : {}), ...(c.error ? { error: c.error } : {}), ...(c.hint ? { hint: c.hint } : {}) } : { ok: false, exitCode: 1, error: 'the backup pipeline reported nothing' };
    },
    flux,
    async *exec(argv, x) {
      const { execa } = await import('execa');
      const proc = execa(argv[0]!, argv.slice(1), { reject: false, stdin: 'ignore', all: true, buffer: false, env: { ...env, ...x.env }, cancelSignal: x.signal });
      for await (const line of proc.iterable({ from: 'all' })) yield String(line);
      const r = await proc;
      if (r.isCanceled) throw new Error('canceled');
      if (r.exitCode === undefined) throw new Error(r.code === 'ENOENT' ? `${argv[0]} not found` : `could not start ${argv[0]} (${r.code ?? r.signal ?? 'unknown'})`);
      return r.exitCode;
    },
    async close() {
      await (await net)?.close();
    },
  };
}
