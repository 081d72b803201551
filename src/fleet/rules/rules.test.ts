import { describe, expect, it } from 'vitest';
import type { ClusterState, NodeState } from '../model.js';
import { clusterVerdict, evaluateFindings, humanDuration } from './index.js';

const now = Date.parse('2026-11-27T12:00:00Z');
const services = (over: Partial<Record<string, [string, string]>> = {}) =>
  ['apid', 'containerd', 'cri', 'etcd', 'kubelet', 'machined', 'trustd', 'udevd'].map((id) => {
    const [state, health] = over[id] ?? ['Running', 'OK'];
    return { id, state, health, lastMessage: state === 'Running' ? 'Health check successful' : 'Failed to run pre stage: context deadline exceeded' };
  });
const node = (name: string, ip: string, over: Partial<NodeState> = {}): NodeState => ({
  cluster: 'apps', name, ip, role: 'controlplane', talosReachable: true, talosVersion: 'v1.11.5', kubeletVersion: 'v1.34.1',
  ready: true, cordoned: false, services: services(), stage: 'running', unmetConditions: [], ...over,
});
const cluster = (nodes: NodeState[], over: Partial<ClusterState> = {}): ClusterState => ({
  name: 'apps', id: 2, readOnly: false, talos: { state: 'ok', at: now }, kube: { state: 'ok', at: now }, nodes,
  talosClientVersion: 'v1.11.5', kubernetesVersion: 'v1.34.1', ...over,
});
const healthy = () => [node('apps-01', '10.25.11.14'), node('apps-02', '10.25.11.15'), node('apps-03', '10.25.11.16')];

describe('fleet findings', () => {
  it('a healthy cluster has no findings and is healthy', () => {
    const c = cluster(healthy());
    expect(evaluateFindings([c], now)).toEqual([]);
    expect(clusterVerdict(c, [])).toBe('healthy');
  });

  it('NotReady control plane is critical and says since when and why', () => {
    const ns = healthy();
    ns[1] = node('apps-02', '10.25.11.15', { ready: false, conditions: [{ type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', since: '2026-11-27T11:48:00Z' }] });
    const [f] = evaluateFindings([cluster(ns)], now);
    expect(f).toMatchObject({ rule: 'node.not-ready', severity: 'critical', subject: 'apps-02', what: 'apps-02 is NotReady since 12m ago (11:48 UTC)' });
    expect(f!.why).toBe('Ready=Unknown (NodeStatusUnknown): Kubelet stopped posting node status.');
  });

  it('an unreachable node marks that node, not the cluster', () => {
    const ns = healthy();
    ns[2] = node('apps-03', '10.25.11.16', { talosReachable: false, talosError: 'rpc error: code = Unavailable desc = connection refused', services: [], talosVersion: undefined });
    const fs = evaluateFindings([cluster(ns)], now);
    expect(fs.map((f) => f.rule)).toEqual(['node.talos-unreachable']);
    expect(fs[0]!.action).toContain('talosctl -n 10.25.11.16 version');
  });

  it('service not running: etcd is critical with the last event', () => {
    const ns = healthy();
    ns[0] = node('apps-01', '10.25.11.14', { services: services({ etcd: ['Failed', 'Fail'], udevd: ['Running', '?'] }) });
    const fs = evaluateFindings([cluster(ns)], now);
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ severity: 'critical', subject: 'etcd on apps-01', what: 'service etcd on apps-01 is Failed/Fail' });
  });

  it('mixed Talos versions, client skew and kubelet skew', () => {
    const ns = healthy();
    ns[2] = node('apps-03', '10.25.11.16', { talosVersion: 'v1.10.7', kubeletVersion: 'v1.32.3' });
    const fs = evaluateFindings([cluster(ns, { talosClientVersion: 'v1.12.0' })], now);
    expect(fs.map((f) => f.rule).sort()).toEqual(['kube.kubelet-skew', 'talos.client-skew', 'talos.version-mixed']);
    expect(fs.find((f) => f.rule === 'talos.version-mixed')!.why).toBe('v1.11.5 on apps-01, apps-02; v1.10.7 on apps-03');
    expect(fs.find((f) => f.rule === 'talos.client-skew')!.what).toBe('talosctl v1.12.0 is newer than the nodes (v1.10.7)');
    expect(fs.find((f) => f.rule === 'kube.kubelet-skew')!.what).toBe('kubelet v1.32.3 on apps-03 is 2 minors behind the control plane v1.34.1');
  });

  it('an older talosctl is told the minor to use, also when the nodes run a pre-release; the newest pre-release is the one after alpha.2', () => {
    const ns = healthy().map((n, i) => ({ ...n, talosVersion: ['v1.13.0-alpha.2', 'v1.13.0-alpha.10', 'v1.13.0-alpha.2'][i] }));
    const f = evaluateFindings([cluster(ns, { talosClientVersion: 'v1.12.4' })], now).find((x) => x.rule === 'talos.client-skew')!;
    expect(f.what).toBe('talosctl v1.12.4 is older than the nodes (v1.13.0-alpha.10)');
    expect(f.action).toBe('use talosctl v1.13.x for this cluster (or upgrade the nodes)');
  });

  it('Talos versions that do not parse are no versions to compare talosctl with', () => {
    const ns = healthy().map((n) => ({ ...n, talosVersion: 'unknown' }));
    const fs = evaluateFindings([cluster(ns, { talosClientVersion: 'v1.12.4' })], now);
    expect(fs.map((f) => f.rule)).not.toContain('talos.client-skew');
  });

  it('a kubelet one minor behind is fine; one newer than the API server is critical', () => {
    const ns = healthy();
    ns[0] = node('apps-01', '10.25.11.14', { kubeletVersion: 'v1.33.4' });
    ns[1] = node('apps-02', '10.25.11.15', { kubeletVersion: 'v1.35.0' });
    const fs = evaluateFindings([cluster(ns)], now);
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ severity: 'critical', subject: 'apps-02' });
  });

  it('stage and cordon', () => {
    const ns = healthy();
    ns[0] = node('apps-01', '10.25.11.14', { stage: 'upgrading', cordoned: true });
    ns[1] = node('apps-02', '10.25.11.15', { unmetConditions: ['nodeReady: node "apps-02" status is not available yet'] });
    const rules = evaluateFindings([cluster(ns)], now).map((f) => `${f.rule} ${f.subject}`);
    expect(rules).toEqual(['node.cordoned apps-01', 'node.stage apps-01', 'node.unmet-conditions apps-02']);
  });

  it('worst first across clusters; verdicts', () => {
    const a = cluster(healthy(), { kube: { state: 'error', reason: 'connect ECONNREFUSED 127.0.0.1:6443', since: now } });
    const b = cluster(healthy().map((n) => ({ ...n, cluster: 'infra', cordoned: n.name === 'apps-01' })), { name: 'infra' });
    const fs = evaluateFindings([b, a], now);
    expect(fs.map((f) => f.severity)).toEqual(['critical', 'warning']);
    expect(clusterVerdict(a, fs)).toBe('critical');
    expect(clusterVerdict(b, fs)).toBe('degraded');
    expect(clusterVerdict(cluster([], { kube: { state: 'error', reason: 'x', since: now }, talos: { state: 'error', reason: 'y', since: now } }), fs)).toBe('unreachable');
  });

  it('humanises durations', () => {
    expect([42, 420, 3 * 3600 + 720, 3 * 86400 + 4 * 3600].map(humanDuration)).toEqual(['42s', '7m', '3h12m', '3d4h']);
  });
});
