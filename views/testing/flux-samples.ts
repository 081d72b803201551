/**
 * FluxSnapshots for view tests, built by the Flux room's own row rules (src/flux fluxRow) from the
 * recorded objects in test/fixtures/flux (see its PROVENANCE.md), renamed where a test needs two
 * of a kind and re-timed relative to the sample platform's moment so since-times are fixed.
 * infra is healthy but for one suspended Kustomization; apps has a dependency chain
 * (ks/apps → ks/infra-configs, failing its health check), a stalled HelmRelease and one reconciling.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { FleetState } from '../../src/fleet/index.js';
import { compareFailingFirst, FLUX_KINDS, fluxRow, parseKind, type FluxClusterStatus, type FluxRow, type FluxSnapshot } from '../../src/flux/index.js';
import type { KubeResource } from '../../src/kube/index.js';
import { samplePlatform } from './fleet-samples.js';

export const SAMPLE_AT = samplePlatform().at;

interface Sample {
  file: string;
  cluster: string;
  /** Minutes in the current Ready state at SAMPLE_AT. */
  minutes: number;
  rename?: { name?: string; namespace?: string };
  edit?: (o: KubeResource) => void;
}

const SAMPLES: Sample[] = [
  { file: 'gitrepository-ready', cluster: 'infra', minutes: 3 * 1440 },
  { file: 'kustomization-ready', cluster: 'infra', minutes: 125 },
  { file: 'ocirepository-ready', cluster: 'infra', minutes: 5 * 1440 },
  { file: 'helmrelease-installed', cluster: 'infra', minutes: 1440 },
  { file: 'kustomization-suspended', cluster: 'infra', minutes: 30 },
  { file: 'gitrepository-ready', cluster: 'apps', minutes: 2 * 1440 },
  { file: 'kustomization-dependency-not-ready', cluster: 'apps', minutes: 12 },
  { file: 'kustomization-failed-healthcheck', cluster: 'apps', minutes: 25, rename: { name: 'infra-configs' }, edit: (o) => void delete (o.spec as Record<string, unknown>).dependsOn },
  { file: 'kustomization-reconciling', cluster: 'apps', minutes: 2, rename: { name: 'monitoring' } },
  { file: 'helmrelease-install-failed-stalled', cluster: 'apps', minutes: 65 },
  { file: 'helmrepository-ready', cluster: 'apps', minutes: 300, rename: { namespace: 'flux-system' } },
];

export function fixtureObject(file: string): KubeResource {
  return parse(readFileSync(new URL(`../../test/fixtures/flux/${file}.yaml`, import.meta.url), 'utf8')) as KubeResource;
}

/** Every condition moved to `minutes` before `at` (the Ready one decides SINCE). */
function retime(o: KubeResource, at: number, minutes: number): void {
  const when = new Date(at - minutes * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
  const conditions = (o.status as { conditions?: { lastTransitionTime?: string }[] } | undefined)?.conditions ?? [];
  for (const c of conditions) c.lastTransitionTime = when;
}

export function fluxSampleRows(at = SAMPLE_AT): FluxRow[] {
  return SAMPLES.map((s) => {
    const o = fixtureObject(s.file);
    Object.assign(o.metadata, s.rename ?? {});
    s.edit?.(o);
    retime(o, at, s.minutes);
    return fluxRow(s.cluster, parseKind(String(o.kind)).kind, o);
  });
}

/** A cluster whose every kind is listed and watched. */
export function liveCluster(cluster: string): FluxClusterStatus {
  return { cluster, state: 'ok', kinds: FLUX_KINDS.map((k) => ({ kind: k.kind, apiVersion: `${k.group}/${k.versions[0]}`, state: 'live' as const })) };
}

export function fluxSnapshot(rows: readonly FluxRow[], clusters: readonly FluxClusterStatus[] = [liveCluster('infra'), liveCluster('apps')], version = 1): FluxSnapshot {
  const order = clusters.map((c) => c.cluster);
  return { rows: [...rows].sort(compareFailingFirst(order)), clusters, version };
}

/** The sample platform with the sample Flux objects (or the rows and cluster statuses given). */
export function fluxPlatform(over: { rows?: readonly FluxRow[]; clusters?: readonly FluxClusterStatus[] } = {}): FleetState {
  return samplePlatform({ flux: fluxSnapshot(over.rows ?? fluxSampleRows(), over.clusters) });
}

/**
 * `count` Kustomizations over infra and apps, like lab `large` (app-00000…), every 97th failing
 * its health check: the 5,000-row screen.
 */
export function generatedFluxRows(count: number, at = SAMPLE_AT): FluxRow[] {
  const rows: FluxRow[] = [];
  for (let i = 0; i < count; i++) {
    const failing = i % 97 === 0;
    const when = new Date(at - ((i % 600) + 1) * 60_000).toISOString();
    const o: KubeResource = {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: `app-${String(i).padStart(5, '0')}`, namespace: 'flux-system', generation: 1 },
      spec: { sourceRef: { kind: 'GitRepository', name: 'flux-system' }, path: `./kubernetes/apps/${i}` },
      status: {
        observedGeneration: 1,
        lastAppliedRevision: 'main@sha1:3f9c2e7a1b04d5c6e8f90a1b2c3d4e5f6a7b8c9d',
        conditions: [
          failing
            ? { type: 'Ready', status: 'False', reason: 'HealthCheckFailed', message: `health check failed after 5m0s: timeout waiting for: [Deployment/app-${i}/app status: 'InProgress']`, lastTransitionTime: when, observedGeneration: 1 }
            : { type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message: 'Applied revision: main@sha1:3f9c2e7a1b04d5c6e8f90a1b2c3d4e5f6a7b8c9d', lastTransitionTime: when, observedGeneration: 1 },
        ],
      },
    };
    rows.push(fluxRow(i % 2 === 0 ? 'infra' : 'apps', 'Kustomization', o));
  }
  return rows;
}
