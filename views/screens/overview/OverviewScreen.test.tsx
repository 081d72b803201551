import { afterEach, describe, expect, test } from 'vitest';
import { ManualClock } from '../../../src/lab/clock.js';
import type { Finding, FleetState } from '../../../src/fleet/index.js';
import { cleanup, KEYS, render } from '../../../test/support/render.js';
import { Dashboard } from '../../Dashboard.js';
import { SHELL_SCREENS } from '../../testing/shell-screens.js';
import { samplePlatform } from '../../testing/fleet-samples.js';
import { MemoryFleetStore } from '../../testing/memory-store.js';
import { ScriptedActions } from '../../testing/scripted-actions.js';

afterEach(cleanup);

const mount = (state: FleetState, columns: number, rows = 30) =>
  render(
    <Dashboard screens={SHELL_SCREENS} store={new MemoryFleetStore(state)} actions={new ScriptedActions()} readOnly={false} onExit={() => {}} clock={new ManualClock()} />,
    { columns, rows },
  );

const findings: Finding[] = [
  { rule: 'talos.version-skew', severity: 'warning', cluster: 'apps', subject: 'apps', what: 'Talos versions differ: v1.12.6 on apps-01, apps-02; v1.12.5 on apps-03', why: 'talosctl version reported two tags', action: 'finish the rolling upgrade: plat upgrade talos --cluster apps' },
  { rule: 'talos.service', severity: 'critical', cluster: 'apps', subject: 'apps-02', what: 'etcd is Failed', why: 'talosctl service reported etcd Failed/Fail: context deadline exceeded', action: 'talosctl -n 10.25.11.15 logs etcd' },
  { rule: 'node.cordoned', severity: 'info', cluster: 'infra', subject: 'infra-03', what: 'infra-03 is cordoned', why: 'spec.unschedulable is true', action: 'kubectl uncordon infra-03 when maintenance is over' },
];

describe('Overview', () => {
  test.each([60, 80, 120])('verdict lines and findings worst first at %i columns', (columns) => {
    const r = mount(samplePlatform({ findings }), columns);
    const lines = r.lines();
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(columns);
    expect(lines[2]).toBe('infra ✓ healthy — 3 nodes, no findings');
    const apps = lines.findIndex((l) => l.startsWith('apps ✗ critical — 3 nodes, 1 critical, 1 warning'));
    const critical = lines.findIndex((l) => l.startsWith('  ✗ apps-02 — etcd is Failed'));
    const warning = lines.findIndex((l) => l.startsWith('  ▲ apps — Talos versions differ'));
    expect(apps).toBeGreaterThan(2);
    expect(critical).toBeGreaterThan(apps);
    expect(warning).toBeGreaterThan(critical);
    expect(lines[critical + 1]).toMatch(/^ {4}why: talosctl service reported etcd/);
    // Below 80 columns the evidence wraps under itself rather than running off the edge.
    if (columns === 60) expect(lines[critical + 2]).toMatch(/^ {9}\S/);
    expect(r.text()).toContain('→ talosctl -n 10.25.11.15 logs etcd');
  });

  test('j scrolls a long overview; the filter narrows the findings', async () => {
    const many = Array.from({ length: 12 }, (_, i): Finding => ({ ...findings[1]!, subject: `apps-${String(i).padStart(3, '0')}`, rule: `r${i}` }));
    const r = mount(samplePlatform({ findings: many }), 80, 16);
    expect(r.lines()[2]).toBe('infra ✓ healthy — 3 nodes, no findings');
    expect(await r.press('j')).not.toContain('infra ✓ healthy —');
    await r.press('g');
    await r.press('/');
    await r.type('apps-011');
    await r.press(KEYS.enter);
    expect(r.text()).toContain('✗ apps-011 — etcd is Failed');
    expect(r.text()).not.toContain('apps-010');
    expect(r.lines()[1]).toBe('[1 Overview]  2 Nodes  /apps-011');
  });
});
