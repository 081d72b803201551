import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { etcdFindings, type EtcdLook, type EtcdScreenData } from '../../../src/etcd/index.js';
import type { FleetState } from '../../../src/fleet/index.js';
import { ManualClock } from '../../../src/lab/clock.js';
import { parseEtcdAlarms, parseEtcdStatus } from '../../../src/talos/index.js';
import { cleanup, KEYS, render } from '../../../test/support/render.js';
import { Dashboard } from '../../Dashboard.js';
import { samplePlatform } from '../../testing/fleet-samples.js';
import { MemoryFleetStore } from '../../testing/memory-store.js';
import { ScriptedActions } from '../../testing/scripted-actions.js';
import { DEFAULT_SCREENS } from '../registry.js';
import { etcdScreen } from './EtcdScreen.js';

afterEach(cleanup);

const fx = (f: string) => readFileSync(new URL(`../../../test/fixtures/etcd/${f}`, import.meta.url), 'utf8');
const AT = Date.parse('2026-11-27T12:00:00Z');
const H = 3_600_000;

/** A look from recorded `talosctl etcd status` output, named like the platform's nodes. */
function look(cluster: string, file: string, names: string[], alarms = ''): EtcdLook {
  const rows = parseEtcdStatus(fx(file));
  const alarmRows = alarms ? parseEtcdAlarms(alarms) : [];
  const members = rows.map((r, i) => ({
    node: r.node, nodeName: names[i]!, reachable: true, memberId: r.memberId, dbSize: r.dbSize, inUse: r.inUse, inUsePercent: r.inUsePercent, leaderId: r.leader,
    raftIndex: r.raftIndex, raftTerm: r.raftTerm, raftAppliedIndex: r.raftAppliedIndex, learner: r.learner, errors: r.errors,
    alarms: alarmRows.filter((a) => a.memberId === r.memberId).map((a) => a.alarm), ...(r.protocol ? { protocol: r.protocol, storage: r.storage } : {}),
  }));
  return { cluster, at: AT, members, memberList: [], memberListDisagree: [], alarms: alarmRows, leaders: [rows[0]!.leader], leaderId: rows[0]!.leader, warnings: [] };
}

function data(): EtcdScreenData {
  const infra = look('infra', 'etcd-status.txt', ['infra-01', 'infra-02', 'infra-03']);
  const apps = look('apps', 'etcd-status-pre-v1.11.txt', ['apps-01', 'apps-02', 'apps-03'], fx('etcd-alarm-list.txt'));
  Object.assign(apps.members[2]!, { reachable: false, error: 'connection refused' });
  const q = { quotaBytes: 2 * 1024 ** 3 };
  return {
    at: AT,
    clusters: [
      {
        look: infra, findings: etcdFindings(infra, undefined, q),
        backup: { newest: { takenAt: new Date(AT - 2 * H).toISOString(), revision: 4193, storedBytes: 1_200_000 }, ageMs: 2 * H, stale: false, staleAfterMs: 12 * H, nextRun: AT + 6 * H, count: 4, retention: { keep: 4, remove: 1 } },
      },
      {
        look: apps, findings: etcdFindings(apps, undefined, q),
        backup: { newest: { takenAt: new Date(AT - 30 * H).toISOString(), storedBytes: 900_000 }, ageMs: 30 * H, stale: true, staleAfterMs: 12 * H, nextRun: AT + H, count: 2, retention: { keep: 2, remove: 0, stale: 'backups are stale' }, lastRun: { lastAttemptAt: new Date(AT - H).toISOString(), lastError: 'etcd alarm NOSPACE is active' }, lastRunFailed: true },
      },
    ],
  };
}

function mount(state: FleetState, columns: number) {
  return render(
    <Dashboard store={new MemoryFleetStore(state)} actions={new ScriptedActions()} readOnly={false} onExit={vi.fn()} clock={new ManualClock()} screens={DEFAULT_SCREENS.some((s) => s.id === 'etcd') ? DEFAULT_SCREENS : [...DEFAULT_SCREENS, etcdScreen]} initialScreen="etcd" />,
    { columns, rows: 40 },
  );
}

describe('etcd screen', () => {
  test('120 columns: members with leader, sizes, raft; alarms; the backup state; findings', () => {
    const r = mount({ ...samplePlatform(), etcd: data() } as FleetState, 120);
    const lines = r.lines();
    // the docs' cluster: the third row (172.20.0.2) is the leader
    expect(lines).toContain('infra  etcd 3.6.4  leader infra-03  3/3 members up  no alarms');
    expect(lines).toContain('  infra-01  ✓ follower   3.6 MB  61% used  applied      4703  term 2');
    expect(lines).toContain('  infra-03  ★ leader     3.5 MB  63% used  applied      4703  term 2');
    expect(lines).toContain('  backup  ✓ newest verified 2h0m ago (rev 4193, 1.2 MB) · next run in 6h0m · retention keeps 4, 1 to prune');
    expect(lines).toContain('apps  leader apps-01  2/3 members up  alarms: NOSPACE');
    expect(lines).toContain('  apps-02  ✓ follower    17 MB  26% used  applied     53391  term 4  NOSPACE');
    expect(lines).toContain('  apps-03  ✗ down      connection refused');
    expect(lines).toContain('  ▲ apps-03: etcd on apps-03 (172.20.0.4) does not answer — check talosctl -n 172.20.0.4 service etcd and its logs');
    expect(lines.some((l) => l.startsWith('  backup  ✗ STALE: newest verified 1d6h ago (rev ?, 900 kB) · next run in 1h0m · retention paused (stale) · last run'))).toBe(true);
    expect(lines.some((l) => l.startsWith('  ✗ etcd: etcd alarm NOSPACE on 1 member — the database hit its quota'))).toBe(true);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(120);
  });

  test('80 and 60 columns: the raft columns go, names and roles stay, nothing wraps', () => {
    for (const columns of [80, 60]) {
      const r = mount({ ...samplePlatform(), etcd: data() } as FleetState, columns);
      const lines = r.lines();
      expect(lines).toContain('  infra-03  ★ leader     3.5 MB  63% used');
      expect(lines.some((l) => l.startsWith('apps  leader apps-01'))).toBe(true);
      for (const l of lines) expect(l.length).toBeLessThanOrEqual(columns);
    }
  });

  test('the filter keeps matching clusters', async () => {
    const r = mount({ ...samplePlatform(), etcd: data() } as FleetState, 120);
    await r.press('/');
    const filtered = await r.type('apps');
    expect(filtered).toContain('apps  leader apps-01');
    expect(filtered).not.toContain('infra-03  ★ leader');
    expect(filtered).not.toContain('infra  etcd 3.6.4');
    await r.press(KEYS.escape);
  });

  test('before the first look: syncing, not "nothing"', () => {
    const r = mount(samplePlatform(), 80);
    expect(r.text()).toContain('etcd: syncing… (members and backups not read yet)');
  });
});
