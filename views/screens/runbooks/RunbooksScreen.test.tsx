import { afterEach, describe, expect, test, vi } from 'vitest';
import type { FleetState } from '../../../src/fleet/index.js';
import { ManualClock } from '../../../src/lab/clock.js';
import { foldRun, runbookSchema, type RunbooksScreenData, type RunEvent, type RunEventBody } from '../../../src/upgrade/index.js';
import { cleanup, render } from '../../../test/support/render.js';
import { Dashboard } from '../../Dashboard.js';
import { samplePlatform } from '../../testing/fleet-samples.js';
import { MemoryFleetStore } from '../../testing/memory-store.js';
import { ScriptedActions } from '../../testing/scripted-actions.js';
import { DEFAULT_SCREENS } from '../registry.js';
import { runbooksScreen } from './RunbooksScreen.js';

afterEach(cleanup);

const AT = Date.parse('2026-11-27T12:00:00Z');

/** A journal as the engine writes it: `s` seconds after AT for each event. */
function journal(id: string, cluster: string, bodies: [number, RunEventBody][]): RunEvent[] {
  return bodies.map(([s, b]) => ({ at: new Date(AT + s * 1000).toISOString(), run: id, ...b }) as RunEvent);
}

const runbook = runbookSchema.parse({ name: 'apps-talos-1.12', cluster: 'apps', steps: [{ kind: 'backup' }, { kind: 'talos-upgrade', image: 'ghcr.io/siderolabs/installer:v1.12.7' }] });
const units = [
  { unit: 's1', step: 1, kind: 'backup' as const, title: 'etcd backup of apps' },
  ...[['apps-02', 15], ['apps-03', 16], ['apps-01', 14]].map(([n, ip]) => ({ unit: `s2/${n}`, step: 2, kind: 'talos-upgrade' as const, title: `upgrade to v1.12.7 (10.25.11.${ip}, controlplane)`, node: String(n) })),
];
const start: RunEventBody = { type: 'run-start', runbook, file: 'apps-talos.yaml', sha256: 'ab', stepLines: [9, 10], cluster: 'apps', units, pid: 1, host: 'h', command: 'plat runbook run apps-talos.yaml' };

function data(): RunbooksScreenData {
  const running = journal('20261127T120000Z-apps-apps-talos-1-12-9f3a', 'apps', [
    [0, start],
    [1, { type: 'unit-start', unit: 's1', kind: 'backup', title: 'etcd backup of apps' }],
    [13, { type: 'unit-end', unit: 's1', result: 'ok', message: 'stored apps/etcd-apps-….db.gz (revision 4193)', ms: 12_000 }],
    [14, { type: 'unit-start', unit: 's2/apps-02', kind: 'talos-upgrade', title: units[1]!.title, node: 'apps-02' }],
    [86, { type: 'unit-end', unit: 's2/apps-02', result: 'ok', message: 'apps-02 upgraded', ms: 72_000 }],
    [87, { type: 'gate-start', before: 's2/apps-03', checks: ['cluster-healthy', 'etcd-healthy', 'bgp-established'] }],
    [88, { type: 'check', before: 's2/apps-03', check: 'cluster-healthy', ok: true, detail: 'no warnings or critical findings' }],
    [88, { type: 'check', before: 's2/apps-03', check: 'etcd-healthy', ok: true, detail: '3/3 members healthy, leader apps-01' }],
    [89, { type: 'check', before: 's2/apps-03', check: 'bgp-established', ok: true, detail: '3 sessions Established' }],
    [89, { type: 'gate-end', before: 's2/apps-03', ok: true, failed: [] }],
    [90, { type: 'unit-start', unit: 's2/apps-03', kind: 'talos-upgrade', title: units[2]!.title, node: 'apps-03' }],
    [130, { type: 'progress', unit: 's2/apps-03', node: 'apps-03', message: 'waiting for apps-03: node-ready: NotReady' }],
  ]);
  const refused = journal('20261126T080000Z-infra-infra-k8s-1-34-3-11aa', 'infra', [
    [-86400, { ...start, cluster: 'infra', runbook: { ...runbook, name: 'infra-k8s-1.34.3', cluster: 'infra' }, units: [{ unit: 's1', step: 1, kind: 'k8s-upgrade', title: 'upgrade Kubernetes to 1.34.3' }] } as RunEventBody],
    [-86399, { type: 'gate-start', before: 's1', checks: ['etcd-healthy'] }],
    [-86398, { type: 'check', before: 's1', check: 'etcd-healthy', ok: false, detail: 'etcd on infra-03 does not answer (connection refused)' }],
    [-86398, { type: 'gate-end', before: 's1', ok: false, failed: ['etcd-healthy'] }],
    [-86398, { type: 'stop', reason: 'refused', unit: 's1', message: 'gate before s1 refused: etcd-healthy: etcd on infra-03 does not answer (connection refused)', hint: 'nothing more was changed; fix etcd-healthy, then plat runbook resume 20261126T080000Z-infra-infra-k8s-1-34-3-11aa' }],
    [-86398, { type: 'run-end', result: 'refused', exitCode: 5, message: 'gate before s1 refused: etcd-healthy: etcd on infra-03 does not answer (connection refused)' }],
  ]);
  return { at: AT + 131_000, dir: '/state/runs', problems: [], runs: [foldRun(running, { alive: true })!, foldRun(refused, { alive: false })!] };
}

function mount(state: FleetState, columns: number) {
  const screens = DEFAULT_SCREENS.some((s) => s.id === 'runbooks') ? DEFAULT_SCREENS : [...DEFAULT_SCREENS, runbooksScreen];
  return render(<Dashboard store={new MemoryFleetStore(state)} actions={new ScriptedActions()} readOnly={false} onExit={vi.fn()} clock={new ManualClock()} screens={screens} initialScreen="runbooks" />, { columns, rows: 40 });
}

describe('runbooks screen', () => {
  test('120 columns: the running run with its last gate and per-node progress; an older refused run in one line', () => {
    const lines = mount({ ...samplePlatform(), runbooks: data() } as FleetState, 120).lines();
    expect(lines).toContain('… running  apps-talos-1.12 on apps  2/4 done  started 12:00 UTC (2m ago)  20261127T120000Z-apps-apps-talos-1-12-9f3a');
    expect(lines).toContain('  gate before s2/apps-03 passed: ✓ cluster-healthy  ✓ etcd-healthy  ✓ bgp-established');
    expect(lines).toContain('  ✓ s1          etcd backup of apps                             12.0 s');
    expect(lines).toContain('  ✓ s2/apps-02  upgrade to v1.12.7 (10.25.11.15, controlplane)  1m12s');
    expect(lines).toContain('  … s2/apps-03  upgrade to v1.12.7 (10.25.11.16, controlplane)  40.0 s   waiting for apps-03: node-ready: NotReady');
    expect(lines).toContain('  · s2/apps-01  upgrade to v1.12.7 (10.25.11.14, controlplane)');
    // the run id goes last: cut when the line is full
    expect(lines).toContain('✗ refused  infra-k8s-1.34.3 on infra  0/1 done  started 12:00 UTC (1d0h ago)  20261126T080000Z-infra-infra-k8s-1-34-3-1…');
    expect(lines).toContain('  gate before s1 refused: etcd-healthy: etcd on infra-03 does not answer (connection refused)');
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(120);
  });

  test('80 and 60 columns: the titles go, unit names, states, times and messages stay, nothing wraps', () => {
    const wide = mount({ ...samplePlatform(), runbooks: data() } as FleetState, 80).lines();
    expect(wide).toContain('  … s2/apps-03  40.0 s   waiting for apps-03: node-ready: NotReady');
    for (const l of wide) expect(l.length).toBeLessThanOrEqual(80);
    cleanup();
    const narrow = mount({ ...samplePlatform(), runbooks: data() } as FleetState, 60).lines();
    expect(narrow).toContain('  ✓ s2/apps-02  1m12s');
    expect(narrow.some((l) => l.startsWith('  … s2/apps-03  40.0 s   waiting for apps-03: node-ready'))).toBe(true);
    expect(narrow.some((l) => l.startsWith('… running  apps-talos-1.12 on apps  2/4 done'))).toBe(true);
    for (const l of narrow) expect(l.length).toBeLessThanOrEqual(60);
  });

  test('the filter keeps matching runs', async () => {
    const r = mount({ ...samplePlatform(), runbooks: data() } as FleetState, 120);
    await r.press('/');
    const shown = await r.type('infra');
    expect(shown).toContain('✗ refused  infra-k8s-1.34.3 on infra');
    expect(shown).not.toContain('apps-talos-1.12 on apps');
  });

  test('before the first read: syncing; with no runs: how to start one', () => {
    expect(mount(samplePlatform(), 80).text()).toContain('runbooks: syncing… (journals not read yet)');
    cleanup();
    const empty = mount({ ...samplePlatform(), runbooks: { at: AT, dir: '/state/runs', runs: [], problems: [] } } as FleetState, 100).lines();
    expect(empty).toContain('no runbook runs yet in /state/runs');
  });
});
