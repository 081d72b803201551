/**
 * A backup made by `plat backup run` through the lab's talosctl stand-in (whose `etcd snapshot`
 * is a real etcd's Snapshot-API file: src/lab/talos/etcd-snapshot.ts starts etcd, writes the
 * /registry keys and saves with etcdctl) restores with the real `etcdctl snapshot restore`, and
 * an etcd started on the restored data dir serves every key.
 */
import { execFile } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { createGunzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCatalog } from '../../src/backup/index.js';
import { labSnapshot } from '../../src/lab/talos/index.js';
import { REGISTRY_KEYS } from '../../src/lab/talos/etcd-snapshot.js';
import { requireBinaries } from '../support/real.js';
import { startBackupLab, type BackupLab } from './backup-lab.js';
import { readKeys, restoreAndStart, type RealEtcd } from './backup-etcd.js';

const exec = promisify(execFile);
const bins = requireBinaries(['etcd', 'etcdctl'], 'restoring a plat backup with the real etcdctl');

describe.skipIf(!bins)('plat backup run → etcdctl snapshot restore → etcd serves the keys', () => {
  let lab: BackupLab;
  let work: string;
  let restored: RealEtcd | undefined;
  beforeAll(async () => {
    lab = await startBackupLab();
    work = mkdtempSync(join(tmpdir(), 'plat-'));
  });
  afterAll(async () => {
    await restored?.stop();
    await lab?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('restores with the keys the stand-in\'s real etcd held', { timeout: 90_000 }, async () => {
    // the stand-in serves a live etcd's snapshot when etcd/etcdctl are installed (they are: requireBinaries)
    const snap = await labSnapshot();
    expect(snap.origin).toBe('live-etcd');

    const run = await lab.plat(['backup', 'run', '--cluster', 'infra']);
    expect(run.stderr).toMatch(/infra: backup ok\n/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^infra ok infra\/etcd-infra-\d{8}T\d{6}Z-rev\d+\.db\.gz \(/);

    const { entries, problems } = parseCatalog(readFileSync(join(lab.backupDir, 'catalog.jsonl'), 'utf8'));
    expect(problems).toEqual([]);
    expect(entries).toHaveLength(1);
    const e = entries[0]!;
    expect(e).toMatchObject({ cluster: 'infra', node: 'infra-02', nodeAddress: '10.25.11.12', verified: true, revision: snap.revision, totalKeys: snap.totalKeys, compression: 'gzip' });
    const stored = join(lab.backupDir, e.file);
    expect(statSync(stored).mode & 0o777).toBe(0o600);
    expect(statSync(join(lab.backupDir, 'catalog.jsonl')).mode & 0o777).toBe(0o600);

    const db = join(work, 'snapshot.db');
    await pipeline(createReadStream(stored), createGunzip(), createWriteStream(db));
    // the real etcdctl agrees with the facts plat recorded
    const status = JSON.parse((await exec(bins!['etcdctl']!, ['snapshot', 'status', db, '-w', 'json'], { env: { ...process.env, ETCDCTL_API: '3' } })).stdout) as { hash: number; revision: number; totalSize: number };
    expect(status.revision).toBe(e.revision);
    expect(status.hash.toString(16).padStart(8, '0')).toBe(e.snapshotHash);
    expect(status.totalSize).toBe(e.pgid * e.pageSize);

    restored = await restoreAndStart({ etcd: bins!['etcd']!, etcdctl: bins!['etcdctl']! }, db, work);
    const keys = await readKeys(restored, '/registry/');
    expect(new Map([...keys].sort())).toEqual(new Map([...REGISTRY_KEYS].sort()));
  });
});
