/**
 * Issue 8's Flux screen wiring on the lab: the dashboard session watches Flux in both clusters
 * into FleetState (a live panel), runs reconcile/suspend/resume as the dashboard's event stream,
 * and reads an object's revisions and Events for its detail — all through the real adapters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { dashboardSession, type DashboardSession, type FleetState } from '../../src/fleet/index.js';
import { realClock, startLab, type Lab } from '../../src/lab/index.js';
import { until } from '../support/until.js';

let lab: Lab;
let session: DashboardSession;
let readOnly = false;

beforeAll(async () => {
  lab = await startLab({ scenario: 'healthy', reconcileDelayMs: 50 });
  const env = { ...process.env, ...lab.env, HOME: lab.dir };
  const { config } = loadConfig({ flag: lab.env.PLAT_CONFIG, env, cwd: lab.dir });
  session = dashboardSession({ config, clusters: config.clusters, env, isReadOnly: () => readOnly, clock: realClock });
  session.store.start();
});
afterAll(async () => {
  session?.store.stop();
  await lab?.stop();
});


async function collect(events: AsyncIterable<{ type: string; message: string }>) {
  const out: { type: string; message: string }[] = [];
  for await (const e of events) out.push(e);
  return out;
}

const flux = (s: FleetState) => s.flux;
const podinfo = { cluster: 'apps', kind: 'Kustomization' as const, namespace: 'flux-system', name: 'podinfo' };

describe('Flux in the dashboard session', () => {
  it('watches both clusters into FleetState, failing first', async () => {
    const snap = await until('Flux rows of both clusters', () => {
      const f = flux(session.store.getState());
      return f && f.clusters.every((c) => c.state === 'ok') && f.rows.some((r) => r.cluster === 'apps') && f.rows.some((r) => r.cluster === 'infra') && f;
    });
    expect(snap.clusters.map((c) => c.cluster)).toEqual(['infra', 'apps']);
    expect(snap.rows.find((r) => r.cluster === 'apps' && r.kind === 'Kustomization' && r.name === 'podinfo')).toMatchObject({ state: 'Ready', ready: 'True' });
  });

  it('reconcile streams progress and ends done; the watch sees the handled request; the detail reads revisions and Events', async () => {
    const events = await collect(session.actions.flux.run({ ...podinfo, action: 'reconcile' }));
    expect(events[0]).toMatchObject({ type: 'progress' });
    expect(events[0]!.message).toMatch(/^annotating Kustomization podinfo in flux-system/);
    expect(events.at(-1)).toMatchObject({ type: 'done' });
    await until('the handled request in the live row', () => flux(session.store.getState())?.rows.find((r) => r.cluster === 'apps' && r.name === 'podinfo' && r.kind === 'Kustomization')?.lastHandledReconcileAt);
    const detail = await session.actions.flux.detail(podinfo);
    expect(detail.revisions.map((r) => r.label)).toEqual(expect.arrayContaining(['last applied', 'last attempted', 'reconcile handled']));
    expect(detail.revisions.find((r) => r.label === 'last applied')!.value).toMatch(/@sha1:[0-9a-f]{8}$/);
    expect(detail.events.length).toBeGreaterThan(0);
    expect(detail.events.at(-1)).toMatchObject({ type: 'Normal', source: 'kustomize-controller' });
  });

  it('suspend then resume; a read-only cluster is refused by the gate with nothing changed', async () => {
    const suspended = await collect(session.actions.flux.run({ ...podinfo, action: 'suspend' }));
    expect(suspended.at(-1)).toMatchObject({ type: 'done', message: 'suspended' });
    await until('the suspended row', () => flux(session.store.getState())?.rows.find((r) => r.cluster === 'apps' && r.name === 'podinfo' && r.kind === 'Kustomization')?.state === 'Suspended');
    readOnly = true;
    const refused = await collect(session.actions.flux.run({ ...podinfo, action: 'resume' }));
    readOnly = false;
    expect(refused).toEqual([{ type: 'error', message: expect.stringMatching(/^refusing to resume ks\/flux-system\/podinfo: cluster apps is read-only; nothing was changed — drop --readonly/) }]);
    const resumed = await collect(session.actions.flux.run({ ...podinfo, action: 'resume' }));
    expect(resumed.at(-1)).toMatchObject({ type: 'done' });
    await until('the resumed row', () => flux(session.store.getState())?.rows.find((r) => r.cluster === 'apps' && r.name === 'podinfo' && r.kind === 'Kustomization')?.state === 'Ready');
  });

  it('an object that is gone says so', async () => {
    const events = await collect(session.actions.flux.run({ ...podinfo, name: 'no-such-app', action: 'reconcile' }));
    expect(events).toEqual([{ type: 'error', message: 'ks/flux-system/no-such-app no longer exists in cluster apps' }]);
  });
});
