/**
 * The runbook engine's Flux port (src/upgrade/flux-port.ts) on the lab: the `flux-ready` check
 * sees what `plat flux get` sees, and `flux-reconcile` answers with the controller's verdict.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../src/lab/index.js';
import { loadConfig } from '../../src/config/index.js';
import { fluxPortFor, type FluxPort } from '../../src/upgrade/index.js';
import type { ClusterConfig } from '../../src/config/index.js';
import { until } from '../support/until.js';

let lab: Lab;
let port: FluxPort;
let apps: ClusterConfig;

beforeAll(async () => {
  lab = await startLab({ scenario: 'healthy', reconcileDelayMs: 50 });
  const env = { ...process.env, ...lab.env };
  const { config } = loadConfig({ flag: lab.env.PLAT_CONFIG, env, cwd: lab.dir });
  apps = config.clusters.find((c) => c.name === 'apps')!;
  port = fluxPortFor(config, env);
});
afterAll(async () => {
  await lab?.stop();
});

describe('the runbook Flux port on the lab', () => {
  it('a healthy cluster has nothing not Ready; a failing Kustomization is named with its reason', async () => {
    expect(await port.notReady(apps)).toEqual([]);
    lab.twin.fault('flux-failing', 'ks/flux-system/cert-manager');
    try {
      // The controller first reports the reconcile as progressing, then the failure.
      const bad = await until('cert-manager to fail its health check', async () => {
        const rows = await port.notReady(apps, { kind: 'Kustomization' });
        return rows.some((b) => b.ref === 'ks/flux-system/cert-manager' && b.reason === 'HealthCheckFailed') && rows;
      }, 30_000, 25);
      expect(bad.find((b) => b.ref === 'ks/flux-system/cert-manager')).toMatchObject({ reason: 'HealthCheckFailed' });
    } finally {
      lab.twin.heal('flux-failing', 'ks/flux-system/cert-manager');
    }
  });

  it('reconcile waits for the answer: ready, or the failure with its reason', async () => {
    expect(await port.reconcile(apps, 'ks/flux-system/flux-system', { withSource: true, timeoutMs: 30_000 })).toMatchObject({ ref: 'ks/flux-system/flux-system', ready: true });
    lab.twin.fault('flux-failing', 'ks/flux-system/cert-manager');
    try {
      const r = await port.reconcile(apps, 'ks/flux-system/cert-manager', { withSource: false, timeoutMs: 30_000 });
      expect(r).toMatchObject({ ready: false, reason: 'HealthCheckFailed' });
    } finally {
      lab.twin.heal('flux-failing', 'ks/flux-system/cert-manager');
    }
  });

  it('a label selector is refused with a clear message rather than ignored', async () => {
    await expect(port.notReady(apps, { labelSelector: 'tier=infra' })).rejects.toThrow(/labelSelector is not supported/);
  });
});
