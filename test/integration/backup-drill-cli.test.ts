/**
 * The commands on what `plat backup run` really stored: a backup taken through the lab's
 * talosctl stand-in (a live etcd's snapshot, src/lab/talos/etcd-snapshot.ts) is drilled with the
 * real etcd tools, then `restore-plan` prints the Talos recovery for it with its checks and the
 * drill it just passed. Commands run through test/integration/backup-recovery-cli.ts.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCatalog, type CatalogEntry, type DrillRunResult, type RestorePlan } from '../../src/backup/index.js';
import { labSnapshot } from '../../src/lab/talos/index.js';
import { requireBinaries } from '../support/real.js';
import { startBackupLab, type BackupLab } from './backup-lab.js';
import { platRecovery } from './backup-recovery-cli.js';

const bins = requireBinaries(['etcd', 'etcdctl'], 'drilling what plat backup run stored, with the real etcd');

describe.skipIf(!bins)('plat backup drill and restore-plan on a backup made by plat backup run', () => {
  let lab: BackupLab;
  let entry: CatalogEntry;
  const plat = (args: string[], env: NodeJS.ProcessEnv = {}) => platRecovery(args, { env: { ...process.env, ...lab.env, ...env }, cwd: lab.dir });

  beforeAll(async () => {
    lab = await startBackupLab();
    const run = await lab.plat(['backup', 'run', '--cluster', 'infra']);
    expect(run.code, run.stderr).toBe(0);
    entry = parseCatalog(readFileSync(join(lab.backupDir, 'catalog.jsonl'), 'utf8')).entries[0]!;
  }, 90_000);
  afterAll(async () => {
    await lab?.close();
  });

  it('drills the newest backup: the keys the stand-in\'s etcd held, per resource', { timeout: 60_000 }, async () => {
    expect((await labSnapshot()).origin).toBe('live-etcd');
    const r = await plat(['backup', 'drill', '--cluster', 'infra']);
    expect(r.stderr).toContain(`infra: drilling ${entry.file}\n`);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^infra ok ${entry.file.replace(/\./g, '\\.')} revision ${entry.revision}, 8 keys \\(\\d+(\\.\\d)? s\\)$`));
    expect(lines.slice(1, 6)).toEqual([
      'PREFIX                 KEYS',
      '/registry/configmaps      1',
      '/registry/minions         3',
      '/registry/namespaces      3',
      '/registry/services        1',
    ]);
    const json = JSON.parse((await plat(['backup', 'drill', entry.file, '-o', 'json'])).stdout) as DrillRunResult;
    expect(json.records[0]).toMatchObject({ file: entry.file, ok: true, keys: 8, revision: entry.revision, snapshotHash: entry.snapshotHash });
  });

  it('prints the numbered recovery steps with the chosen file, its hash and its last drill', { timeout: 60_000 }, async () => {
    await plat(['backup', 'drill', '--cluster', 'infra']);
    const r = await plat(['backup', 'restore-plan', '--cluster', 'infra']);
    expect(r.code, r.stderr).toBe(0);
    const path = join(lab.backupDir, entry.file);
    const plain = entry.file.split('/')[1]!.replace(/\.gz$/, '');
    expect(r.stdout).toContain(`Backup: ${path}\n`);
    expect(r.stdout).toContain(`  sha256     ${entry.sha256}  (the stored file)\n`);
    expect(r.stdout).toContain(`  trailer    ${entry.trailerSha256}  (sha256 of the snapshot's bbolt bytes)\n`);
    expect(r.stdout).toContain(`  revision   ${entry.revision}\n`);
    expect(r.stdout).toMatch(/ {2}checked {4}ok just now: stored bytes match the catalog, sha256 trailer and both bbolt meta pages verify\n/);
    expect(r.stdout).toMatch(new RegExp(` {2}drill {6}ok \\d+s ago \\(rev ${entry.revision}, 8 keys\\)\\n`));
    expect(r.stdout).toContain(` 1. Confirm that etcd has lost quorum and cannot recover by itself\n      $ export TALOSCONFIG=${lab.talosconfig}\n`);
    expect(r.stdout).toContain(` 6. Wipe EPHEMERAL on each control-plane node, one at a time   [DESTRUCTIVE]\n      $ talosctl --context infra -e 10.25.11.11 -n 10.25.11.11 reset --graceful=false --reboot --system-labels-to-wipe=EPHEMERAL\n`);
    expect(r.stdout).toContain(` 9. Recover etcd on infra-01 (10.25.11.11) from the snapshot   [DESTRUCTIVE]\n      $ talosctl --context infra -e 10.25.11.11 -n 10.25.11.11 bootstrap --recover-from=./${plain}\n`);
    expect(r.stdout).toContain(`      $ gunzip -c ${path} > ${plain}\n`);
    expect(r.stdout).toContain('10. Watch etcd restore the snapshot and start\n      $ talosctl --context infra -e 10.25.11.11 -n 10.25.11.11 logs etcd -f\n');
    expect(r.stdout).not.toContain('!');
  });

  it('gives the steps as data with -o json, on the node asked for', { timeout: 30_000 }, async () => {
    const r = await plat(['backup', 'restore-plan', '--cluster', 'infra', '--node', 'infra-03', '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const plan = JSON.parse(r.stdout) as RestorePlan;
    expect(plan.steps.map((s) => s.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(plan.recoveryNode).toEqual({ name: 'infra-03', ip: '10.25.11.13' });
    expect(plan.backup).toMatchObject({ file: entry.file, sha256: entry.sha256, revision: entry.revision, catalogued: true, hashless: false });
    expect(plan.steps.find((s) => s.id === 'bootstrap')!.commands).toEqual([`talosctl --context infra -e 10.25.11.13 -n 10.25.11.13 bootstrap --recover-from=${plan.recoverFrom}`]);
  });

  it('refuses to plan with a file that fails verification, or for a node or cluster it cannot use', { timeout: 30_000 }, async () => {
    const bad = join(lab.dir, 'damaged.db.gz');
    copyFileSync(join(lab.backupDir, entry.file), bad);
    const bytes = readFileSync(bad);
    bytes[bytes.length - 20]! ^= 0xff;
    writeFileSync(bad, bytes);
    const r = await plat(['backup', 'restore-plan', '--cluster', 'infra', '--from', bad]);
    expect(r.code).toBe(5);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^plat: ${bad.replace(/\./g, '\\.')} fails verification, so no restore plan uses it: `));

    const node = await plat(['backup', 'restore-plan', '--cluster', 'infra', '--node', 'apps-01']);
    expect(node.code).toBe(2);
    expect(node.stderr).toBe('plat: --node apps-01 is not a control-plane node of infra\nhint: control planes: infra-01, infra-02, infra-03\n');

    const which = await plat(['backup', 'restore-plan']);
    expect(which.code).toBe(2);
    expect(which.stderr).toBe('plat: say which cluster to plan a restore for: --cluster <name>\nhint: clusters in plat.yaml: infra, apps\n');

    const none = await plat(['backup', 'restore-plan', '--cluster', 'apps']);
    expect(none.code).toBe(5);
    expect(none.stderr).toContain(`plat: no verified backup of apps in ${lab.backupDir}\n`);
  });

  it('says what to install when etcd is not there', { timeout: 30_000 }, async () => {
    const r = await plat(['backup', 'drill'], { PATH: lab.binDir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'plat: plat backup drill needs etcd and etcdutl (or etcdctl before 3.6) on PATH to restore a snapshot and serve it\n' +
        'hint: install etcd locally: Debian/Ubuntu `apt-get install etcd-server etcd-client`, or unpack an etcd release (etcd, etcdutl) from github.com/etcd-io/etcd/releases onto PATH\n',
    );
  });
});
