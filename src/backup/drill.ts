/**
 * `plat backup drill`: a backup nobody has restored is a hope. For each backup chosen, restore
 * it with the real etcd tools into a temp dir, serve it from a throwaway etcd on loopback, count
 * the keys per resource and hold that against the catalog; record the verdict; always stop etcd
 * and remove the temp dir (on failure and on Ctrl-C too). The lighter form of the Talos recovery
 * test that backup.md §8.2 asks for: `etcdutl snapshot restore` into a temp dir before it is needed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Interrupted, isPlatError } from '../errors/index.js';
import type { Clock } from '../lab/clock.js';
import { compareWithCatalog, compareWithPreviousDrill } from './drill-compare.js';
import { countKeys, loopbackPort, restoreSnapshot, snapshotStatus, startThrowawayEtcd, type KeyCensus, type ThrowawayEtcd } from './drill-etcd.js';
import { lastGoodDrill, recordDrill, type DrillRecord } from './drill-record.js';
import { drillTargets, isDataDirCopy, writePlaintext, type DecryptFile, type DrillTarget, type Plaintext } from './drill-source.js';
import type { DrillTools } from './drill-tools.js';
import { acquireLock } from './lock.js';

export type DrillEvent =
  | { type: 'drill-start'; cluster: string; file: string; catalogued: boolean }
  | { type: 'plaintext'; cluster: string; snapshotBytes: number; storedBytes: number }
  | { type: 'restored'; cluster: string; tool: string }
  | { type: 'etcd-started'; cluster: string; pid: number; clientUrl: string; workDir: string }
  | { type: 'census'; cluster: string; revision: number; keys: number; prefixes: Record<string, number> }
  | { type: 'drill-done'; cluster: string; record: DrillRecord }
  | { type: 'no-backup'; cluster: string; dir: string };

export interface DrillRunOptions {
  dir: string;
  clusters: readonly string[];
  /** A file to drill instead of each cluster's newest good backup. */
  file?: string;
  cwd: string;
  tools: DrillTools;
  clock: Clock;
  /** Opens `.age` backups (the caller holds the identity); without it an encrypted file is refused with what to do. */
  decrypt?: DecryptFile;
  signal?: AbortSignal;
  /** How long etcd may take to serve the restored data (large DBs load slowly). Default 120 s. */
  startTimeoutMs?: number;
  /** Where the temp dir goes (default the OS temp dir); it needs about twice the snapshot size. */
  tmpRoot?: string;
  command: string;
}

export interface DrillRunResult {
  records: DrillRecord[];
  missing: string[];
  exitCode: 0 | 1;
}

/** What the stored file and the plaintext pass say before anything is restored. */
function fileProblems(t: DrillTarget, p: Plaintext): { problems: string[]; hashless: boolean } {
  const problems: string[] = [];
  const e = t.entry;
  if (e && e.storedBytes !== p.storedBytes) problems.push(`the file is ${p.storedBytes} bytes, the catalog says ${e.storedBytes}`);
  if (e && e.sha256 !== p.sha256) problems.push(`sha256 of the file (${p.sha256.slice(0, 16)}…) differs from the catalog (${e.sha256.slice(0, 16)}…)`);
  const plain = e?.encryption;
  if (plain && p.inner && (plain.plainBytes !== p.inner.bytes || plain.plainSha256 !== p.inner.sha256)) problems.push('what the age file holds differs from what the catalog recorded before encrypting');
  if (p.streamError) return { problems: [...problems, p.streamError], hashless: false };
  // only a file outside the catalog can be such a copy: plat stores nothing without a trailer
  const hashless = !e && isDataDirCopy(p.check);
  if (!hashless) problems.push(...p.check.problems.map((x) => x.message));
  if (e && p.check.trailerSha256 && e.trailerSha256 !== p.check.trailerSha256) problems.push('the snapshot trailer differs from the one catalogued');
  return { problems, hashless };
}

/** The failures a drill records (ActionFailed and kin: exit 1); anything else is plat's own bug or a disk error. */
const failureText = (e: unknown): string | undefined => (isPlatError(e) && e.exitCode === 1 ? e.message : undefined);

async function* drillOne(o: DrillRunOptions, t: DrillTarget): AsyncGenerator<DrillEvent, DrillRecord> {
  const startedAt = o.clock.now();
  const rec: DrillRecord = { v: 1, cluster: t.cluster, file: t.file, catalogued: !!t.entry, at: new Date(startedAt).toISOString(), seconds: 0, ok: false, problems: [], warnings: [] };
  rec.tool = `${o.tools.restore.kind} ${o.tools.restore.version}`;
  rec.etcd = `etcd ${o.tools.etcdVersion}`;
  yield { type: 'drill-start', cluster: t.cluster, file: t.file, catalogued: !!t.entry };
  const work = await mkdtemp(join(o.tmpRoot ?? tmpdir(), 'plat-drill-'));
  let etcd: ThrowawayEtcd | undefined;
  try {
    const db = join(work, 'snapshot.db');
    const plain = await writePlaintext(t.path, db, { work, ...(o.decrypt ? { decrypt: o.decrypt } : {}), ...(o.signal ? { signal: o.signal } : {}) });
    yield { type: 'plaintext', cluster: t.cluster, snapshotBytes: plain.check.sizeBytes, storedBytes: plain.storedBytes };
    const { problems, hashless } = fileProblems(t, plain);
    rec.problems.push(...problems);
    if (hashless) {
      rec.hashless = true;
      rec.warnings.push('no sha256 trailer (a data-dir copy?): restored with --skip-hash-check, so corruption inside the file would go unnoticed');
    }
    if (problems.length === 0) {
      const status = await snapshotStatus(o.tools, db, o.signal);
      rec.snapshotHash = status.hash;
      const member = { name: 'plat-drill', peerUrl: `http://127.0.0.1:${await loopbackPort()}` };
      await restoreSnapshot(o.tools, db, join(work, 'data'), member, { skipHashCheck: hashless, ...(o.signal ? { signal: o.signal } : {}) });
      yield { type: 'restored', cluster: t.cluster, tool: rec.tool };
      etcd = await startThrowawayEtcd(o.tools, join(work, 'data'), member, { clock: o.clock, startTimeoutMs: o.startTimeoutMs ?? 120_000, ...(o.signal ? { signal: o.signal } : {}) });
      yield { type: 'etcd-started', cluster: t.cluster, pid: etcd.pid, clientUrl: etcd.clientUrl, workDir: work };
      const census: KeyCensus = await countKeys(etcd.clientUrl, o.signal ? { signal: o.signal } : {});
      Object.assign(rec, { revision: census.revision, keys: census.keys, prefixes: census.prefixes });
      yield { type: 'census', cluster: t.cluster, ...census };
      const verdict = compareWithCatalog(t.entry, { ...census, status, tool: rec.tool });
      rec.problems.push(...verdict.problems);
      rec.warnings.push(...verdict.warnings, ...compareWithPreviousDrill(await lastGoodDrill(o.dir, t.cluster), census));
    }
  } catch (e) {
    if (o.signal?.aborted) throw new Interrupted(`drill of ${t.file} interrupted; the throwaway etcd was stopped and its temp dir removed`);
    const why = failureText(e);
    if (!why) throw e;
    rec.problems.push(why);
  } finally {
    await etcd?.stop();
    await rm(work, { recursive: true, force: true });
  }
  rec.ok = rec.problems.length === 0;
  rec.seconds = Math.round((o.clock.now() - startedAt) / 100) / 10;
  await recordDrill(o.dir, rec);
  yield { type: 'drill-done', cluster: t.cluster, record: rec };
  return rec;
}

export async function* runDrill(o: DrillRunOptions): AsyncGenerator<DrillEvent, DrillRunResult> {
  const lock = await acquireLock(o.dir, { now: () => o.clock.now(), command: o.command });
  try {
    const { targets, missing } = await drillTargets(o.dir, { cwd: o.cwd, clusters: o.clusters, ...(o.file ? { file: o.file } : {}) });
    for (const cluster of missing) yield { type: 'no-backup', cluster, dir: o.dir };
    const records: DrillRecord[] = [];
    for (const t of targets) {
      o.signal?.throwIfAborted();
      records.push(yield* drillOne(o, t));
    }
    return { records, missing, exitCode: missing.length || records.some((r) => !r.ok) ? 1 : 0 };
  } finally {
    await lock.release();
  }
}

/** One line per event for stderr (cron logs, a terminal). */
export function drillLogLine(e: DrillEvent): string {
  switch (e.type) {
    case 'drill-start':
      return `${e.cluster}: drilling ${e.file}${e.catalogued ? '' : ' (not in the catalog)'}`;
    case 'plaintext':
      return `${e.cluster}: snapshot ${e.snapshotBytes} bytes (stored ${e.storedBytes})`;
    case 'restored':
      return `${e.cluster}: restored with ${e.tool}`;
    case 'etcd-started':
      return `${e.cluster}: throwaway etcd serving it on ${e.clientUrl}`;
    case 'census':
      return `${e.cluster}: revision ${e.revision}, ${e.keys} keys in ${Object.keys(e.prefixes).length} resources`;
    case 'drill-done':
      return e.record.ok
        ? `${e.cluster}: drill ok (${e.record.seconds} s)${e.record.warnings.length ? `; note: ${e.record.warnings.join('; ')}` : ''}`
        : `${e.cluster}: drill FAILED: ${e.record.problems.join('; ')}`;
    case 'no-backup':
      return `${e.cluster}: no good backup in ${e.dir} to drill`;
  }
}
