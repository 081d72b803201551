/**
 * `plat etcd …` and the backup's etcd gates against the lab's talosctl stand-in (real adapter,
 * real talosctl-shaped output): both `etcd status` layouts, a dead member, a NOSPACE alarm, and
 * defragmentation one member at a time with the leader last.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { etcdFindings, observeEtcd } from '../../src/etcd/index.js';
import { TalosClient } from '../../src/talos/index.js';
import { startBackupLab, type BackupLab } from './backup-lab.js';

let lab: BackupLab;
beforeAll(async () => {
  lab = await startBackupLab();
});
afterAll(async () => {
  await lab?.close();
});
afterEach(() => {
  for (const f of lab.twin.activeFaults()) lab.twin.heal(f.fault, f.target);
  lab.twin.talosctlVersion = 'v1.11.5';
});

const infra = { name: 'infra', id: 1, readOnly: false, lbPools: [], nodes: ['11', '12', '13'].map((x, i) => ({ name: `infra-0${i + 1}`, ip: `10.25.11.${x}`, role: 'controlplane' as const })) };

describe('etcd through the talosctl stand-in', () => {
  it('a healthy cluster: three voting members, one leader, no findings', async () => {
    const client = new TalosClient({ talosconfig: lab.talosconfig, context: 'infra', env: lab.env });
    const look = await observeEtcd(client, infra, { now: () => Date.now() });
    expect(look.members.map((m) => [m.nodeName, m.reachable, m.learner, m.hostname])).toEqual([
      ['infra-01', true, false, 'infra-01'], ['infra-02', true, false, 'infra-02'], ['infra-03', true, false, 'infra-03'],
    ]);
    expect(look.leaderId).toBe(look.members[0]!.memberId);
    expect(look.members[0]!.protocol).toBe('3.6.4');
    expect(etcdFindings(look, undefined, { quotaBytes: 2 * 1024 ** 3 })).toEqual([]);
  });

  it('plat etcd status prints both talosctl layouts (PROTOCOL/STORAGE only from v1.11)', { timeout: 60_000 }, async () => {
    const now = await lab.plat(['etcd', 'status', '--cluster', 'infra']);
    expect(now.code, now.stderr).toBe(0);
    expect(now.stdout.split('\n')[0]).toMatch(/^CLUSTER +NODE +MEMBER +ROLE +DB SIZE +IN USE +RAFT INDEX +RAFT TERM +APPLIED +PROTOCOL +STORAGE +ERRORS$/);
    expect(now.stdout).toMatch(/\ninfra +infra-01 +[0-9a-f]{16} +leader +28 MB +17 MB \(6\d\.\d\d%\) .* 3\.6\.4 +3\.6\.0\n/);
    lab.twin.talosctlVersion = 'v1.10.7';
    const old = await lab.plat(['etcd', 'status', '--cluster', 'infra', '-o', 'json']);
    const parsed = JSON.parse(old.stdout) as { clusters: { members: { protocol?: string; dbSize: number }[] }[]; findings: unknown[] };
    expect(parsed.clusters[0]!.members.map((m) => m.protocol)).toEqual([undefined, undefined, undefined]);
    expect(parsed.clusters[0]!.members[0]!.dbSize).toBe(28_000_000);
    const table = await lab.plat(['etcd', 'status', '--cluster', 'infra']);
    expect(table.stdout.split('\n')[0]).toMatch(/APPLIED +ERRORS$/);
  });

  it('a dead member: a finding, exit 3, and the backup snapshots from a live follower', { timeout: 60_000 }, async () => {
    lab.twin.fault('etcd-member-down', 'infra-02');
    const st = await lab.plat(['etcd', 'status', '--cluster', 'infra']);
    expect(st.code).toBe(3);
    expect(st.stdout).toMatch(/^infra +infra-02 +- +down .*$/m);
    expect(st.stdout).toMatch(/^! infra\/infra-02: etcd on infra-02 \(10\.25\.11\.12\) does not answer — .*; check talosctl -n 10\.25\.11\.12 service etcd and its logs$/m);
    const run = await lab.plat(['backup', 'run', '--cluster', 'infra']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/infra: snapshot order infra-03, infra-01; skipped infra-02 \(does not answer \(/);
    expect(run.stderr).toMatch(/infra: snapshot from infra-03 \(10\.25\.11\.13\), attempt 1\n/);
  });

  it('a NOSPACE alarm: plat etcd alarms lists it (exit 3); plat backup run refuses with exit 5', { timeout: 60_000 }, async () => {
    lab.twin.fault('etcd-alarm-nospace', 'infra-01');
    const al = await lab.plat(['etcd', 'alarms', '--cluster', 'infra']);
    expect(al.code).toBe(3);
    expect(al.stdout).toMatch(/^CLUSTER +NODE +MEMBER +ALARM\ninfra +infra-01 +[0-9a-f]{16} +NOSPACE\n$/);
    const run = await lab.plat(['backup', 'run', '--cluster', 'infra']);
    expect(run.code).toBe(5);
    expect(run.stderr).toMatch(/infra: backup FAILED: infra: etcd alarm NOSPACE is active; no snapshot taken \(hint: defragment \(plat etcd defrag\) and disarm the alarm/);
    expect(run.stdout).toBe('infra FAILED: infra: etcd alarm NOSPACE is active; no snapshot taken\n');
  });

  it('defrag: followers first, leader last, one at a time; refusals for read-only, no confirmation, leader first', { timeout: 90_000 }, async () => {
    const ro = await lab.plat(['etcd', 'defrag', '--node', 'infra-02', '--yes', '--readonly']);
    expect([ro.code, ro.stderr]).toEqual([5, 'plat: infra is read-only (--readonly, or readOnly: true in plat.yaml); etcd defrag changes a member\nhint: nothing was changed\n']);
    const ask = await lab.plat(['etcd', 'defrag', '--node', 'infra-02']);
    expect(ask.code).toBe(2);
    expect(ask.stderr).toMatch(/^plat: Defragment etcd on infra-02 \(10\.25\.11\.12\) in cluster infra \(each member blocks reads and writes while it rewrites its database\): needs confirmation and there is no terminal to ask on\nhint: pass --yes to confirm from a script\n$/);

    const twinInfra = lab.twin.cluster('infra')!;
    twinInfra.nodes[2]!.etcd!.dbInUse = 9_000_000; // infra-03 at ~31 % in use: it needs a defrag
    const leaderFirst = await lab.plat(['etcd', 'defrag', '--node', 'infra-01', '--yes']);
    expect(leaderFirst.code).toBe(5);
    expect(leaderFirst.stderr).toMatch(/^plat: infra: infra-01 is the etcd leader and infra-03 still needs a defrag; the leader goes last\nhint: defragment the followers first: plat etcd defrag --cluster infra --node infra-03\n$/);

    const all = await lab.plat(['etcd', 'defrag', '--cluster', 'infra', '--all', '--yes']);
    expect(all.code, all.stderr).toBe(0);
    const order = [...all.stderr.matchAll(/infra: defragmenting (infra-0\d)( \(leader\))?…/g)].map((m) => m[1] + (m[2] ? '*' : ''));
    expect(order).toEqual(['infra-03', 'infra-02', 'infra-01*']);
    expect(all.stderr).toMatch(/infra: infra-03 done, DB 29 MB → 9\.2 MB\n/);
  });
});
