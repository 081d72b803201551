/**
 * Which file a restore plan uses, checked now rather than trusted from the catalog: the newest
 * good backup of the cluster whose bytes still verify (a newer one that fails is passed over and
 * named, as coreos/etcd-operator#1804 ended up advising by hand), or the file given with --from.
 */
import { join } from 'node:path';
import { GateRefused, UserError } from '../errors/index.js';
import type { CatalogEntry } from './catalog.js';
import { readDrills } from './drill-record.js';
import { drillTargets, isDataDirCopy, type DrillTarget } from './drill-source.js';
import { listBackups } from './inventory.js';
import type { RestoreBackup } from './restore-plan.js';
import { verifyStoredFile } from './verify-stored.js';
import { compareText } from '../conventions/index.js';

/** Check one file now and describe it for the plan. */
export async function checkRestoreFile(t: DrillTarget): Promise<Omit<RestoreBackup, 'passedOver' | 'lastDrill'>> {
  const e: CatalogEntry | undefined = t.entry;
  const encrypted = t.path.endsWith('.age');
  const gzip = t.path.replace(/\.age$/, '').endsWith('.gz');
  const facts = {
    path: t.path, file: t.file, catalogued: !!e, encrypted, gzip,
    ...(e ? { takenAt: e.takenAt, node: e.node, nodeAddress: e.nodeAddress, snapshotBytes: e.snapshotBytes, trailerSha256: e.trailerSha256 } : {}),
    ...(e?.revision !== undefined ? { revision: e.revision } : {}),
    ...(e?.snapshotHash ? { snapshotHash: e.snapshotHash } : {}),
    ...(e?.encryption ? { plainSha256: e.encryption.plainSha256 } : {}),
  };
  const c = await verifyStoredFile(t.path, e);
  const s = c.snapshot;
  // the emergency copy of member/snap/db (Talos DR guide), recovered with --recover-skip-hash-check
  // — and only when the snapshot's own findings are all there is (a damaged gzip is never that)
  const hashless = !e && !!s && isDataDirCopy(s) && c.problems.every((p) => s.problems.some((q) => q.message === p));
  const problems = hashless ? [] : c.problems;
  return {
    ...facts,
    storedBytes: c.storedBytes,
    sha256: c.sha256,
    ...(s?.sizeBytes !== undefined ? { snapshotBytes: s.sizeBytes } : {}),
    ...(s?.trailerSha256 ? { trailerSha256: s.trailerSha256 } : {}),
    hashless,
    check: {
      ok: problems.length === 0,
      what: hashless
        ? 'meta pages ok; no sha256 trailer to check (data-dir copy)'
        : encrypted
          ? 'the encrypted bytes match the catalog and the age header is sound; the snapshot inside is checked once decrypted (plat backup verify, below)'
          : `${e ? 'stored bytes match the catalog, ' : ''}sha256 trailer and both bbolt meta pages verify`,
      problems,
    },
  };
}

export async function chooseRestoreBackup(dir: string, cluster: string, opts: { from?: string; cwd: string }): Promise<RestoreBackup> {
  const drills = await readDrills(dir);
  const lastDrillOf = (file: string) => drills.filter((d) => d.file === file).sort((a, b) => compareText(b.at, a.at))[0];
  const withDrill = (b: Omit<RestoreBackup, 'passedOver' | 'lastDrill'>, passedOver: RestoreBackup['passedOver']): RestoreBackup => {
    const d = lastDrillOf(b.file);
    return { ...b, passedOver, ...(d ? { lastDrill: d } : {}) };
  };
  if (opts.from) {
    const { targets } = await drillTargets(dir, { file: opts.from, cwd: opts.cwd, clusters: [cluster] });
    const t = targets[0]!;
    if (t.entry && t.cluster !== cluster) throw new UserError(`${opts.from} is a backup of ${t.cluster}, not ${cluster}`);
    const b = await checkRestoreFile(t);
    if (!b.check.ok) {
      throw new GateRefused(`${opts.from} fails verification, so no restore plan uses it: ${b.check.problems.join('; ')}`, { hint: `plat backup list --cluster ${cluster} shows the other backups` });
    }
    return withDrill(b, []);
  }
  const inv = await listBackups(dir, [cluster]);
  const candidates = inv.rows.filter((r) => r.state === 'ok' && r.entry).sort((a, b) => compareText(b.takenAt, a.takenAt));
  const passedOver: RestoreBackup['passedOver'] = [];
  for (const r of candidates) {
    const b = await checkRestoreFile({ cluster, file: r.file, path: join(dir, r.file), entry: r.entry! });
    if (b.check.ok) return withDrill(b, passedOver);
    passedOver.push({ file: r.file, why: b.check.problems[0] ?? 'failed verification' });
  }
  throw new GateRefused(
    candidates.length ? `no backup of ${cluster} in ${dir} verifies now (${passedOver.map((p) => `${p.file}: ${p.why}`).join('; ')})` : `no verified backup of ${cluster} in ${dir}`,
    { hint: 'name a snapshot from elsewhere (another destination, or a talosctl cp of /var/lib/etcd/member/snap/db) with --from <file>' },
  );
}
