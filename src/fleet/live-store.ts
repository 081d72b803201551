/**
 * The dashboard's live store. Each cluster has two loops (Talos, Kubernetes); a loop never
 * overlaps itself (the next run is scheduled only when the previous one ended), backs off on
 * errors, and keeps the last good view marked stale rather than blanking the screen. The store
 * recomputes FleetState on every change and tells subscribers; views decide when to repaint.
 * Polled panels (network, etcd) ride along on their own interval; live panels (Flux) push.
 */
import type { ClusterConfig } from '../config/index.js';
import type { Clock } from '../lab/clock.js';
import { errorReason } from './reason.js';
import { fluxFindings } from './flux-findings.js';
import type { FleetState, Finding, SourceStatus } from './model.js';
import { mergeCluster, type ClusterInputs } from './merge.js';
import { sortFindings } from '../findings/index.js';
import { evaluateFindings } from './rules/index.js';
import { backupFindings } from './rules/backup-rules.js';
import type { ClusterSources, KubeClusterView, TalosClusterView } from './sources.js';

/**
 * A slower, wider look that rides along with the fleet (bonds/BGP/pools, etcd…): polled on its own
 * interval, handed its previous result (for "grew since the last look" rules), its findings merged.
 */
export interface Panel<K extends PanelKey = PanelKey> {
  key: K;
  intervalMs: number;
  collect(previous: NonNullable<FleetState[K]> | undefined, signal: AbortSignal): Promise<NonNullable<FleetState[K]>>;
  stop?(): void;
}
export type PanelKey = 'network' | 'etcd' | 'runbooks';

/**
 * A pushed look (a watch, e.g. Flux): it says when it changed, and the store takes its snapshot
 * only when the state is next read, so a burst of watch events costs one snapshot per repaint.
 */
export interface LivePanel<K extends LivePanelKey = LivePanelKey> {
  key: K;
  start(onChange: () => void): void;
  /** undefined until it has something to show (its room may still be loading). */
  snapshot(): FleetState[K];
  stop(): void;
}
export type LivePanelKey = 'flux';

export interface LiveStoreOptions {
  panels?: Panel[];
  livePanels?: LivePanel[];
  clusters: ClusterConfig[];
  sources: ClusterSources & {
    /** Optional push updates for Kubernetes (list+watch); polling is used when absent. */
    watchKube?(cluster: ClusterConfig, onView: (v: KubeClusterView) => void, onError: (e: unknown) => void): () => void;
  };
  isReadOnly: (c: ClusterConfig) => boolean;
  clock: Clock;
  intervalMs?: number;
  maxBackoffMs?: number;
  callTimeoutMs?: number;
}

type Kind = 'talos' | 'kube';

interface Loop<V> {
  status: SourceStatus;
  view?: V | undefined;
  failures: number;
  running: boolean;
  timer?: unknown;
  callTimeout?: unknown;
  abort?: AbortController;
}

export class FleetLiveStore {
  private readonly loops = new Map<string, { talos: Loop<TalosClusterView>; kube: Loop<KubeClusterView> }>();
  private readonly listeners = new Set<() => void>();
  private readonly unwatch: (() => void)[] = [];
  private readonly panelData: Partial<Pick<FleetState, PanelKey>> = {};
  private readonly panelTimers = new Map<PanelKey, unknown>();
  private readonly panelAborts = new Set<AbortController>();
  private state: FleetState;
  private base!: FleetState;
  /** A live panel changed since the state was last built. */
  private liveChanged = false;
  private stopped = true;

  constructor(private readonly opts: LiveStoreOptions) {
    for (const c of opts.clusters) {
      this.loops.set(c.name, { talos: { status: { state: 'syncing' }, failures: 0, running: false }, kube: { status: { state: 'syncing' }, failures: 0, running: false } });
    }
    this.state = this.compute();
  }

  getState = (): FleetState => {
    if (this.liveChanged) {
      this.liveChanged = false;
      this.state = this.withLive({ ...this.base, at: this.opts.clock.now() });
    }
    return this.state;
  };

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    for (const p of this.opts.panels ?? []) this.runPanel(p);
    for (const p of this.opts.livePanels ?? []) {
      p.start(() => {
        if (this.stopped) return;
        this.liveChanged = true;
        for (const fn of this.listeners) fn();
      });
    }
    for (const c of this.opts.clusters) {
      this.run(c, 'talos');
      const watch = this.opts.sources.watchKube;
      if (watch) {
        this.unwatch.push(
          watch.call(this.opts.sources, c, (v) => this.settle(c, 'kube', { ok: true, view: v }), (e) => this.settle(c, 'kube', { ok: false, error: e })),
        );
      } else {
        this.run(c, 'kube');
      }
    }
  }

  stop(): void {
    this.stopped = true;
    for (const l of this.loops.values()) {
      for (const loop of [l.talos, l.kube] as Loop<unknown>[]) {
        if (loop.timer !== undefined) this.opts.clock.clearTimeout(loop.timer);
        if (loop.callTimeout !== undefined) this.opts.clock.clearTimeout(loop.callTimeout);
        loop.abort?.abort();
      }
    }
    this.unwatch.splice(0).forEach((u) => u());
    for (const t of this.panelTimers.values()) this.opts.clock.clearTimeout(t);
    for (const a of this.panelAborts) a.abort(new Error('the dashboard is stopping'));
    for (const p of this.opts.panels ?? []) p.stop?.();
    for (const p of this.opts.livePanels ?? []) p.stop();
  }

  private runPanel(p: Panel): void {
    if (this.stopped) return;
    const abort = new AbortController();
    // Aborted by stop(): a quit during a look must not wait for its queued talosctl calls.
    this.panelAborts.add(abort);
    const timeout = this.opts.clock.setTimeout(() => abort.abort(new Error(`${p.key} look timed out`)), this.opts.callTimeoutMs ?? 30_000);
    // Each panel writes only its own key; the union type cannot say so, hence the record view.
    const data = this.panelData as Record<PanelKey, unknown>;
    (p.collect as (prev: unknown, signal: AbortSignal) => Promise<unknown>)(data[p.key], abort.signal)
      .then(
        (result) => {
          if (this.stopped) return;
          data[p.key] = result;
          this.state = this.compute();
          for (const fn of this.listeners) fn();
        },
        () => {
          /* a panel reports its own source problems as findings; a thrown look keeps the last data */
        },
      )
      .finally(() => {
        this.panelAborts.delete(abort);
        this.opts.clock.clearTimeout(timeout);
        if (!this.stopped) this.panelTimers.set(p.key, this.opts.clock.setTimeout(() => this.runPanel(p), p.intervalMs));
      });
  }

  /** Ask every idle loop to run now (the dashboard's refresh key); running loops are left alone. */
  refreshNow(): void {
    for (const c of this.opts.clusters) for (const k of ['talos', 'kube'] as Kind[]) {
      const loop = this.loops.get(c.name)![k] as Loop<unknown>;
      if (loop.running || (k === 'kube' && this.opts.sources.watchKube)) continue;
      if (loop.timer !== undefined) this.opts.clock.clearTimeout(loop.timer);
      this.run(c, k);
    }
  }

  private run(c: ClusterConfig, kind: Kind): void {
    if (this.stopped) return;
    const loop = this.loops.get(c.name)![kind] as Loop<unknown>;
    loop.running = true;
    loop.timer = undefined;
    const abort = new AbortController();
    loop.abort = abort;
    loop.callTimeout = this.opts.clock.setTimeout(() => abort.abort(new Error(`${kind} call timed out`)), this.opts.callTimeoutMs ?? 20_000);
    const call = kind === 'talos' ? this.opts.sources.talos(c, abort.signal) : this.opts.sources.kube(c, abort.signal);
    call.then(
      (view) => this.settle(c, kind, { ok: true, view }),
      (error) => this.settle(c, kind, { ok: false, error }),
    ).finally(() => {
      this.opts.clock.clearTimeout(loop.callTimeout);
      loop.callTimeout = undefined;
      loop.running = false;
      if (this.stopped) return;
      const base = this.opts.intervalMs ?? 5_000;
      const delay = loop.failures === 0 ? base : Math.min(this.opts.maxBackoffMs ?? 60_000, base * 2 ** Math.min(loop.failures, 6));
      loop.timer = this.opts.clock.setTimeout(() => this.run(c, kind), delay);
    });
  }

  private settle(c: ClusterConfig, kind: Kind, r: { ok: true; view: unknown } | { ok: false; error: unknown }): void {
    if (this.stopped) return;
    const loop = this.loops.get(c.name)![kind] as Loop<unknown>;
    const now = this.opts.clock.now();
    if (r.ok) {
      loop.view = r.view;
      loop.failures = 0;
      loop.status = { state: 'ok', at: now };
    } else {
      loop.failures++;
      const reason = errorReason(r.error);
      const since = loop.status.state === 'error' || loop.status.state === 'stale' ? loop.status.since : now;
      // Keep showing the last good data, marked stale; with nothing to show it is an error.
      loop.status = loop.view !== undefined ? { state: 'stale', since, reason } : { state: 'error', reason, since };
    }
    this.state = this.compute();
    for (const fn of this.listeners) fn();
  }

  private compute(): FleetState {
    const clusters = this.opts.clusters.map((c) => {
      const l = this.loops.get(c.name)!;
      const inputs: ClusterInputs = { talos: { status: l.talos.status, view: l.talos.view }, kube: { status: l.kube.status, view: l.kube.view } };
      return mergeCluster(c, inputs, this.opts.isReadOnly(c));
    });
    const at = this.opts.clock.now();
    this.liveChanged = false;
    // Kept without the live panels' data, which getState lays over it again on every change.
    this.base = withPanels({ at, clusters, findings: evaluateFindings(clusters, at) }, this.panelData);
    return this.withLive({ ...this.base });
  }

  private withLive(state: FleetState): FleetState {
    for (const p of this.opts.livePanels ?? []) {
      const data = p.snapshot();
      if (data !== undefined) state[p.key] = data;
    }
    // Failing Flux objects count in the cluster badges and the Overview like any other finding.
    const flux = state.flux ? fluxFindings(state.flux, state.at) : [];
    return flux.length ? { ...state, findings: sortFindings([...state.findings, ...flux]) } : state;
  }
}

/** FleetState with the panels' data attached and their findings merged (worst first). */
export function withPanels(state: FleetState, panels: Partial<Pick<FleetState, PanelKey>>): FleetState {
  const etcd = panels.etcd;
  const fromEtcd = etcd?.clusters.flatMap((c) => [...c.findings, ...backupFindings(c.look.cluster, c, etcd.at)]) ?? [];
  const extra = relevantFindings([...(panels.network?.findings ?? []), ...fromEtcd], state);
  return { ...state, ...panels, findings: extra.length ? sortFindings([...state.findings, ...extra]) : state.findings };
}

/** A panel's "could not read node X" adds nothing when the fleet already says X is unreachable. */
function relevantFindings(fs: readonly Finding[], state: FleetState): Finding[] {
  const down = new Set(state.clusters.flatMap((c) => c.nodes.filter((n) => !n.talosReachable).map((n) => n.name)));
  if (down.size === 0) return [...fs];
  return fs.filter((f) => !(f.rule.endsWith('.unread') && [...down].some((n) => f.subject.includes(n))));
}
