import { describe, expect, it } from 'vitest';
import type { FluxRow, FluxSnapshot } from '../flux/index.js';
import { fluxFindings } from './flux-findings.js';

const now = Date.parse('2026-11-27T12:00:00Z');
const row = (name: string, state: FluxRow['state'], o: Partial<FluxRow> = {}): FluxRow => ({
  cluster: 'apps', kind: 'Kustomization', apiVersion: 'kustomize.toolkit.fluxcd.io/v1', namespace: 'flux-system', name,
  ready: state === 'Ready' ? 'True' : 'False', state, suspended: state === 'Suspended', reason: '', message: '', revision: '',
  progress: { status: 'Current', message: '' }, dependsOn: [], conditions: [], ...o,
});
const snap = (rows: FluxRow[], clusters: FluxSnapshot['clusters'] = [{ cluster: 'apps', state: 'ok', kinds: [] }]): FluxSnapshot => ({ rows, clusters, version: 1 });

describe('Flux findings for the Overview', () => {
  it('a healthy, suspended or progressing tree is no finding', () => {
    expect(fluxFindings(snap([row('a', 'Ready'), row('b', 'Suspended'), row('c', 'Progressing')]), now)).toEqual([]);
  });

  it('names the longest-failing object first, why, and what to run next', () => {
    const f = fluxFindings(snap([
      row('apps', 'Blocked', { reason: 'DependencyNotReady', message: "dependency 'flux-system/cert-manager' is not ready" }),
      row('podinfo', 'Failed', { since: '2026-11-27T11:58:00Z', reason: 'BuildFailed', message: 'kustomize build failed' }),
      row('cert-manager', 'Stalled', { since: '2026-11-27T11:48:00Z', reason: 'HealthCheckFailed', message: 'Deployment cert-manager/cert-manager-webhook not ready' }),
    ]), now);
    expect(f.map((x) => [x.rule, x.severity])).toEqual([['flux.failing', 'critical'], ['flux.blocked', 'warning']]);
    expect(f[0]!.what).toBe('Flux: 2 objects failing (ks/flux-system/cert-manager, ks/flux-system/podinfo)');
    expect(f[0]!.why).toBe('HealthCheckFailed: Deployment cert-manager/cert-manager-webhook not ready');
    expect(f[0]!.action).toContain('plat flux why ks/flux-system/cert-manager --cluster apps');
    expect(f[1]!.action).toBe('they follow once the failing objects above are fixed');
  });

  it('one failing object says since when', () => {
    const [f] = fluxFindings(snap([row('cert-manager', 'Stalled', { since: '2026-11-27T11:48:00Z', reason: 'HealthCheckFailed' })]), now);
    expect(f!.what).toBe('Flux: ks/flux-system/cert-manager is stalled for 12m');
  });

  it('an unreadable cluster is its own warning, not "all Ready"', () => {
    const f = fluxFindings(snap([], [{ cluster: 'apps', state: 'unreachable', error: 'connect ECONNREFUSED 127.0.0.1:6443', kinds: [] }]), now);
    expect(f).toMatchObject([{ rule: 'flux.unread', severity: 'warning', why: 'connect ECONNREFUSED 127.0.0.1:6443' }]);
  });
});
