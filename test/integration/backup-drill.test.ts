/**
 * `plat backup drill` against the real etcd (Debian etcd-server / etcd-client): backups made from
 * a live etcd's Snapshot-API files (stored the way `plat backup run` stores them), restored with
 * the real `etcdctl snapshot restore`, served by a throwaway etcd, counted, compared, recorded —
 * and cleaned up after success, failure and Ctrl-C alike.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appendCatalog, chooseRestoreBackup, drillCell, lastDrill, openFile, readCatalog, readDrills, runDrill, storeSnapshot, findDrillTools, type CatalogEntry, type DrillEvent, type DrillRunOptions, type DrillRunResult, type DrillTools } from '../../src/backup/index.js';
import { realClock } from '../../src/lab/clock.js';
import { requireBinaries } from '../support/real.js';
import { tempDir } from '../support/plat.js';
import { startEtcd, type RealEtcd } from './backup-etcd.js';

const exec = promisify(execFile);
const bins = requireBinaries(['etcd', 'etcdctl'], 'restore drills with the real etcd');
const ageBins = requireBinaries(['age', 'age-keygen'], 'drilling a backup the real age CLI encrypted');

/** What a small Kubernetes cluster keeps, across core kinds, a CRD group and an aggregated API. */
const KEYS = [
  '/registry/namespaces/default', '/registry/namespaces/kube-system', '/registry/namespaces/flux-system',
  '/registry/minions/infra-01', '/registry/minions/infra-02', '/registry/minions/infra-03',
  '/registry/pods/kube-system/cilium-4x2k9', '/registry/pods/kube-system/cilium-8d7qz', '/registry/pods/kube-system/coredns-6f7b9', '/registry/pods/default/web-1',
  '/registry/configmaps/kube-system/kube-root-ca.crt', '/registry/configmaps/flux-system/cluster-vars',
  '/registry/secrets/flux-system/sops-age',
  '/registry/kustomize.toolkit.fluxcd.io/kustomizations/flux-system/cilium', '/registry/kustomize.toolkit.fluxcd.io/kustomizations/flux-system/cert-manager',
  '/registry/apiregistration.k8s.io/apiservices/v1.apps',
];
const DELETED = '/registry/pods/default/web-1';
const PREFIXES = {
  '/registry/apiregistration.k8s.io/apiservices': 1,
  '/registry/configmaps': 2,
  '/registry/kustomize.toolkit.fluxcd.io/kustomizations': 2,
  '/registry/minions': 3,
  '/registry/namespaces': 3,
  '/registry/pods': 3,
  '/registry/secrets': 1,
};

describe.skipIf(!bins)('plat backup drill with the real etcd', () => {
  let src: { dir: string; cleanup: () => void };
  let etcd: RealEtcd;
  let tools: DrillTools;
  let work: { dir: string; cleanup: () => void };
  let backupDir: string;

  /** Snapshot the live etcd and store it as `plat backup run` does, catalogue included. */
  async function backupNow(takenAt: string): Promise<CatalogEntry> {
    const raw = join(work.dir, `raw-${Date.parse(takenAt)}.db`);
    await etcd.etcdctl('snapshot', 'save', raw);
    const st = JSON.parse((await exec(bins!['etcdctl']!, ['snapshot', 'status', raw, '-w', 'json'], { env: { ...process.env, ETCDCTL_API: '3' } })).stdout) as { hash: number; revision: number; totalKey: number; totalSize: number };
    const stored = await storeSnapshot({ rawPath: raw, dir: backupDir, name: { cluster: 'infra', takenAt: Date.parse(takenAt), revision: st.revision, compression: 'gzip' }, pid: process.pid, expectTotalSize: st.totalSize });
    const entry: CatalogEntry = {
      v: 1, cluster: 'infra', file: stored.file, takenAt, node: 'infra-02', nodeAddress: '10.25.11.12', storedBytes: stored.storedBytes, snapshotBytes: stored.check.sizeBytes,
      sha256: stored.sha256, trailerSha256: stored.check.trailerSha256!, revision: st.revision, totalKeys: st.totalKey, snapshotHash: (st.hash >>> 0).toString(16).padStart(8, '0'),
      pageSize: stored.check.pageSize!, pgid: stored.check.pgid!, txid: stored.check.txid!, compression: 'gzip', verified: true, platVersion: 'test',
    };
    await appendCatalog(backupDir, [entry]);
    return entry;
  }

  async function drill(opts: Partial<DrillRunOptions> = {}, onEvent?: (e: DrillEvent) => void): Promise<{ events: DrillEvent[]; result: DrillRunResult }> {
    const events: DrillEvent[] = [];
    const gen = runDrill({ dir: backupDir, clusters: ['infra'], cwd: work.dir, tools, clock: realClock, command: 'plat backup drill', ...opts });
    let step = await gen.next();
    while (!step.done) {
      events.push(step.value);
      onEvent?.(step.value);
      step = await gen.next();
    }
    return { events, result: step.value };
  }

  const started = (events: DrillEvent[]) => events.find((e): e is Extract<DrillEvent, { type: 'etcd-started' }> => e.type === 'etcd-started');
  const gone = (pid: number) => {
    try {
      process.kill(pid, 0);
      return false;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'ESRCH';
    }
  };

  beforeAll(async () => {
    tools = await findDrillTools(process.env);
    src = tempDir();
    etcd = await startEtcd(bins!, join(src.dir, 'etcd'));
    for (const k of KEYS) await etcd.put(k, JSON.stringify({ kind: 'stand-in', key: k }));
    await etcd.etcdctl('del', DELETED);
  }, 60_000);
  afterAll(async () => {
    await etcd?.stop();
    src?.cleanup();
  });
  beforeEach(() => {
    work = tempDir();
    backupDir = join(work.dir, 'backups');
    mkdirSync(backupDir);
  });
  afterEach(() => work.cleanup());

  it('restores the newest good backup, counts keys per resource, matches the catalog and records it', { timeout: 60_000 }, async () => {
    const older = await backupNow('2026-11-27T06:00:00.000Z');
    await etcd.put('/registry/configmaps/default/added-later', '{}');
    const newest = await backupNow('2026-11-27T12:00:00.000Z');
    await etcd.etcdctl('del', '/registry/configmaps/default/added-later');
    expect(newest.revision).toBeGreaterThan(older.revision!);

    const { events, result } = await drill();
    expect(result.exitCode).toBe(0);
    const rec = result.records[0]!;
    expect(rec).toMatchObject({ cluster: 'infra', file: newest.file, catalogued: true, ok: true, problems: [], revision: newest.revision, keys: 16, snapshotHash: newest.snapshotHash, tool: `etcdctl ${tools.restore.version}` });
    expect(rec.prefixes).toEqual({ ...PREFIXES, '/registry/configmaps': 3 });
    expect(events.map((e) => e.type)).toEqual(['drill-start', 'plaintext', 'restored', 'etcd-started', 'census', 'drill-done']);

    // everything the drill started is gone
    const s = started(events)!;
    expect(existsSync(s.workDir)).toBe(false);
    expect(gone(s.pid)).toBe(true);
    expect(existsSync(join(backupDir, 'plat-backup.lock'))).toBe(false);

    // recorded on the backup's catalog line and in the drill history that status reads
    const line = (await readCatalog(backupDir)).entries.find((e) => e.file === newest.file) as CatalogEntry & { drill?: { ok: boolean; keys: number } };
    expect(line.drill).toMatchObject({ ok: true, keys: 16, revision: newest.revision });
    expect((await readCatalog(backupDir)).entries.find((e) => e.file === older.file)).not.toHaveProperty('drill');
    const last = await lastDrill(backupDir, 'infra');
    expect(last).toEqual(rec);
    expect(drillCell(last, Date.parse(rec.at) + 3_600_000)).toBe(`ok 1h0m ago (rev ${newest.revision}, 16 keys)`);
  });

  it('a backup damaged on disk fails the drill before any restore, and the failure is recorded', { timeout: 60_000 }, async () => {
    const entry = await backupNow('2026-11-27T12:00:00.000Z');
    const path = join(backupDir, entry.file);
    const bytes = readFileSync(path);
    bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
    writeFileSync(path, bytes);

    const { events, result } = await drill();
    expect(result.exitCode).toBe(1);
    expect(events.some((e) => e.type === 'restored' || e.type === 'etcd-started')).toBe(false);
    const rec = result.records[0]!;
    expect(rec.ok).toBe(false);
    expect(rec.problems[0]).toMatch(/^sha256 of the file \([0-9a-f]{16}…\) differs from the catalog \([0-9a-f]{16}…\)$/);
    const line = (await readCatalog(backupDir)).entries[0] as CatalogEntry & { drill?: { ok: boolean; problems: string[] } };
    expect(line.drill).toMatchObject({ ok: false, problems: rec.problems });
    expect(drillCell(await lastDrill(backupDir, 'infra'), Date.parse(rec.at))).toBe(`FAILED 0s ago: ${rec.problems[0]}`);
  });

  it('a snapshot altered inside an intact gzip is caught by its sha256 trailer (file outside the catalog)', { timeout: 60_000 }, async () => {
    const entry = await backupNow('2026-11-27T12:00:00.000Z');
    const plain = gunzipSync(readFileSync(join(backupDir, entry.file)));
    plain[plain.length - 4096]! ^= 0x01;
    const altered = join(work.dir, 'etcd-infra-20261127T130000Z-rev99.db.gz');
    writeFileSync(altered, gzipSync(plain));

    const { result } = await drill({ file: altered });
    const rec = result.records[0]!;
    expect(rec).toMatchObject({ cluster: 'infra', file: altered, catalogued: false, ok: false });
    expect(rec.problems).toEqual([expect.stringMatching(/^sha256 of the data \([0-9a-f]{16}…\) does not match the trailer \([0-9a-f]{16}…\)$/)]);
    expect((await readDrills(backupDir)).map((r) => r.file)).toEqual([altered]);
    expect((await readCatalog(backupDir)).entries[0]).not.toHaveProperty('drill');
  });

  it('restores a copy of member/snap/db (no trailer) with --skip-hash-check, and says so', { timeout: 60_000 }, async () => {
    // Talos DR guide's last resort: `talosctl cp /var/lib/etcd/member/snap/db` (backup.md §1.2)
    const copy = join(work.dir, 'db');
    copyFileSync(join(etcd.dataDir, 'member', 'snap', 'db'), copy);
    const { result } = await drill({ file: copy });
    const rec = result.records[0]!;
    expect(rec.problems).toEqual([]);
    expect(rec).toMatchObject({ ok: true, hashless: true, keys: 15, prefixes: PREFIXES });
    expect(rec.warnings[0]).toBe('no sha256 trailer (a data-dir copy?): restored with --skip-hash-check, so corruption inside the file would go unnoticed');
  });

  it('Ctrl-C while the throwaway etcd runs stops it, removes the temp dir and records nothing', { timeout: 60_000 }, async () => {
    await backupNow('2026-11-27T12:00:00.000Z');
    const abort = new AbortController();
    let s: Extract<DrillEvent, { type: 'etcd-started' }> | undefined;
    await expect(
      drill({ signal: abort.signal }, (e) => {
        if (e.type === 'etcd-started') {
          s = e;
          abort.abort(new Error('SIGINT'));
        }
      }),
    ).rejects.toMatchObject({ name: 'Interrupted', exitCode: 130 });
    expect(s).toBeDefined();
    expect(existsSync(s!.workDir)).toBe(false);
    expect(gone(s!.pid)).toBe(true);
    expect(existsSync(join(backupDir, 'plat-backup.lock'))).toBe(false);
    expect(await readDrills(backupDir)).toEqual([]);
  });

  it.skipIf(!ageBins)('drills an age-encrypted backup with the identity, and refuses one without it', { timeout: 60_000 }, async () => {
    const entry = await backupNow('2026-11-27T12:00:00.000Z');
    const gz = join(backupDir, entry.file);
    const keyFile = join(work.dir, 'age.key');
    await exec(ageBins!['age-keygen']!, ['-o', keyFile]);
    const recipient = /public key: (age1\w+)/.exec(readFileSync(keyFile, 'utf8'))![1]!;
    // encrypted by the real age CLI, catalogued as plat catalogues its sealed backups
    await exec(ageBins!['age']!, ['-r', recipient, '-o', `${gz}.age`, gz]);
    const sealed = readFileSync(`${gz}.age`);
    const { createHash } = await import('node:crypto');
    const { updateCatalog } = await import('../../src/backup/index.js');
    await updateCatalog(backupDir, () => [{
      ...entry, file: `${entry.file}.age`, storedBytes: sealed.length, sha256: createHash('sha256').update(sealed).digest('hex'),
      encryption: { format: 'age', recipients: [recipient], plainBytes: entry.storedBytes, plainSha256: entry.sha256 },
    }]);
    rmSync(gz);

    await expect(drill()).rejects.toMatchObject({ name: 'UserError', message: `${entry.file.split('/')[1]}.age is age-encrypted: the drill needs the identity to open it` });
    const identity = readFileSync(keyFile, 'utf8').split('\n').filter((l) => l.startsWith('AGE-SECRET-KEY-'));
    const { result } = await drill({ decrypt: (src, dest, signal) => openFile(src, dest, identity, signal) });
    expect(result.records[0]).toMatchObject({ file: `${entry.file}.age`, ok: true, keys: 15, prefixes: PREFIXES, revision: entry.revision });
    expect(readFileSync(join(backupDir, 'drills.jsonl'), 'utf8')).not.toContain('AGE-SECRET-KEY');
  });

  it('a restore plan passes over a newer backup that no longer verifies, and says so', { timeout: 60_000 }, async () => {
    const older = await backupNow('2026-11-27T06:00:00.000Z');
    const newer = await backupNow('2026-11-27T12:00:00.000Z');
    const path = join(backupDir, newer.file);
    const bytes = readFileSync(path);
    bytes[bytes.length - 100]! ^= 0x10;
    writeFileSync(path, bytes);
    await drill({ file: older.file });
    const chosen = await chooseRestoreBackup(backupDir, 'infra', { cwd: work.dir });
    expect(chosen).toMatchObject({ file: older.file, sha256: older.sha256, revision: older.revision, check: { ok: true }, lastDrill: { ok: true, file: older.file } });
    expect(chosen.passedOver).toEqual([{ file: newer.file, why: expect.stringMatching(/^sha256 of the stored bytes differs from the catalog/) }]);
  });

  it('a cluster without a backup is reported, not drilled', { timeout: 30_000 }, async () => {
    const { events, result } = await drill({ clusters: ['apps'] });
    expect(events).toEqual([{ type: 'no-backup', cluster: 'apps', dir: backupDir }]);
    expect(result).toEqual({ records: [], missing: ['apps'], exitCode: 1 });
  });

  it('notes a resource that vanished since the last good drill', { timeout: 60_000 }, async () => {
    await backupNow('2026-11-27T06:00:00.000Z');
    expect((await drill()).result.exitCode).toBe(0);
    await etcd.etcdctl('del', '/registry/secrets/flux-system/sops-age');
    try {
      await backupNow('2026-11-27T12:00:00.000Z');
    } finally {
      await etcd.put('/registry/secrets/flux-system/sops-age', '{}');
    }
    const rec = (await drill()).result.records[0]!;
    expect(rec.ok).toBe(true);
    expect(rec.warnings).toEqual([expect.stringMatching(/^gone since the drill of infra\/etcd-infra-20261127T060000Z-rev\d+\.db\.gz: \/registry\/secrets \(1\)$/)]);
  });
});
