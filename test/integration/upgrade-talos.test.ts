/**
 * Rolling Talos upgrades on the lab, time injected: the real talosctl stand-in reboots each node
 * into the new version on a ManualClock while the engine follows it through the real adapters.
 */
import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { foldRun, parseRunbook, resumeRun, startRun, type RunEvent } from '../../src/upgrade/index.js';
import { drive, journalOf, startUpgradeLab, talosRunbook, type UpgradeLab } from './upgrade-lab.js';

let t: UpgradeLab;
beforeEach(async () => {
  t = await startUpgradeLab();
});
afterEach(async () => {
  await t?.stop();
});

const versions = (cluster: string) => t.lab.twin.cluster(cluster)!.nodes.map((n) => `${n.name} ${n.talosVersion}`);
const ofType = <K extends RunEvent['type']>(events: RunEvent[], type: K) => events.filter((e): e is Extract<RunEvent, { type: K }> => e.type === type);

describe('talos-upgrade on the lab', () => {
  it('upgrades a 3-node cluster one node at a time, the etcd leader last, each node gated, and journals every step', async () => {
    const loaded = parseRunbook(talosRunbook(), 'infra-talos.yaml', t.config);
    const session = await startRun(t.options(), loaded);
    const { events, result } = await drive(t.clock, session);

    expect(result).toMatchObject({ result: 'ok', exitCode: 0 });
    expect(versions('infra')).toEqual(['infra-01 v1.12.0', 'infra-02 v1.12.0', 'infra-03 v1.12.0']);
    expect(versions('apps')).toEqual(['apps-01 v1.11.5', 'apps-02 v1.11.5', 'apps-03 v1.11.5']);
    // serial: every node upgraded once, never two away from `running` at once
    expect([...t.upgrades].sort()).toEqual(['infra-01', 'infra-02', 'infra-03']);
    expect(t.maxDown['infra']).toBe(1);
    // leader last: no node was the leader when its upgrade began, except the last one
    t.upgrades.slice(0, -1).forEach((n, i) => expect(t.leaderAtUpgrade[i]).not.toBe(n));
    // each node is preceded by a passing gate
    const starts = ofType(events, 'unit-start');
    expect(starts.map((s) => s.unit)).toEqual(t.upgrades.map((n) => `s1/${n}`));
    for (const s of starts) {
      const i = events.indexOf(s);
      const gate = events.slice(0, i).reverse().find((e) => e.type === 'gate-end');
      expect(gate).toMatchObject({ type: 'gate-end', before: s.unit, ok: true });
    }
    const ends = ofType(events, 'unit-end');
    expect(ends.map((e) => [e.unit, e.result])).toEqual(t.upgrades.map((n) => [`s1/${n}`, 'ok']));
    for (const e of ends) expect(e.message).toMatch(/upgraded to v1\.12\.0: Ready, 3\/3 members healthy, leader infra-0\d, 1 session Established$/);

    // the journal on disk holds the same events, run-start to run-end
    expect(existsSync(session.journalPath)).toBe(true);
    const journal = await journalOf(session.journalPath);
    expect(journal).toEqual(events);
    expect(journal[0]).toMatchObject({ type: 'run-start', cluster: 'infra', units: expect.any(Array) });
    expect(journal.at(-1)).toMatchObject({ type: 'run-end', result: 'ok', exitCode: 0 });
    expect(foldRun(journal, { alive: false })).toMatchObject({ state: 'ok', done: t.upgrades.map((n) => `s1/${n}`) });
  });

  it.each(['v1.11.5', 'v1.14.0'])('refuses before the first step when an etcd member is down: exit 5, nothing upgraded (talosctl %s)', async (client) => {
    // ≤1.13 reports the dead member as a WARNING and exits 0; ≥1.14 prints `error from node` and exits 1
    t.lab.twin.talosctlVersion = client;
    t.lab.twin.fault('etcd-member-down', 'infra-03');
    const session = await startRun(t.options(), parseRunbook(talosRunbook(), 'infra-talos.yaml', t.config));
    const { events, result } = await drive(t.clock, session);

    expect(result).toMatchObject({ result: 'refused', exitCode: 5 });
    expect(result.message).toMatch(/^gate before s1\/infra-0\d refused: .*etcd-healthy: etcd on infra-03 does not answer/);
    expect(result.hint).toBe(`nothing more was changed; fix cluster-healthy and etcd-healthy, then plat runbook resume ${session.id}`);
    expect(t.upgrades).toEqual([]);
    expect(versions('infra')).toEqual(['infra-01 v1.11.5', 'infra-02 v1.11.5', 'infra-03 v1.11.5']);
    expect(ofType(events, 'unit-start')).toEqual([]);
    expect(ofType(events, 'check').find((c) => c.check === 'etcd-healthy')).toMatchObject({ ok: false });
    expect((await journalOf(session.journalPath)).map((e) => e.type)).toEqual(['run-start', 'gate-start', 'check', 'check', 'check', 'gate-end', 'stop', 'run-end']);
  });

  it('stops when a node does not come back in time, leaves later nodes untouched, and resume continues from that node once healed', async () => {
    const loaded = parseRunbook(talosRunbook('    timeout: 3m\n'), 'infra-talos.yaml', t.config);
    let stuck: string | undefined;
    const off = t.lab.twin.onChange((c) => {
      // the first node to upgrade loses its network while it reboots
      if (!stuck && c.kind === 'machine' && c.event.type === 'sequence' && c.event.name === 'upgrade' && c.event.action === 'START') {
        stuck = c.node;
        t.lab.twin.fault('node-unreachable', c.node);
      }
    });
    const first = await startRun(t.options(), loaded);
    const run1 = await drive(t.clock, first);
    off();

    expect(run1.result).toMatchObject({ result: 'failed', exitCode: 1 });
    expect(run1.result.message).toMatch(new RegExp(`^${stuck} did not come back within 3m: talos-version: Talos API does not answer`));
    expect(run1.result.hint).toBe(`fix ${stuck} (it continues with ${stuck}), then plat runbook resume ${first.id}`);
    expect(t.upgrades).toEqual([stuck]);
    const others = t.lab.twin.cluster('infra')!.nodes.filter((n) => n.name !== stuck);
    for (const n of others) expect(n).toMatchObject({ talosVersion: 'v1.11.5', stage: 'running' });
    expect(ofType(run1.events, 'unit-end')).toEqual([expect.objectContaining({ unit: `s1/${stuck}`, result: 'failed' })]);

    t.lab.twin.heal('node-unreachable', stuck!);
    const again = await resumeRun(t.options({ command: 'plat runbook resume (test)' }), first.id);
    expect(again.id).toBe(first.id);
    const run2 = await drive(t.clock, again);

    expect(run2.result).toMatchObject({ result: 'ok', exitCode: 0 });
    const units = ofType(run2.events, 'unit-end').map((e) => [e.unit, e.result]);
    expect(units[0]).toEqual([`s1/${stuck}`, 'skipped']); // already on the target: checked, not upgraded again
    expect(units.slice(1).map((u) => u[1])).toEqual(['ok', 'ok']);
    expect([...t.upgrades].sort()).toEqual(['infra-01', 'infra-02', 'infra-03']);
    expect(versions('infra')).toEqual(['infra-01 v1.12.0', 'infra-02 v1.12.0', 'infra-03 v1.12.0']);
    const journal = await journalOf(first.journalPath);
    expect(journal.filter((e) => e.type === 'run-resume')).toHaveLength(1);
    expect(foldRun(journal, { alive: false })).toMatchObject({ state: 'ok', resumes: 1 });
  });
});
