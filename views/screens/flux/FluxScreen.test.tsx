import chalk from 'chalk';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import type { FleetState } from '../../../src/fleet/index.js';
import { fluxRow, parseFluxEvent } from '../../../src/flux/index.js';
import { ManualClock } from '../../../src/lab/clock.js';
import { cleanup, KEYS, render } from '../../../test/support/render.js';
import { Dashboard } from '../../Dashboard.js';
import { fixtureObject, fluxPlatform, fluxSampleRows, liveCluster } from '../../testing/flux-samples.js';
import { MemoryFleetStore } from '../../testing/memory-store.js';
import { ScriptedActions } from '../../testing/scripted-actions.js';
import { ScriptedFluxActions } from '../../testing/scripted-flux.js';
import { samplePlatform } from '../../testing/fleet-samples.js';
import { BASE_KEYS } from '../../keys.js';
import { fluxScreen } from './FluxScreen.js';

afterEach(cleanup);

function mount(state: FleetState, opts: { columns?: number; rows?: number; readOnly?: boolean; noColor?: boolean } = {}) {
  const store = new MemoryFleetStore(state);
  const clock = new ManualClock();
  const flux = new ScriptedFluxActions();
  const actions = Object.assign(new ScriptedActions(), { flux });
  const r = render(
    <Dashboard store={store} actions={actions} readOnly={opts.readOnly ?? false} onExit={vi.fn()} clock={clock} initialScreen="flux" noColor={opts.noColor ?? true} />,
    { columns: opts.columns ?? 120, rows: opts.rows ?? 30 },
  );
  return { r, store, clock, flux };
}

const header = (text: string) => text.split('\n').find((l) => l.includes('CLUSTER'))!.trim();
const tableRows = (text: string) => text.split('\n').filter((l) => /^[› ] (infra|apps) /.test(l));
const rowOf = (text: string, name: string) => tableRows(text).find((l) => l.includes(name))!;

describe('Flux table', () => {
  test('both clusters in one table, failing first, with since-times (120 columns)', () => {
    const { r } = mount(fluxPlatform());
    expect(r.lines()[1]).toContain('[5 Flux]');
    expect(r.text()).toContain('Flux (11)  row 1');
    expect(header(r.text())).toBe('CLUSTER  KIND     NAMESPACE/NAME           STATE         READY   SUSPENDED  REVISION              SINCE MESSAGE');
    expect(tableRows(r.text()).map((l) => l.slice(2, 66).trimEnd())).toEqual([
      'apps     hr       podinfo/podinfo          ✗ Stalled     False',
      'apps     ks       …ux-system/infra-configs ✗ Failed      False',
      'apps     ks       flux-system/apps         ✗ Blocked     False',
      'apps     ks       flux-system/monitoring   … Reconciling Unknown',
      'infra    ks       flux-system/flux-system  ‖ Suspended   True',
      'infra    ocirepo  …rt-manager/cert-manager ✓ Ready       True',
      'infra    gitrepo  flux-system/flux-system  ✓ Ready       True',
      'infra    hr       …rt-manager/cert-manager ✓ Ready       True',
      'infra    ks       …ux-system/cluster-infra ✓ Ready       True',
      'apps     gitrepo  flux-system/flux-system  ✓ Ready       True',
      'apps     helmrepo flux-system/podinfo      ✓ Ready       True',
    ]);
    // Hashes cut to 8 as `flux get` does; a long revision keeps its end (the hash) whole.
    expect(rowOf(r.text(), 'flux-system/apps ')).toBe("  apps     ks       flux-system/apps         ✗ Blocked     False   False      …/main@sha1:9b1e4d2c    12m dependency 'f…");
    expect(rowOf(r.text(), 'podinfo/podinfo')).toBe('› apps     hr       podinfo/podinfo          ✗ Stalled     False   False      6.9.2                  1h5m Helm install …');
    expect(rowOf(r.text(), 'flux-system/flux-system  ‖')).toContain('‖ Suspended   True    True       …/main@sha1:d676e339    30m');
    expect(rowOf(r.text(), 'ocirepo')).toContain('5d0h stored artifa…');
    for (const l of r.lines()) expect(l.length).toBeLessThanOrEqual(120);
  });

  test.each([
    [60, 'CLUSTER  NAME                STATE          SINCE MESSAGE'],
    [80, 'CLUSTER  KIND     NAMESPACE/NAME           STATE          SINCE MESSAGE'],
  ])('at %i columns the low-value columns go, the cluster badge and the name stay', (columns, head) => {
    const { r } = mount(fluxPlatform(), { columns });
    expect(header(r.text())).toBe(head);
    for (const l of r.lines()) expect(l.length).toBeLessThanOrEqual(columns);
    // The name keeps its end when cut (what tells objects apart), and its kind below 80 columns.
    if (columns === 60) expect(rowOf(r.text(), 'infra-configs')).toBe('  apps     ks/…/infra-configs  ✗ Failed         25m health …');
    else expect(rowOf(r.text(), 'infra-configs')).toBe('  apps     ks       …ux-system/infra-configs ✗ Failed         25m health check …');
  });

  test('"syncing…", "no Flux objects" and "cluster unreachable" read differently, per cluster', async () => {
    const { r, store, clock } = mount(samplePlatform());
    expect(r.text()).toContain('infra … syncing Flux objects');
    expect(r.text()).toContain('apps … syncing Flux objects');
    expect(r.text()).toContain('… syncing — no Flux object reported yet');
    expect(r.text()).not.toContain('No Flux objects');

    const infraRows = fluxSampleRows().filter((x) => x.cluster === 'infra');
    const unreachable = { cluster: 'apps', state: 'unreachable' as const, error: 'connect ECONNREFUSED 10.25.11.14:6443', kinds: [] };
    store.set(fluxPlatform({ rows: infraRows, clusters: [liveCluster('infra'), unreachable] }));
    clock.advance(125);
    const frame = await r.waitForFrame((t) => t.includes('unreachable'));
    expect(frame).toContain('apps ? cluster unreachable: connect ECONNREFUSED 10.25.11.14:6443');
    expect(frame).toContain('Flux (5)');
    expect(rowOf(frame, 'flux-system/flux-system')).toContain('‖ Suspended');

    // The other cluster keeps updating: infra's suspended Kustomization is resumed and Ready.
    const resumed = infraRows.map((x) => (x.state === 'Suspended' ? { ...x, state: 'Ready' as const, suspended: false } : x));
    store.set(fluxPlatform({ rows: resumed, clusters: [liveCluster('infra'), unreachable] }));
    clock.advance(125);
    const next = await r.waitForFrame((t) => !t.includes('Suspended'));
    expect(next).toContain('apps ? cluster unreachable');
    expect(rowOf(next, 'flux-system/flux-system')).toContain('✓ Ready');

    store.set(fluxPlatform({ rows: resumed, clusters: [liveCluster('infra'), liveCluster('apps')] }));
    clock.advance(125);
    const empty = await r.waitForFrame((t) => !t.includes('unreachable'));
    expect(empty).toContain('apps: no Flux objects');
    expect(empty).not.toContain('syncing');
  });

  test('a cluster without any Flux kind says Flux is not installed; none at all says No Flux objects', () => {
    const bare = { ...liveCluster('apps'), kinds: liveCluster('apps').kinds.map((k) => ({ kind: k.kind, state: 'not-served' as const })) };
    const { r } = mount(fluxPlatform({ rows: [], clusters: [liveCluster('infra'), bare] }));
    expect(r.text()).toContain('infra: no Flux objects\n');
    expect(r.text()).toContain('apps: no Flux objects (no Flux kind is served: Flux is not installed)');
    expect(r.text()).toContain('  No Flux objects');
  });
});

describe('filter and sort', () => {
  test('/ filters on visible cells (! inverts); s and S sort like the Nodes table', async () => {
    const { r } = mount(fluxPlatform(), { columns: 80 });
    await r.press('/');
    await r.type('cert-manager');
    expect(r.text()).toContain('Flux (2/11)');
    expect(tableRows(r.text()).map((l) => l.split(/\s+/)[2])).toEqual(['ocirepo', 'hr']);
    await r.press(KEYS.enter);
    // Reopen the kept filter and invert it.
    await r.press('/');
    for (let i = 0; i < 'cert-manager'.length; i++) await r.press(KEYS.backspace);
    await r.type('!apps');
    expect(r.text()).toContain('Flux (5/11)');
    expect(tableRows(r.text()).every((l) => l.includes('infra'))).toBe(true);
    await r.press(KEYS.enter);
    expect(await r.press(KEYS.escape)).toContain('Flux (11)');
    const bySince = async () => {
      let t = r.text();
      while (!header(t).includes('SINCE')) t = await r.press('s');
      return t;
    };
    let t = await r.press('s');
    expect(header(t)).toContain('CLUSTER↑');
    expect(tableRows(t)[0]).toMatch(/^› apps/);
    t = await bySince();
    while (!header(t).includes('SINCE↑')) t = await r.press('s');
    expect(tableRows(t)[0]).toContain('monitoring');
    t = await r.press('S');
    expect(header(t)).toContain('SINCE↓');
    expect(tableRows(t)[0]).toContain('ocirepo');
  });
});

describe('detail', () => {
  const event = parseFluxEvent(fixtureObject('event-kustomization-healthcheckfailed'));

  test('Enter: state, the why-chain to the root cause and what to do, revisions, conditions, Events', async () => {
    const { r, flux } = mount(fluxPlatform(), { columns: 120, rows: 50 });
    flux.details.set('flux-system/apps', {
      revisions: [
        { label: 'last applied', value: 'refs/heads/main@sha1:9b1e4d2c' },
        { label: 'last attempted', value: 'refs/heads/main@sha1:9b1e4d2c' },
      ],
      events: [{ ...event, lastSeen: '2026-11-27T11:55:00Z', count: 3 }],
    });
    await r.press(KEYS.down);
    await r.press(KEYS.down);
    expect(r.text()).toContain('row 3');
    const d = await r.press(KEYS.enter);
    const detail = await r.waitForFrame((t) => t.includes('last attempted'));
    expect(flux.reads).toEqual([{ cluster: 'apps', kind: 'Kustomization', namespace: 'flux-system', name: 'apps' }]);
    expect(d).toContain('apps / ks/flux-system/apps');
    expect(detail).toContain('Kustomization flux-system/apps · kustomize.toolkit.fluxcd.io/v1 · generation 3 (observed 3)');
    expect(detail).toContain('✗ Blocked · READY False · SUSPENDED False · since 12m · kstatus InProgress');
    expect(detail).toContain("  DependencyNotReady: dependency 'flux-system/infra-configs' is not ready");
    expect(detail).toContain('Why not ready\n  ✗ ks/flux-system/apps  Blocked · DependencyNotReady · since 12m\n  → ✗ ks/flux-system/infra-configs  Failed · HealthCheckFailed · since 25m\n');
    expect(detail).toContain("      health check failed after 5m0.018447902s: timeout waiting for: [Deployment/podinfo/podinfo status: 'InProgress']");
    expect(detail).toContain('  Root cause: ks/flux-system/infra-configs');
    expect(detail).toContain('  What to do: fix that first, then: plat flux reconcile ks/flux-system/infra-configs --cluster apps');
    expect(detail).toMatch(/Revisions\n {2}last applied +refs\/heads\/main@sha1:9b1e4d2c\n {2}last attempted +refs\/heads\/main@sha1:9b1e4d2c\n {2}source +gitrepo\/flux-system\/flux-system {2}✓ Ready\n {2}depends on +ks\/flux-system\/infra-configs {2}✗ Failed/);
    expect(detail).toMatch(/✗ Ready +False +DependencyNotReady +12m {2}dependency 'flux-system\/infra-configs' is not ready/);
    expect(detail).toMatch(/Events \(oldest first\)\n {2} +5m {2}Warning HealthCheckFailed {2}health check failed after 5m0\.018447902s: timeout waiting for:/);
    expect(detail).toContain('(x3)');
    expect(r.lines().at(-1)).toMatch(/^Esc back {2}r reconcile/);
    const back = await r.press(KEYS.escape);
    expect(back).toContain('row 3');
    expect(rowOf(back, 'flux-system/apps ').startsWith('›')).toBe(true);
  });

  test('a Ready object whose source fails is flagged: it stays on its old revision', async () => {
    const rows = fluxSampleRows().filter((x) => x.cluster === 'infra' && x.name === 'cluster-infra');
    const source = fixtureObject('gitrepository-auth-failed');
    source.metadata.name = 'flux-system';
    const { r } = mount(fluxPlatform({ rows: [...rows, fluxRow('infra', 'GitRepository', source)] }), { rows: 50 });
    await r.press(KEYS.down);
    const detail = await r.press(KEYS.enter);
    expect(detail).toContain('infra / ks/flux-system/cluster-infra');
    expect(detail).toMatch(/Why\n {2}▲ ks\/flux-system\/cluster-infra ✓ ReconciliationSucceeded: Applied revision: refs\/heads\/main@sha1:d676e339 \(2h5m\) but\n {4}its source gitrepo\/flux-system\/flux-system ✗ GitOperationFailed: /);
    expect(detail).toMatch(/source +gitrepo\/flux-system\/flux-system {2}✗ Failed/);
    expect(detail).toMatch(/What to do: it stays on revision \S+ until the source is fixed: plat flux reconcile\s+gitrepo\/flux-system\/flux-system --cluster infra/);
  });

  test('a failed Events read says so; the rest of the detail stays', async () => {
    const { r, flux } = mount(fluxPlatform(), { rows: 60 });
    flux.details.set('podinfo/podinfo', new Error('events is forbidden: User "ci" cannot list resource "events" in namespace "podinfo"'));
    await r.press(KEYS.enter);
    const detail = await r.waitForFrame((t) => t.includes('could not read events'));
    expect(detail).toContain('✗ could not read events: events is forbidden');
    expect(detail).toContain('Why not ready\n  ✗ hr/podinfo/podinfo  Stalled · InstallFailed · since 1h5m');
    expect(detail).toContain('  What to do: it stalled and will not retry by itself: fix the release (values, chart), then reset its failure count:\n    plat flux reconcile hr/podinfo/podinfo --cluster apps --reset');
    // helm-controller's generated HelmChart is its source; this sample has none.
    expect(detail).toMatch(/source +chart\/flux-system\/podinfo-podinfo {2}✗ not found/);
  });
});

describe('actions', () => {
  test('every key that changes a Flux object is dangerous, and none sits on a list or navigation key', () => {
    const changing = (fluxScreen.keys ?? []).filter((b) => /reconcile|suspend|resume/i.test(b.id));
    expect(changing.map((b) => `${b.scope} ${b.keys.join('/')}`)).toEqual(['flux r', 'flux R', 'flux Z', 'flux U', 'flux-detail r', 'flux-detail R', 'flux-detail Z', 'flux-detail U']);
    const taken = new Set(BASE_KEYS.filter((b) => ['global', 'list', 'sortable', 'filterable', 'filtered'].includes(b.scope)).flatMap((b) => b.keys));
    for (const b of changing) {
      expect(b.dangerous).toBe(true);
      for (const k of b.keys) expect(taken.has(k) || k.startsWith('ctrl+') || k === 'enter' || k === 'escape', `${k} is taken`).toBe(false);
    }
  });

  const select = async (r: ReturnType<typeof mount>['r'], name: string) => {
    while (!rowOf(r.text(), name).startsWith('›')) await r.press(KEYS.down);
  };

  test('r asks to confirm naming cluster and object; y runs it and shows each event in the row and the status line', async () => {
    const { r, flux } = mount(fluxPlatform());
    await select(r, 'infra-configs');
    const dialog = await r.press('r');
    expect(dialog).toContain('Reconcile ks/flux-system/infra-configs in cluster apps? y/N');
    expect(flux.runs).toEqual([]);
    await r.press('y');
    expect(flux.runs).toEqual([{ action: 'reconcile', cluster: 'apps', kind: 'Kustomization', namespace: 'flux-system', name: 'infra-configs' }]);
    let t = await r.waitForFrame((x) => x.includes('► reconcile'));
    expect(rowOf(t, 'infra-configs')).toMatch(/► reconcile .* reconcile: st…$/);
    expect(t).toContain('… reconcile ks/flux-system/infra-configs (apps): starting');
    flux.push({ type: 'progress', message: 'waiting for Kustomization reconciliation' });
    t = await r.waitForFrame((x) => x.includes('(apps): waiting for Kustomization reconciliation'));
    expect(rowOf(t, 'infra-configs')).toContain('► reconcile   False   False      …/main@sha1:9b1e4d2c    25m waiting for K…');
    flux.push({ type: 'done', message: 'applied revision main@sha1:1a2b3c4d' });
    flux.end();
    t = await r.waitForFrame((x) => x.includes('✓ reconcile ks/flux-system/infra-configs (apps): applied revision main@sha1:1a2b3c4d') && !x.includes('►'));
    expect(rowOf(t, 'infra-configs')).toContain('✗ Failed');
  });

  test('R names the source it reconciles first; n cancels and nothing runs', async () => {
    const { r, flux } = mount(fluxPlatform());
    await select(r, 'flux-system/apps ');
    expect(await r.press('R')).toContain('Reconcile ks/flux-system/apps in cluster apps (its source gitrepo/flux-system/flux-system first)? y/N');
    expect(await r.press('n')).toContain('cancelled: nothing was changed');
    expect(flux.runs).toEqual([]);
  });

  test('what plat flux would refuse is said at once, without a dialog', async () => {
    const { r, flux } = mount(fluxPlatform());
    await select(r, 'flux-system/flux-system  ‖');
    expect(await r.press('r')).toContain('✗ ks/flux-system/flux-system is suspended, so the controller would skip a reconcile: resume it first (U)');
    expect(await r.press('Z')).toContain('✗ ks/flux-system/flux-system is already suspended');
    expect(await r.press('U')).toContain('Resume ks/flux-system/flux-system in cluster infra? y/N');
    await r.press('y');
    expect(flux.runs).toEqual([{ action: 'resume', cluster: 'infra', kind: 'Kustomization', namespace: 'flux-system', name: 'flux-system' }]);
    flux.push({ type: 'error', message: 'could not resume: connection refused — check the connection and your permission to patch the object' });
    flux.end();
    await r.waitForFrame((x) => x.includes('✗ resume ks/flux-system/flux-system (infra): could not resume: connection refused'));
    await select(r, 'ocirepo');
    expect(await r.press('U')).toContain('is not suspended: nothing to resume');
    expect(await r.press('Z')).toContain('Suspend ocirepo/cert-manager/cert-manager in cluster infra? y/N');
  });

  test('the detail has the same keys, acting on the object shown', async () => {
    const { r, flux } = mount(fluxPlatform(), { rows: 50 });
    await r.press(KEYS.enter);
    expect(await r.press('Z')).toContain('Suspend hr/podinfo/podinfo in cluster apps? y/N');
    await r.press('y');
    expect(flux.runs).toEqual([{ action: 'suspend', cluster: 'apps', kind: 'HelmRelease', namespace: 'podinfo', name: 'podinfo' }]);
    flux.push({ type: 'progress', message: 'patching spec.suspend' });
    const t = await r.waitForFrame((x) => x.includes('… suspend hr/podinfo/podinfo (apps): patching spec.suspend'));
    expect(t).toContain('\n  ► suspend: patching spec.suspend\n');
    flux.push({ type: 'done', message: 'suspended' });
    flux.end();
    const done = await r.waitForFrame((x) => x.includes('✓ suspend hr/podinfo/podinfo (apps): suspended'));
    expect(done).not.toContain('►');
  });

  test('read-only: r, R, Z and U are gone from footer and help, and do nothing', async () => {
    const { r, flux } = mount(fluxPlatform(), { rows: 80, readOnly: true });
    expect(r.lines().at(-1)).toMatch(/^Enter details {2}↓\/j down/);
    for (const k of ['r', 'R', 'Z', 'U']) await r.pressAndSettle(k);
    const help = await r.press('?');
    expect(help).toContain('Flux object details');
    expect(help).not.toMatch(/reconcile|suspend the object|resume the object/);
    await r.press(KEYS.escape);
    await r.press(KEYS.enter);
    for (const k of ['r', 'Z']) await r.pressAndSettle(k);
    expect(r.lines().at(-1)).toMatch(/^Esc back {2}↓\/j down/);
    for (const frame of r.frames) expect(frame).not.toMatch(/Reconcile |Suspend |Resume |r reconcile/);
    expect(flux.runs).toEqual([]);
  });

  test('a read-only cluster refuses its objects while the other cluster may act', async () => {
    const state = fluxPlatform();
    state.clusters[1]!.readOnly = true;
    const { r, flux } = mount(state);
    expect(await r.press('r')).toContain('✗ cluster apps is read-only: reconcile refused');
    await select(r, 'cluster-infra');
    expect(await r.press('r')).toContain('Reconcile ks/flux-system/cluster-infra in cluster infra? y/N');
    expect(flux.runs).toEqual([]);
  });
});

describe('colour', () => {
  const level = chalk.level;
  beforeAll(() => {
    chalk.level = 1;
  });
  afterAll(() => {
    chalk.level = level;
  });
  test('the colour theme colours states; NO_COLOR keeps every glyph and word and no escape code', async () => {
    const colour = mount(fluxPlatform(), { noColor: false });
    expect(colour.r.lastFrame()).toContain('\u001b[');
    cleanup();
    vi.stubEnv('NO_COLOR', '1');
    const store = new MemoryFleetStore(fluxPlatform());
    const r = render(<Dashboard store={store} actions={Object.assign(new ScriptedActions(), { flux: new ScriptedFluxActions() })} readOnly={false} onExit={vi.fn()} clock={new ManualClock()} initialScreen="flux" />, { columns: 120, rows: 40 });
    vi.unstubAllEnvs();
    expect(r.text()).toContain('✗ Stalled');
    expect(r.text()).toContain('‖ Suspended');
    await r.press(KEYS.enter);
    await r.press(KEYS.escape);
    await r.press('r');
    for (const frame of r.frames) expect(frame).not.toContain('\u001b[');
  });
});
