import { describe, expect, it } from 'vitest';
import { restorePlan, type RestoreBackup, type RestorePlanInput } from './restore-plan.js';
import { restorePlanText } from './restore-plan-text.js';

const NOW = Date.parse('2026-11-27T12:00:00Z');
const SHA = 'c0ffee00'.repeat(8);
const TRAILER = '5eed'.repeat(16);

const backup = (over: Partial<RestoreBackup> = {}): RestoreBackup => ({
  path: '/srv/plat/backups/infra/etcd-infra-20261127T090000Z-rev4193.db.gz',
  file: 'infra/etcd-infra-20261127T090000Z-rev4193.db.gz',
  catalogued: true,
  takenAt: '2026-11-27T09:00:00.000Z',
  node: 'infra-02',
  nodeAddress: '10.25.11.12',
  revision: 4193,
  storedBytes: 812_345,
  snapshotBytes: 2_015_264,
  sha256: SHA,
  trailerSha256: TRAILER,
  snapshotHash: 'c25fd181',
  encrypted: false,
  gzip: true,
  hashless: false,
  check: { ok: true, what: 'stored bytes match the catalog, sha256 trailer and both bbolt meta pages verify', problems: [] },
  lastDrill: { v: 1, cluster: 'infra', file: 'infra/etcd-infra-20261127T090000Z-rev4193.db.gz', catalogued: true, at: '2026-11-27T10:00:00.000Z', seconds: 2.1, ok: true, problems: [], warnings: [], revision: 4193, keys: 1287 },
  passedOver: [],
  ...over,
});

const input = (over: Partial<RestorePlanInput> = {}): RestorePlanInput => ({
  cluster: 'infra',
  nodes: [
    { name: 'infra-01', ip: '10.25.11.11', role: 'controlplane' },
    { name: 'infra-02', ip: '10.25.11.12', role: 'controlplane' },
    { name: 'infra-03', ip: '10.25.11.13', role: 'controlplane' },
  ],
  talosContext: 'infra',
  kubeContext: 'admin@infra',
  backup: backup(),
  now: NOW,
  ...over,
});

describe('restorePlan', () => {
  it('numbers the Talos recovery steps in order, destructive ones after the checks', () => {
    const plan = restorePlan(input());
    expect(plan.steps.map((s) => `${s.n} ${s.id}`)).toEqual([
      '1 confirm', '2 snapshot', '3 drill', '4 machinetype', '5 machine-config', '6 wipe', '7 preparing', '8 time', '9 bootstrap', '10 watch', '11 join', '12 kubelet', '13 check',
    ]);
    expect(plan.steps.filter((s) => s.destructive).map((s) => s.id)).toEqual(['wipe', 'bootstrap']);
    expect(plan.recoveryNode).toEqual({ name: 'infra-01', ip: '10.25.11.11' });
    expect(plan.recoverFrom).toBe('./etcd-infra-20261127T090000Z-rev4193.db');
    expect(plan.warnings).toEqual([]);
  });

  it('gives the exact commands, one node at a time for the wipe', () => {
    const steps = new Map(restorePlan(input()).steps.map((s) => [s.id, s]));
    expect(steps.get('wipe')!.commands).toEqual([
      'talosctl --context infra -e 10.25.11.11 -n 10.25.11.11 reset --graceful=false --reboot --system-labels-to-wipe=EPHEMERAL',
      'talosctl --context infra -e 10.25.11.12 -n 10.25.11.12 reset --graceful=false --reboot --system-labels-to-wipe=EPHEMERAL',
      'talosctl --context infra -e 10.25.11.13 -n 10.25.11.13 reset --graceful=false --reboot --system-labels-to-wipe=EPHEMERAL',
    ]);
    expect(steps.get('snapshot')!.commands).toEqual([
      `sha256sum ${backup().path}`,
      `gunzip -c ${backup().path} > etcd-infra-20261127T090000Z-rev4193.db`,
      'plat backup verify infra/etcd-infra-20261127T090000Z-rev4193.db.gz',
    ]);
    expect(steps.get('bootstrap')!.commands).toEqual(['talosctl --context infra -e 10.25.11.11 -n 10.25.11.11 bootstrap --recover-from=./etcd-infra-20261127T090000Z-rev4193.db']);
    expect(steps.get('bootstrap')!.expect).toBe('recovering from snapshot "./etcd-infra-20261127T090000Z-rev4193.db": hash c25fd181, revision 4193');
    expect(steps.get('bootstrap')!.notes[1]).toBe('"etcd service is not ready for recovery yet": step 7 is not finished; wait and run it again');
    expect(steps.get('time')!.commands).toEqual(['talosctl --context infra -e 10.25.11.11 -n 10.25.11.11 get timestatus']);
    expect(steps.get('watch')!.commands[0]).toBe('talosctl --context infra -e 10.25.11.11 -n 10.25.11.11 logs etcd -f');
    expect(steps.get('confirm')!.commands).toEqual([
      'talosctl --context infra -e 10.25.11.11 -n 10.25.11.11,10.25.11.12,10.25.11.13 etcd members',
      'talosctl --context infra -e 10.25.11.11 -n 10.25.11.11,10.25.11.12,10.25.11.13 service etcd',
    ]);
    expect(steps.get('confirm')!.expect).toBe('fewer than 2 of 3 members healthy');
  });

  it('recovers on the node asked for, and refuses one that is not a control plane', () => {
    expect(restorePlan(input({ recoveryNode: 'infra-03' })).recoveryNode.ip).toBe('10.25.11.13');
    expect(() => restorePlan(input({ recoveryNode: 'apps-01' }))).toThrow('--node apps-01 is not a control-plane node of infra');
  });

  it('adds --recover-skip-hash-check only for a file without a trailer, and says why', () => {
    const plan = restorePlan(input({ backup: backup({ path: '/tmp/db', file: '/tmp/db', catalogued: false, gzip: false, hashless: true, trailerSha256: undefined }) }));
    const boot = plan.steps.find((s) => s.id === 'bootstrap')!;
    expect(boot.commands).toEqual(['talosctl --context infra -e 10.25.11.11 -n 10.25.11.11 bootstrap --recover-from=./db --recover-skip-hash-check']);
    expect(plan.warnings[0]).toContain('no sha256 trailer');
    expect(restorePlan(input()).steps.find((s) => s.id === 'bootstrap')!.commands[0]).not.toContain('skip-hash-check');
  });

  it('decrypts an age file first, and warns about a file never drilled and a lone control plane', () => {
    const plan = restorePlan(input({
      nodes: [{ name: 'solo', ip: '10.0.0.5', role: 'controlplane' }, { name: 'w1', ip: '10.0.0.6', role: 'worker' }],
      backup: backup({ path: '/b/etcd-x.db.gz.age', encrypted: true, lastDrill: undefined }),
    }));
    expect(plan.steps.find((s) => s.id === 'snapshot')!.commands.slice(1, 3)).toEqual(['age -d -i <your age identity file> -o etcd-x.db.gz /b/etcd-x.db.gz.age', 'gunzip etcd-x.db.gz']);
    expect(plan.recoverFrom).toBe('./etcd-x.db');
    expect(plan.steps.find((s) => s.id === 'kubelet')!.commands).toEqual([
      'talosctl --context infra -e 10.0.0.5 -n 10.0.0.5 service kubelet restart',
      'talosctl --context infra -e 10.0.0.6 -n 10.0.0.6 service kubelet restart',
    ]);
    expect(plan.warnings).toEqual(['infra has one control-plane node: without this backup the cluster cannot be rebuilt', 'this file has never been drilled: step 3 does it now, before anything is wiped']);
  });
});

describe('restorePlanText', () => {
  it('shows the file, its checks and the numbered steps', () => {
    const text = restorePlanText(restorePlan(input({ talosconfig: '/home/op/.talos/config' })), NOW);
    const lines = text.split('\n');
    expect(lines.slice(0, 13)).toEqual([
      'Restore plan for cluster infra: plat executes nothing; run each step yourself, in order.',
      '',
      'Backup: /srv/plat/backups/infra/etcd-infra-20261127T090000Z-rev4193.db.gz',
      '  taken      2026-11-27 09:00:00Z (3h0m ago) from infra-02 (10.25.11.12)',
      '  revision   4193',
      '  size       2.0 MB snapshot, 812.3 kB stored, gzip',
      `  sha256     ${SHA}  (the stored file)`,
      `  trailer    ${TRAILER}  (sha256 of the snapshot's bbolt bytes)`,
      '  etcd hash  c25fd181',
      '  checked    ok just now: stored bytes match the catalog, sha256 trailer and both bbolt meta pages verify',
      '  drill      ok 2h0m ago (rev 4193, 1287 keys)',
      'Recover on: infra-01 (10.25.11.11); control planes: infra-01 10.25.11.11, infra-02 10.25.11.12, infra-03 10.25.11.13',
      '',
    ]);
    expect(text).toContain(' 1. Confirm that etcd has lost quorum and cannot recover by itself\n      $ export TALOSCONFIG=/home/op/.talos/config\n');
    expect(text).toContain(' 6. Wipe EPHEMERAL on each control-plane node, one at a time   [DESTRUCTIVE]\n');
    expect(text).toContain('      - this deletes /var/lib/etcd on that node: only after steps 2 and 3 passed\n');
    expect(text).toContain(` 2. Fetch the backup and check it\n      $ sha256sum ${backup().path}\n`);
    expect(text).toContain(`      expect: sha256 ${SHA}\n`);
    expect(text).toContain(' 9. Recover etcd on infra-01 (10.25.11.11) from the snapshot   [DESTRUCTIVE]\n      $ talosctl --context infra -e 10.25.11.11 -n 10.25.11.11 bootstrap --recover-from=./etcd-infra-20261127T090000Z-rev4193.db\n');
    expect(text).toContain('13. Check the cluster, then take a fresh backup\n');
  });
});
