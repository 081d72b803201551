import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { KubeResource } from '../kube/index.js';
import { parseKind } from './kinds.js';
import { fluxRow, parseStatusSelector, truncateHex } from './readiness.js';

const fixture = (name: string): KubeResource => parse(readFileSync(new URL(`../../test/fixtures/flux/${name}.yaml`, import.meta.url), 'utf8')) as KubeResource;
const row = (name: string) => {
  const o = fixture(name);
  return fluxRow('apps', parseKind(String(o.kind)).kind, o);
};

describe('flux get columns on recorded objects', () => {
  it.each([
    // file, READY, SUSPENDED, REVISION, state, kstatus
    ['kustomization-ready', 'True', false, 'refs/heads/main@sha1:d676e339', 'Ready', 'Current'],
    ['kustomization-reconciling', 'Unknown', false, 'refs/heads/main@sha1:9b1e4d2c', 'Progressing', 'InProgress'],
    ['kustomization-failed-healthcheck', 'False', false, 'refs/heads/main@sha1:9b1e4d2c', 'Failed', 'InProgress'],
    ['kustomization-dependency-not-ready', 'False', false, 'refs/heads/main@sha1:9b1e4d2c', 'Blocked', 'InProgress'],
    ['kustomization-suspended', 'True', true, 'refs/heads/main@sha1:d676e339', 'Suspended', 'Current'],
    ['helmrelease-installed', 'True', false, '1.19.1+9578566b26b2', 'Ready', 'Current'],
    ['helmrelease-upgraded-flux28', 'True', false, '4.13.3', 'Ready', 'Current'],
    ['helmrelease-install-failed-stalled', 'False', false, '6.9.2', 'Stalled', 'Failed'],
    ['gitrepository-ready', 'True', false, 'refs/heads/main@sha1:d676e339', 'Ready', 'Current'],
    ['gitrepository-auth-failed', 'False', false, 'main@sha1:218c0baa', 'Failed', 'InProgress'],
    ['ocirepository-ready', 'True', false, 'v1.19.1@sha256:9578566b', 'Ready', 'Current'],
    ['helmrepository-ready', 'True', false, 'sha256:83a3c595', 'Ready', 'Current'],
    ['helmchart-ready', 'True', false, '1.90.6', 'Ready', 'Current'],
    ['receiver-ready', 'True', false, '', 'Ready', 'Current'],
    ['alert', 'True', false, '', 'Ready', 'Current'],
    ['provider', 'True', false, '', 'Ready', 'Current'],
  ] as const)('%s', (file, ready, suspended, revision, state, kstatus) => {
    const r = row(file);
    expect({ ready: r.ready, suspended: r.suspended, revision: r.revision, state: r.state, kstatus: r.progress.status }).toEqual({ ready, suspended, revision, state, kstatus });
  });

  it('MESSAGE is the Ready message with hashes cut to 8, except on HelmReleases', () => {
    expect(row('kustomization-ready').message).toBe('Applied revision: refs/heads/main@sha1:d676e339');
    expect(row('receiver-ready').message).toBe('Receiver initialized for path: /hook/bed6d00b');
    expect(row('helmrelease-installed').message).toBe('Helm install succeeded for release cert-manager/cert-manager.v1 with chart cert-manager@1.19.1+9578566b26b2');
    expect(row('gitrepository-auth-failed')).toMatchObject({ reason: 'GitOperationFailed', message: expect.stringContaining("unable to list remote for 'http://gitea:3000/ana/fleet.git': authentication required") });
  });

  it('statusless Alert and Provider read Ready as flux get hard-codes them', () => {
    expect(row('alert')).toMatchObject({ ready: 'True', message: 'Alert is Ready' });
    expect(row('provider')).toMatchObject({ ready: 'True', message: 'Provider is Ready' });
  });

  it('an object without a Ready condition is "waiting to be reconciled" (READY False, Pending)', () => {
    const o = fixture('kustomization-ready');
    delete (o.status as Record<string, unknown>).conditions;
    expect(fluxRow('apps', 'Kustomization', o)).toMatchObject({ ready: 'False', state: 'Pending', message: 'waiting to be reconciled' });
  });

  it('since is the Ready transition; suspension is spec.suspend only', () => {
    expect(row('kustomization-failed-healthcheck').since).toBe('2026-07-21T09:05:13Z');
    const s = row('kustomization-suspended');
    expect(s.conditions.map((c) => c.type)).not.toContain('Suspended');
    expect(s.since).toBe('2025-11-18T11:49:21Z');
  });

  it('kstatus: a generation not yet observed is InProgress with the kstatus wording', () => {
    const o = fixture('kustomization-ready');
    o.metadata.generation = 2;
    expect(fluxRow('apps', 'Kustomization', o).progress).toEqual({ status: 'InProgress', message: 'Kustomization generation is 2, but latest observed generation is 1' });
    expect(fluxRow('apps', 'Kustomization', o).state).toBe('Progressing');
  });

  it('graph edges: dependsOn with the own namespace by default, sources per kind', () => {
    expect(row('kustomization-dependency-not-ready')).toMatchObject({ dependsOn: ['Kustomization/flux-system/infra-configs'], source: 'GitRepository/flux-system/flux-system' });
    expect(row('helmrelease-upgraded-flux28')).toMatchObject({ dependsOn: ['HelmRelease/cert-manager/cert-manager'], source: 'HelmChart/flux-system/ingress-nginx-ingress-nginx' });
    expect(row('helmrelease-installed').source).toBe('OCIRepository/cert-manager/cert-manager');
    expect(row('helmchart-ready').source).toBe('HelmRepository/tailscale/tailscale-operator');
  });

  it('--status-selector matches condition type and status case-insensitively', () => {
    const rows = ['kustomization-ready', 'kustomization-failed-healthcheck', 'helmrelease-install-failed-stalled', 'kustomization-reconciling'].map(row);
    expect(rows.filter(parseStatusSelector('ready=false')).map((r) => r.state)).toEqual(['Failed', 'Stalled']);
    expect(rows.filter(parseStatusSelector('Ready!=True')).map((r) => r.state)).toEqual(['Failed', 'Stalled', 'Progressing']);
    expect(rows.filter(parseStatusSelector('stalled=true')).map((r) => r.state)).toEqual(['Stalled']);
    expect(() => parseStatusSelector('ready')).toThrow(/cannot read status selector "ready"/);
  });

  it('truncateHex cuts 40-128 hex runs only', () => {
    expect(truncateHex('main@sha1:d676e33990dc2865d67c022d26dea93d5e3236ff and abcdef12')).toBe('main@sha1:d676e339 and abcdef12');
  });
});
