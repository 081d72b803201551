import { afterEach, describe, expect, test, vi } from 'vitest';
import { ManualClock } from '../../../src/lab/clock.js';
import type { FleetState } from '../../../src/fleet/index.js';
import { cleanup, KEYS, render } from '../../../test/support/render.js';
import { Dashboard } from '../../Dashboard.js';
import { sampleCluster, sampleNode, samplePlatform, services, syncingPlatform } from '../../testing/fleet-samples.js';
import { MemoryFleetStore } from '../../testing/memory-store.js';
import { ScriptedActions } from '../../testing/scripted-actions.js';
import { SHELL_SCREENS } from '../../testing/shell-screens.js';

afterEach(cleanup);

function mount(state: FleetState, opts: { columns?: number; rows?: number; readOnly?: boolean } = {}) {
  const store = new MemoryFleetStore(state);
  const clock = new ManualClock();
  const actions = new ScriptedActions();
  const onExit = vi.fn();
  const r = render(
    <Dashboard screens={SHELL_SCREENS} store={store} actions={actions} readOnly={opts.readOnly ?? false} onExit={onExit} clock={clock} initialScreen="nodes" />,
    { columns: opts.columns ?? 100, rows: opts.rows ?? 24 },
  );
  return { r, store, clock, actions, onExit };
}

const columnHeader = (text: string) => text.split('\n').find((l) => l.includes('CLUSTER'))!.trim();
const rowOf = (text: string, name: string) => text.split('\n').find((l) => l.includes(` ${name} `))!;

describe('Nodes table', () => {
  test.each([
    [60, 'CLUSTER  NAME     READY      UNHEALTHY         STAGE'],
    [80, 'CLUSTER  NAME     IP              TALOS   READY      UNHEALTHY     STAGE'],
    [120, 'CLUSTER  NAME     IP              ROLE         TALOS   KUBERNETES  READY       UPTIME UNHEALTHY            STAGE'],
  ])('at %i columns shows %s', (columns, header) => {
    const { r } = mount(samplePlatform(), { columns });
    expect(columnHeader(r.text())).toBe(header);
    for (const l of r.lines()) expect(l.length).toBeLessThanOrEqual(columns);
    expect(r.text()).toContain('Nodes (6)');
  });

  test('a row carries what an operator needs at 120 columns', () => {
    const state = samplePlatform();
    state.clusters[1]!.nodes[1] = sampleNode('apps', 'apps-02', '10.25.11.15', {
      role: 'worker', ready: false, uptimeSeconds: 5 * 3600 + 12 * 60, stage: 'rebooting',
      services: services({ etcd: { state: 'Failed', health: 'Fail' }, kubelet: { state: 'Waiting', health: '?' } }),
    });
    const { r } = mount(state, { columns: 120 });
    expect(rowOf(r.text(), 'apps-02')).toBe(
      '  apps     apps-02  10.25.11.15     worker       v1.12.6 v1.33.3     ✗ NotReady   5h12m etcd, kubelet        ▲ rebooting',
    );
  });

  test('cluster unreachable: its badge and reason show while the other cluster keeps updating', async () => {
    const state = samplePlatform();
    state.clusters[1] = sampleCluster('apps', 2, 14, {
      talos: { state: 'error', reason: 'rpc error: connection refused', since: 1 },
      kube: { state: 'error', reason: 'dial tcp 10.25.11.14:6443: connect: no route to host', since: 1 },
      nodes: [],
    });
    const { r, store, clock } = mount(state, { columns: 120 });
    expect(r.lines()[0]).toBe('plat  infra ✓ healthy  apps ? unreachable');
    expect(r.text()).toContain('apps ? unreachable — talos: rpc error: connection refused; kube: dial tcp 10.25.11.14:6443: connect: no route to host');
    expect(r.text()).toContain('Nodes (3)');
    const next = structuredClone(state);
    next.clusters[0]!.nodes[1] = sampleNode('infra', 'infra-02', '10.25.11.12', { ready: false });
    store.set(next);
    clock.advance(125);
    const frame = await r.waitForFrame((t) => t.includes('✗ NotReady'));
    expect(rowOf(frame, 'infra-02')).toContain('✗ NotReady');
    expect(frame).toContain('apps ? unreachable');
  });

  test('syncing is not "No nodes"', () => {
    const { r } = mount(syncingPlatform());
    expect(r.text()).toContain('infra … syncing — waiting for the first answer');
    expect(r.text()).toContain('… syncing — no node reported yet');
    expect(r.text()).not.toContain('No nodes');
    cleanup();
    const empty = samplePlatform({ clusters: [sampleCluster('infra', 1, 11, { nodes: [] })] });
    const { r: e } = mount(empty);
    expect(e.text()).toContain('infra: no nodes reported');
    expect(e.text()).toContain('No nodes');
    expect(e.text()).not.toContain('syncing');
  });
});

describe('filter and sort', () => {
  test('/ filters on visible cells, ! inverts, Esc clears', async () => {
    const { r } = mount(samplePlatform(), { columns: 80 });
    await r.press('/');
    await r.type('apps');
    expect(r.text()).toContain('Nodes (3/6)');
    expect(r.text()).not.toContain('infra-01');
    await r.press(KEYS.enter);
    expect(r.lines()[1]).toBe(' 1 Overview  [2 Nodes]  /apps');
    // Reopen the kept filter and rewrite it inverted: erase 'apps', type '!apps'.
    expect(await r.press('/')).toContain('/apps▏');
    for (let i = 0; i < 4; i++) await r.press(KEYS.backspace);
    await r.type('!apps');
    expect(r.text()).toContain('Nodes (3/6)');
    expect(r.text()).toContain('infra-01');
    expect(r.text()).not.toContain('apps-01');
    await r.press(KEYS.enter);
    const cleared = await r.press(KEYS.escape);
    expect(cleared).toContain('Nodes (6)');
    expect(cleared.split('\n')[1]).toBe(' 1 Overview  [2 Nodes]');
  });

  test('typing q (or 1, s, ?) into the filter types it, never quits or switches', async () => {
    const { r, onExit } = mount(samplePlatform());
    await r.press('/');
    await r.type('q1s?');
    expect(onExit).not.toHaveBeenCalled();
    expect(r.text()).toContain('/q1s?▏');
    expect(r.text()).toContain('[2 Nodes]');
    expect(r.text()).toContain('no nodes match /q1s?');
  });

  test('a burst of keys (fast typing, a paste, tmux send-keys) acts like the same keys one by one', async () => {
    const { r } = mount(samplePlatform(), { columns: 80 });
    // one chunk: open the filter, type, commit with Enter, then drill down with a second Enter
    await r.press('/apps-02\r');
    expect(r.text()).toContain('Nodes (1/6)');
    expect(r.lines()[1]).toBe(' 1 Overview  [2 Nodes]  /apps-02');
    const detail = await r.press(KEYS.enter);
    expect(detail).toContain('apps-02');
    expect(detail).toContain('kubelet');
  });

  test('s cycles the sort column, S reverses it', async () => {
    const { r } = mount(samplePlatform(), { columns: 80 });
    const names = (t: string) => t.split('\n').filter((l) => /^[› ] \S/.test(l) && !l.includes('CLUSTER')).map((l) => l.split(/\s+/)[2]);
    expect(names(r.text())).toEqual(['infra-01', 'infra-02', 'infra-03', 'apps-01', 'apps-02', 'apps-03']);
    const byCluster = await r.press('s');
    expect(columnHeader(byCluster)).toContain('CLUSTER↑');
    expect(names(byCluster)).toEqual(['apps-01', 'apps-02', 'apps-03', 'infra-01', 'infra-02', 'infra-03']);
    const byName = await r.press('s');
    expect(columnHeader(byName)).toContain('NAME↑');
    const reversed = await r.press('S');
    expect(columnHeader(reversed)).toContain('NAME↓');
    expect(names(reversed)).toEqual(['infra-03', 'infra-02', 'infra-01', 'apps-03', 'apps-02', 'apps-01']);
  });
});

describe('drill-down', () => {
  test('Enter opens the selected node (services, conditions, events); Esc returns to the same row', async () => {
    const state = samplePlatform();
    state.clusters[1]!.nodes[1] = sampleNode('apps', 'apps-02', '10.25.11.15', {
      services: services({ etcd: { state: 'Failed', health: 'Fail', lastMessage: 'Health check failed: context deadline exceeded' } }),
    });
    const { r } = mount(state, { columns: 100, rows: 40 });
    for (let i = 0; i < 4; i++) await r.press(KEYS.down);
    expect(r.text()).toContain('row 5');
    const detail = await r.press(KEYS.enter);
    expect(detail).toContain('apps / apps-02  10.25.11.15  controlplane');
    expect(detail).toContain('Talos v1.12.6 · Kubernetes v1.33.3 · ✓ Ready · up 3d4h · stage ✓ running');
    expect(detail).toMatch(/ {2}✗ etcd +Failed +Fail +Health check failed: context deadline exceeded/);
    expect(detail).toMatch(/ {2}✓ kubelet +Running +OK/);
    expect(detail).toContain('✓ Ready: True · KubeletReady · kubelet is posting ready status');
    expect(detail).toContain('✓ MemoryPressure: False · KubeletHasSufficientMemory');
    expect(detail).toContain('Events\n  no events');
    expect(r.lines().at(-1)).toMatch(/^Esc back/);
    const back = await r.press(KEYS.escape);
    expect(back).toContain('row 5');
    expect(rowOf(back, 'apps-02').startsWith('›')).toBe(true);
  });

  test('an unreachable node shows the Talos error; events show when the state has them', async () => {
    const state = samplePlatform();
    const node = sampleNode('infra', 'infra-01', '10.25.11.11', {
      talosReachable: false, talosError: 'rpc error: code = Unavailable desc = connection refused', services: [],
    });
    state.clusters[0]!.nodes[0] = Object.assign(node, {
      events: [{ at: '12:01', type: 'Warning', reason: 'NodeNotReady', message: 'Node infra-01 status is now: NodeNotReady' }],
    });
    const { r } = mount(state, { rows: 40 });
    const detail = await r.press(KEYS.enter);
    expect(detail).toContain('✗ Talos API unreachable: rpc error: code = Unavailable desc = connection refused');
    expect(detail).toContain('Services\n  none reported');
    expect(detail).toContain('  12:01 Warning NodeNotReady  Node infra-01 status is now: NodeNotReady');
  });
});

describe('actions', () => {
  test('R asks to confirm naming cluster and node, y runs it and shows each progress event', async () => {
    const { r, actions } = mount(samplePlatform());
    for (let i = 0; i < 4; i++) await r.press(KEYS.down);
    const dialog = await r.press('R');
    expect(dialog).toContain('Reboot apps-02 in cluster apps? y/N');
    expect(r.lines().at(-1)).toBe('y/Y confirm  n/Esc cancel');
    expect(actions.calls).toEqual([]);
    await r.press('y');
    expect(actions.calls).toEqual([{ kind: 'reboot', cluster: 'apps', node: 'apps-02' }]);
    expect(r.text()).toContain('… reboot apps-02 (apps): starting');
    actions.push({ type: 'progress', message: 'waiting for apps-02 to go down' });
    await r.waitForFrame((t) => t.includes('… reboot apps-02 (apps): waiting for apps-02 to go down'));
    actions.push({ type: 'done', message: 'apps-02 is back and Ready' });
    actions.end();
    await r.waitForFrame((t) => t.includes('✓ reboot apps-02 (apps): apps-02 is back and Ready'));
  });

  test('n, Esc or Enter cancel: nothing runs', async () => {
    const { r, actions } = mount(samplePlatform());
    for (const cancel of ['n', KEYS.escape, KEYS.enter]) {
      expect(await r.press('X')).toContain('Shut down infra-01 in cluster infra? y/N');
      const after = await r.press(cancel);
      expect(after).toContain('cancelled: nothing was changed');
      expect(after).toContain('Nodes (6)');
    }
    expect(actions.calls).toEqual([]);
  });

  test('an action that fails shows the error', async () => {
    const { r, actions } = mount(samplePlatform());
    await r.press('R');
    await r.press('y');
    actions.push({ type: 'error', message: 'refused: etcd member infra-02 is unhealthy, rebooting infra-01 would lose quorum' });
    await r.waitForFrame((t) => t.includes('✗ reboot infra-01 (infra): refused: etcd member infra-02 is unhealthy'));
  });

  test('read-only: R and X are absent from footer and help, and do nothing', async () => {
    const { r, actions } = mount(samplePlatform(), { columns: 120, rows: 60, readOnly: true });
    expect(r.lines()[0]).toBe('plat  infra ✓ healthy  apps ✓ healthy  read-only');
    expect(r.lines().at(-1)).toMatch(/^Enter details  ↓\/j down/);
    await r.pressAndSettle('R');
    await r.pressAndSettle('X');
    const help = await r.press('?');
    expect(help).toContain('node details');
    expect(help).not.toMatch(/reboot|shut down/);
    await r.press(KEYS.escape);
    await r.press(KEYS.enter);
    await r.pressAndSettle('R');
    expect(r.lines().at(-1)).toMatch(/^Esc back  ↓\/j down/);
    for (const frame of r.frames) expect(frame).not.toMatch(/Reboot|Shut down|R reboot|X shutdown/);
    expect(actions.calls).toEqual([]);
  });

  test('a read-only cluster refuses its nodes while the other cluster may act', async () => {
    const state = samplePlatform();
    state.clusters[1]!.readOnly = true;
    const { r, actions } = mount(state, { columns: 120 });
    expect(r.lines()[0]).toBe('plat  infra ✓ healthy  apps ✓ healthy (ro)');
    await r.press(KEYS.end);
    expect(await r.press('R')).toContain('✗ cluster apps is read-only: reboot refused');
    await r.press(KEYS.home);
    expect(await r.press('R')).toContain('Reboot infra-01 in cluster infra? y/N');
    expect(actions.calls).toEqual([]);
  });
});

describe('action lifecycle', () => {
  test('a second action is refused while one runs; unmounting stops following it', async () => {
    const { r, actions } = mount(samplePlatform());
    await r.press('R');
    await r.press('y');
    actions.push({ type: 'progress', message: 'rebooting' });
    await r.waitForFrame((t) => t.includes('… reboot infra-01 (infra): rebooting'));
    await r.press(KEYS.down);
    expect(await r.press('X')).toContain('✗ another action is still running');
    expect(actions.calls).toHaveLength(1);
    const frames = r.frames.length;
    r.unmount();
    // An async generator waiting inside an await cannot be stopped; the return() the dashboard
    // queued on unmount takes effect at its next yield, and nothing is painted any more.
    actions.push({ type: 'progress', message: 'still rebooting' });
    await r.settle();
    expect(actions.closed).toBe(1);
    expect(r.frames.slice(frames).join('')).not.toContain('still rebooting');
  });

  test('a stream that throws shows its message', async () => {
    const failing = new ScriptedActions();
    failing.reboot = async function* () {
      yield { type: 'progress' as const, message: 'sending reboot' };
      throw new Error('talosctl reboot: exit status 1 (node 10.25.11.11)');
    };
    const r = render(<Dashboard store={new MemoryFleetStore(samplePlatform())} actions={failing} readOnly={false} onExit={() => {}} clock={new ManualClock()} initialScreen="nodes" />, { columns: 100 });
    await r.press('R');
    await r.press('y');
    await r.waitForFrame((t) => t.includes('✗ reboot infra-01 (infra): talosctl reboot: exit status 1 (node 10.25.11.11)'));
    // Once it ended, the next action may start.
    expect(await r.press('R')).toContain('Reboot infra-01 in cluster infra? y/N');
  });
});
