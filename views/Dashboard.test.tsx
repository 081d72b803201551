import chalk from 'chalk';
import { Text } from 'ink';
import { useState } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { ManualClock } from '../src/lab/clock.js';
import type { FleetState } from '../src/fleet/index.js';
import { cleanup, KEYS, render } from '../test/support/render.js';
import { Dashboard } from './Dashboard.js';
import { DEFAULT_SCREENS } from './screens/registry.js';
import type { ScreenDef, ScreenProps } from './types.js';
import { useScreenCommands } from './useScreenCommands.js';
import { samplePlatform, sampleNode, syncingPlatform } from './testing/fleet-samples.js';
import { MemoryFleetStore } from './testing/memory-store.js';
import { ScriptedActions } from './testing/scripted-actions.js';
import { SHELL_SCREENS } from './testing/shell-screens.js';

afterEach(cleanup);

function mount(state: FleetState, opts: { columns?: number; rows?: number; readOnly?: boolean; noColor?: boolean } = {}) {
  const store = new MemoryFleetStore(state);
  const clock = new ManualClock();
  const onExit = vi.fn();
  const r = render(
    <Dashboard screens={SHELL_SCREENS} store={store} actions={new ScriptedActions()} readOnly={opts.readOnly ?? false} onExit={onExit} clock={clock} noColor={opts.noColor} />,
    { columns: opts.columns ?? 100, rows: opts.rows ?? 24 },
  );
  return { r, store, clock, onExit };
}

const critical = samplePlatform({
  findings: [{ rule: 'node.not-ready', severity: 'critical', cluster: 'apps', subject: 'apps-02', what: 'node is NotReady', why: 'kubelet stopped posting status', action: 'check kubelet' }],
});

describe('header', () => {
  test.each([60, 80, 120])('one badge per cluster with glyph and word at %i columns', (columns) => {
    const { r } = mount(critical, { columns });
    expect(r.lines()[0]).toBe('plat  infra ✓ healthy  apps ✗ critical');
    expect(r.lines()[1]).toBe('[1 Overview]  2 Nodes');
    for (const l of r.lines()) expect(l.length).toBeLessThanOrEqual(columns);
  });
  test('read-only mark, and badges wrap rather than overflow at 60 columns', () => {
    const state = samplePlatform();
    state.clusters.push({ ...state.clusters[0]!, name: 'edge-lab', id: 3, talos: { state: 'syncing' }, kube: { state: 'syncing' }, nodes: [] });
    const { r } = mount(state, { columns: 60, readOnly: true });
    expect(r.lines()[0]).toBe('plat  infra ✓ healthy  apps ✓ healthy  edge-lab … syncing');
    expect(r.lines()[1]).toBe('read-only');
  });
  test('first frame renders at once from a store that has nothing yet', () => {
    const { r } = mount(syncingPlatform());
    // No await: the first frame is written synchronously by render().
    expect(r.lines()[0]).toBe('plat  infra … syncing  apps … syncing');
    expect(r.text()).toContain('waiting for the first answer from Talos and Kubernetes');
  });
});

describe('repaint', () => {
  test('store updates are throttled: many arrivals, one repaint per interval', async () => {
    const { r, store, clock } = mount(samplePlatform());
    const before = r.frames.length;
    for (let i = 0; i < 50; i++) store.set(samplePlatform({ at: i, findings: i === 49 ? critical.findings : [] }));
    await r.settle();
    expect(r.frames.length).toBe(before);
    expect(r.lines()[0]).toContain('apps ✓ healthy');
    clock.advance(125);
    await r.waitForFrame((t) => t.includes('apps ✗ critical'));
    expect(r.frames.length).toBe(before + 1);
  });
  test('p freezes the screen with a visible mark; p again shows the latest state', async () => {
    const { r, store, clock } = mount(samplePlatform(), { columns: 80 });
    expect(await r.press('p')).toContain('‖ paused');
    store.set(critical);
    clock.advance(1000);
    await r.settle();
    expect(r.lines()[0]).toBe('plat  infra ✓ healthy  apps ✓ healthy  ‖ paused');
    const after = await r.press('p');
    expect(after.split('\n')[0]).toBe('plat  infra ✓ healthy  apps ✗ critical');
  });
  test('unsubscribes from the store on unmount', () => {
    const { r, store } = mount(samplePlatform());
    expect(store.listenerCount).toBe(1);
    r.unmount();
    expect(store.listenerCount).toBe(0);
  });
});

describe('keys', () => {
  test('? shows help built from the registry; Esc closes it', async () => {
    const { r } = mount(samplePlatform(), { rows: 60 });
    const help = await r.press('?');
    expect(help).toContain('Keys  (Esc or ? to close)');
    expect(help).toMatch(/ {2}p +pause\/resume updates/);
    expect(help).toMatch(/Nodes\n {2}Enter +node details\n {2}R +reboot node\n {2}X +shut down node/);
    expect(r.lines().at(-1)).toMatch(/^Esc\/\? close help .* q\/Ctrl-C quit  \? help$/);
    expect(await r.press(KEYS.escape)).toContain('infra ✓ healthy — 3 nodes, no findings');
  });
  test('help scrolls when it is taller than the screen', async () => {
    const { r } = mount(samplePlatform(), { rows: 16 });
    await r.press('?');
    expect(r.text()).not.toContain('shut down node');
    for (let i = 0; i < 3; i++) await r.press(KEYS.pageDown);
    expect(r.text()).toContain('shut down node');
    expect(r.text()).not.toContain('Keys  (Esc or ? to close)');
    expect(await r.press(KEYS.up)).toMatch(/\n {2}X +shut down node\n/);
  });
  test('number keys and :name with Tab completion switch screens; Esc cancels', async () => {
    const { r } = mount(samplePlatform());
    expect(await r.press('2')).toContain('[2 Nodes]');
    expect(await r.press('1')).toContain('[1 Overview]');
    await r.press(':');
    await r.type('no');
    expect(await r.press(KEYS.tab)).toContain(':nodes▏');
    expect(await r.press(KEYS.enter)).toContain('[2 Nodes]');
    await r.press(':');
    await r.type('zz');
    expect(await r.press(KEYS.enter)).toContain('✗ unknown screen "zz" (overview, nodes)');
    await r.press(':');
    await r.type('ov');
    const cancelled = await r.press(KEYS.escape);
    expect(cancelled).toContain('[2 Nodes]');
    expect(cancelled).not.toContain(':ov');
  });
  test('Esc and a key in one read (Ink calls it Alt+key) act as Esc, then the key', async () => {
    const { r, onExit } = mount(samplePlatform());
    await r.press('2');
    expect(await r.pressAndSettle(KEYS.enter)).toMatch(/Esc back/);
    // back to the table, then j moves its selection to the second row
    const after = await r.pressAndSettle('\u001bj');
    expect(after).toMatch(/Nodes \(\d+\)\s+row 2/);
    expect(after).not.toMatch(/Esc back/);
    await r.pressAndSettle('\u001bq');
    expect(onExit).toHaveBeenCalledTimes(1);
  });
  test('Enter twice in one read keeps the filter, then opens the row', async () => {
    const { r } = mount(samplePlatform());
    await r.press('2');
    await r.press('/');
    await r.type('apps-02');
    const after = await r.pressAndSettle('\r\r');
    expect(after).toMatch(/apps \/ apps-02/);
    expect(after).toMatch(/Esc back/);
  });
  test('q, Ctrl-C and :quit call onExit', async () => {
    const { r, onExit } = mount(samplePlatform());
    await r.pressAndSettle('q');
    expect(onExit).toHaveBeenCalledTimes(1);
    await r.pressAndSettle(KEYS.ctrlC);
    expect(onExit).toHaveBeenCalledTimes(2);
    await r.press(':');
    await r.type('quit');
    await r.pressAndSettle(KEYS.enter);
    expect(onExit).toHaveBeenCalledTimes(3);
  });
});

describe('colour', () => {
  // chalk decides its level at load time from the (non-TTY) test process: 0. Raise it so the
  // colour theme really emits escapes and the mono theme is shown to add none of its own.
  const level = chalk.level;
  beforeAll(() => {
    chalk.level = 1;
  });
  afterAll(() => {
    chalk.level = level;
  });
  const unhealthy = samplePlatform({ findings: critical.findings });
  unhealthy.clusters[1]!.nodes[1] = sampleNode('apps', 'apps-02', '10.25.11.15', { ready: false });

  test('the colour theme colours statuses', async () => {
    const { r } = mount(unhealthy, { noColor: false });
    expect(r.lastFrame()).toContain('\u001b[');
    await r.press('2');
    expect(r.lastFrame()).toContain('\u001b[');
  });
  test('NO_COLOR: not a single escape code, on every screen and overlay', async () => {
    vi.stubEnv('NO_COLOR', '1');
    const { r } = mount(unhealthy);
    vi.unstubAllEnvs();
    await r.press('2');
    await r.press(KEYS.down);
    await r.press('R');
    await r.press(KEYS.escape);
    await r.press(KEYS.enter);
    await r.press('?');
    expect(r.frames.length).toBeGreaterThan(5);
    for (const frame of r.frames) expect(frame).not.toContain('\u001b[');
    expect(r.text()).toContain('Keys');
  });
  test('FORCE_COLOR=0 selects the no-colour theme too', () => {
    vi.stubEnv('FORCE_COLOR', '0');
    const { r } = mount(unhealthy);
    vi.unstubAllEnvs();
    expect(r.lastFrame()).not.toContain('\u001b[');
    expect(r.text()).toContain('apps ✗ critical');
  });
});

describe('key bursts', () => {
  test('keys coalesced into one chunk are taken one by one; a filter takes the rest as text', async () => {
    const { r, onExit } = mount(samplePlatform(), { columns: 80 });
    await r.ready();
    r.stdin.write('2/apq');
    await r.waitForFrame((t) => t.includes('/apq▏'));
    expect(r.text()).toContain('[2 Nodes]');
    expect(r.text()).toContain('no nodes match /apq');
    expect(onExit).not.toHaveBeenCalled();
  });
});

describe('screens registry', () => {
  test('a new screen is one ScreenDef: tabs, number key, :name, its keys in help and footer', async () => {
    function Etcd({ input, state }: ScreenProps) {
      const [marks, setMarks] = useState(0);
      useScreenCommands(input, (id) => id === 'etcd.mark' && setMarks((m) => m + 1));
      return <Text>etcd of {state.clusters.length} clusters, marked {marks}</Text>;
    }
    const etcd: ScreenDef = {
      id: 'etcd', title: 'etcd', key: '3', scopes: ['etcd'], component: Etcd,
      keys: [{ id: 'etcd.mark', keys: ['m'], description: 'mark the leader', hint: 'mark', scope: 'etcd', visibleInFooter: true }],
    };
    const store = new MemoryFleetStore(samplePlatform());
    const r = render(
      <Dashboard store={store} actions={new ScriptedActions()} readOnly={false} onExit={() => {}} clock={new ManualClock()} screens={[...SHELL_SCREENS, etcd]} />,
      { columns: 100, rows: 60 },
    );
    expect(r.lines()[1]).toBe('[1 Overview]  2 Nodes   3 etcd');
    expect(await r.press('3')).toContain('etcd of 2 clusters, marked 0');
    expect(r.lines().at(-1)).toMatch(/^m mark  /);
    expect(await r.press('m')).toContain('marked 1');
    expect(await r.press('?')).toMatch(/etcd\n {2}m +mark the leader/);
    await r.press(KEYS.escape);
    await r.press('1');
    await r.press(':');
    await r.type('et');
    await r.press(KEYS.tab);
    expect(await r.press(KEYS.enter)).toContain('etcd of 2 clusters, marked 0');
  });
});

describe('default screens', () => {
  test('Overview, Nodes, Network, etcd, Flux and Runbooks, on keys 1–6', () => {
    expect(DEFAULT_SCREENS.map((s) => `${s.key} ${s.id}`)).toEqual(['1 overview', '2 nodes', '3 network', '4 etcd', '5 flux', '6 runbooks']);
  });
});
