import { describe, expect, it } from 'vitest';
import { ManualClock } from '../lab/clock.js';
import { parseConfigText, configTemplate } from '../config/index.js';
import type { FluxRow, FluxSnapshot } from '../flux/index.js';
import { FleetLiveStore, withPanels, type LivePanel } from './live-store.js';
import type { ClusterSources, KubeClusterView, TalosClusterView } from './sources.js';

const cfg = parseConfigText(configTemplate, 'plat.yaml');
const talosView = (ips: string[], version = 'v1.11.5'): TalosClusterView => ({
  clientVersion: 'v1.11.5',
  nodes: Object.fromEntries(ips.map((ip) => [ip, { version, services: [{ id: 'etcd', state: 'Running', health: 'OK' }], stage: 'running', unmetConditions: [] }])),
});
const kubeView = (names: string[]): KubeClusterView => ({
  version: 'v1.34.1',
  nodes: names.map((name) => ({ name, ready: true, conditions: [{ type: 'Ready', status: 'True' }], kubeletVersion: 'v1.34.1', unschedulable: false, roles: ['control-plane'] })),
});

/** Sources whose answers the test releases one by one, counting calls. */
function controlledSources() {
  const pending: { kind: string; cluster: string; resolve: (v: unknown) => void; reject: (e: unknown) => void }[] = [];
  const calls = { talos: 0, kube: 0 };
  const sources: ClusterSources = {
    talos: (c) => new Promise((resolve, reject) => (calls.talos++, pending.push({ kind: 'talos', cluster: c.name, resolve: resolve as (v: unknown) => void, reject }))),
    kube: (c) => new Promise((resolve, reject) => (calls.kube++, pending.push({ kind: 'kube', cluster: c.name, resolve: resolve as (v: unknown) => void, reject }))),
  };
  const take = (kind: string, cluster: string) => {
    const i = pending.findIndex((p) => p.kind === kind && p.cluster === cluster);
    if (i < 0) throw new Error(`no pending ${kind} call for ${cluster}`);
    return pending.splice(i, 1)[0]!;
  };
  return { sources, pending, calls, take };
}
const flush = () => new Promise((r) => setImmediate(r));

describe('FleetLiveStore', () => {
  it('stop() aborts a panel look in flight (a quit must not wait for its queued calls)', async () => {
    const clock = new ManualClock();
    const s = controlledSources();
    let seen: AbortSignal | undefined;
    const panel = { key: 'etcd' as const, intervalMs: 30_000, collect: (_prev: unknown, signal: AbortSignal) => ((seen = signal), new Promise<never>(() => {})) };
    const store = new FleetLiveStore({ clusters: cfg.clusters, sources: s.sources, isReadOnly: () => false, clock, intervalMs: 1000, panels: [panel as never] });
    store.start();
    await flush();
    expect(seen?.aborted).toBe(false);
    store.stop();
    expect(seen?.aborted).toBe(true);
  });

  it('starts syncing, fills in as answers arrive, never overlaps a loop, and backs off on errors', async () => {
    const clock = new ManualClock();
    const s = controlledSources();
    const store = new FleetLiveStore({ clusters: cfg.clusters, sources: s.sources, isReadOnly: () => false, clock, intervalMs: 1000 });
    let notified = 0;
    store.subscribe(() => notified++);
    expect(store.getState().clusters.map((c) => c.talos.state)).toEqual(['syncing', 'syncing']);
    store.start();
    expect(s.calls).toEqual({ talos: 2, kube: 2 });
    clock.advance(5000); // nothing answered yet: no second call may start
    expect(s.calls).toEqual({ talos: 2, kube: 2 });

    s.take('talos', 'infra').resolve(talosView(['10.25.11.11', '10.25.11.12', '10.25.11.13']));
    s.take('kube', 'infra').resolve(kubeView(['infra-01', 'infra-02', 'infra-03']));
    s.take('kube', 'apps').reject(new Error('connect ECONNREFUSED 127.0.0.1:6443'));
    s.take('talos', 'apps').resolve(talosView(['10.25.11.14', '10.25.11.15', '10.25.11.16']));
    await flush();
    const st = store.getState();
    expect(notified).toBe(4);
    expect(st.clusters[0]!.nodes[0]).toMatchObject({ name: 'infra-01', ready: true, talosVersion: 'v1.11.5' });
    expect(st.clusters[1]!.kube).toMatchObject({ state: 'error', reason: 'connect ECONNREFUSED 127.0.0.1:6443' });
    expect(st.findings.map((f) => f.rule)).toEqual(['source.kube-unreachable']);

    clock.advance(1000); // infra kube + both talos loops come round again; apps kube backs off (2 s)
    expect(s.calls).toEqual({ talos: 4, kube: 3 });
    clock.advance(1000);
    expect(s.calls.kube).toBe(4);
    store.stop();
  });

  it('keeps the last good view marked stale when refreshes start failing', async () => {
    const clock = new ManualClock();
    const s = controlledSources();
    const store = new FleetLiveStore({ clusters: cfg.clusters.slice(0, 1), sources: s.sources, isReadOnly: () => false, clock, intervalMs: 1000 });
    store.start();
    s.take('talos', 'infra').resolve(talosView(['10.25.11.11', '10.25.11.12', '10.25.11.13']));
    s.take('kube', 'infra').resolve(kubeView(['infra-01', 'infra-02', 'infra-03']));
    await flush();
    clock.advance(1000);
    s.take('talos', 'infra').reject(new Error('exit status 1: rpc error: code = Unavailable'));
    await flush();
    const c = store.getState().clusters[0]!;
    expect(c.talos).toMatchObject({ state: 'stale', reason: 'exit status 1: rpc error: code = Unavailable' });
    expect(c.nodes[0]!.talosVersion).toBe('v1.11.5');
    expect(store.getState().findings.map((f) => f.rule)).toEqual(['source.stale']);
    store.stop();
    expect(clock.pending()).toBe(0);
  });

  it('a Flux finding is counted once however many changes the live panel reports', () => {
    const clock = new ManualClock(1_000);
    const s = controlledSources();
    let onChange: (() => void) | undefined;
    let version = 1;
    const panel: LivePanel<'flux'> = {
      key: 'flux',
      start: (cb) => void (onChange = cb),
      snapshot: (): FluxSnapshot => ({ rows: [], clusters: [{ cluster: 'infra', state: 'unreachable', error: 'connect ECONNREFUSED' }] as never, version }),
      stop: () => void (onChange = undefined),
    };
    const store = new FleetLiveStore({ clusters: cfg.clusters, sources: s.sources, isReadOnly: () => false, clock, intervalMs: 1000, livePanels: [panel] });
    store.start();
    for (; version <= 3; version++) {
      onChange!();
      clock.advance(100);
      expect(store.getState().findings.filter((f) => f.rule === 'flux.unread')).toHaveLength(1);
    }
    store.stop();
  });

  it('a Talos answer with the same Flux snapshot does not walk its rows again; the finding still ages', async () => {
    const clock = new ManualClock(Date.parse('2026-11-27T12:00:00Z'));
    const s = controlledSources();
    const stalled = {
      cluster: 'infra', kind: 'Kustomization', apiVersion: 'kustomize.toolkit.fluxcd.io/v1', namespace: 'flux-system', name: 'cert-manager',
      ready: 'False', state: 'Stalled', suspended: false, reason: 'HealthCheckFailed', message: 'timeout waiting for: [Deployment/cert-manager/cert-manager-webhook]',
      revision: '', since: '2026-11-27T11:48:00Z', progress: { status: 'Failed', message: '' }, dependsOn: [], conditions: [],
    } satisfies FluxRow;
    // Counts every look at the rows: what the findings would cost per poll over 5,000 of them.
    let rowReads = 0;
    const snapshot: FluxSnapshot = {
      get rows() {
        rowReads++;
        return [stalled];
      },
      clusters: [{ cluster: 'infra', state: 'ok', kinds: [] }],
      version: 7,
    };
    const panel: LivePanel<'flux'> = { key: 'flux', start: (cb) => cb(), snapshot: () => snapshot, stop: () => {} };
    const store = new FleetLiveStore({ clusters: cfg.clusters, sources: s.sources, isReadOnly: () => false, clock, intervalMs: 1000, callTimeoutMs: 600_000, livePanels: [panel] });
    const failing = () => store.getState().findings.filter((f) => f.rule === 'flux.failing').map((f) => f.what);
    store.start();
    expect(failing()).toEqual(['Flux: ks/flux-system/cert-manager is stalled for 12m']);
    const reads = rowReads;
    expect(reads).toBeGreaterThan(0);

    clock.advance(60_000);
    s.take('talos', 'infra').resolve(talosView(['10.25.11.11']));
    await flush();
    s.take('talos', 'apps').resolve(talosView(['10.25.11.14']));
    await flush();
    expect(store.getState().clusters.map((c) => c.talos.state)).toEqual(['ok', 'ok']);
    expect(failing()).toEqual(['Flux: ks/flux-system/cert-manager is stalled for 13m']);
    expect(rowReads).toBe(reads);
    store.stop();
  });

  it('a live panel (Flux) pushes: each change is told at once, its snapshot is taken only when the state is read', async () => {
    const clock = new ManualClock(1_000);
    const s = controlledSources();
    let onChange: (() => void) | undefined;
    let snapshots = 0;
    let version = 0;
    const panel: LivePanel<'flux'> = {
      key: 'flux',
      start: (cb) => void (onChange = cb),
      snapshot: (): FluxSnapshot | undefined => (version === 0 ? undefined : (snapshots++, { rows: [], clusters: [], version })),
      stop: () => void (onChange = undefined),
    };
    const store = new FleetLiveStore({ clusters: cfg.clusters, sources: s.sources, isReadOnly: () => false, clock, intervalMs: 1000, livePanels: [panel] });
    let notified = 0;
    store.subscribe(() => notified++);
    store.start();
    expect(store.getState().flux).toBeUndefined();
    const first = store.getState();
    expect(store.getState()).toBe(first); // nothing changed: the same object

    // A burst of watch events: every one is told, none builds a snapshot…
    for (version = 1; version <= 50; version++) onChange!();
    version = 50;
    expect(notified).toBe(50);
    expect(snapshots).toBe(0);
    // …until the state is read (the dashboard does so on its repaint throttle): once.
    clock.advance(300);
    const st = store.getState();
    expect(st.flux?.version).toBe(50);
    expect(st.at).toBe(1_300);
    expect(store.getState()).toBe(st);
    expect(snapshots).toBe(1);

    // A Talos answer rebuilds the state and keeps the Flux data.
    s.take('talos', 'infra').resolve(talosView(['10.25.11.11']));
    await flush();
    expect(store.getState().flux?.version).toBe(50);
    expect(store.getState().clusters[0]!.talos.state).toBe('ok');
    store.stop();
    expect(onChange).toBeUndefined();
  });
});

describe('withPanels', () => {
  it("lays the etcd panel's backup state over the fleet as findings; the panel's own findings stay its own", () => {
    const look = { cluster: 'infra', members: [], leaders: [], alarms: [] } as unknown as import('../etcd/index.js').EtcdLook;
    const etcd = {
      at: Date.parse('2026-11-27T12:00:00Z'),
      clusters: [{ look, findings: [], backup: { stale: true, staleAfterMs: 12 * 3_600_000, nextRun: 0, count: 0, retention: { keep: 0, remove: 0 }, lastRunFailed: false } }],
    };
    const state = withPanels({ at: etcd.at, clusters: [], findings: [] }, { etcd });
    expect(state.findings.map((f) => [f.rule, f.cluster, f.what])).toEqual([['backup.none', 'infra', 'no verified etcd backup of infra']]);
    expect(etcd.clusters[0]!.findings).toEqual([]);
  });
});
