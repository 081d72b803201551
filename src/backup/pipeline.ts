/**
 * `plat backup run`: for each cluster in order — look at etcd, pick a member, snapshot with a
 * watchdog (one retry on another member), verify while compressing, encrypt to the age
 * recipients if any, store atomically, catalogue, apply retention — then ship to each
 * destination — all under one lock on the backup dir. An async generator of BackupEvents and
 * DestinationEvents; its return value is the run's result. A cluster that fails does not stop
 * the others, nor does a destination that fails stop the other destinations.
 */
import { statfs, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { ClusterConfig } from '../config/index.js';
import { isPlatError } from '../errors/index.js';
import { chooseSnapshotMembers, observeEtcd, type EtcdMember, type EtcdTalos } from '../etcd/index.js';
import type { Clock } from '../lab/clock.js';
import type { EtcdSnapshotInfo } from '../talos/index.js';
import type { CatalogEntry } from './catalog.js';
import { appendCatalog, readCatalog } from './catalog-file.js';
import { deliverToDestination, type DeliverOptions } from './destinations/deliver.js';
import { withEvents } from './destinations/event-queue.js';
import type { DestinationEvent, DestinationOutcome } from './destinations/events.js';
import type { DestinationConfig, DestinationStore } from './destinations/store.js';
import { ensureDir } from './durable.js';
import type { BackupEvent, BackupRunResult, ClusterOutcome } from './events.js';
import { adoptUnlisted, removeWorkFiles } from './housekeeping.js';
import { acquireLock, cleanLockLeftovers, type BackupLock } from './lock.js';
import { stagingName, type Compression } from './names.js';
import { applyPrune, planPrune } from './prune.js';
import type { RetentionPolicy } from './retention.js';
import { scheduleInfo } from './schedule.js';
import { takeSnapshot, type SnapshotLimits, type SnapshotTalos } from './snapshot-runner.js';
import { recordRun } from './status-file.js';
import { DiskError, diskError, storeSnapshot } from './store.js';

export type BackupTalos = EtcdTalos & SnapshotTalos;

export interface BackupRunOptions {
  dir: string;
  clusters: ClusterConfig[];
  compression: Compression;
  retention: RetentionPolicy;
  schedule: string;
  timezone: string;
  talosFor: (cluster: ClusterConfig) => BackupTalos;
  clock: Clock;
  limits: SnapshotLimits;
  /** Pause before the retry on another member. */
  retryDelayMs: number;
  platVersion: string;
  /** Recorded in the lock file, e.g. `plat backup run`. */
  command: string;
  pid?: number;
  host?: string;
  signal?: AbortSignal;
  /** age X25519 recipients (backup.encryption.recipients): backups are stored as `….age`. */
  recipients?: readonly string[];
  /** Where each new backup is copied after it is stored and verified here. */
  destinations?: readonly DestinationConfig[];
  openDestination?: (d: DestinationConfig) => Promise<DestinationStore>;
  /** Observe (and act at) each shipment's steps; awaited (tests cut connections here). */
  onShipStep?: DeliverOptions['onStep'];
}

export type BackupRunEvent = BackupEvent | DestinationEvent;

export interface BackupRunOutcome extends BackupRunResult {
  destinations: DestinationOutcome[];
}

type Emit = BackupEvent extends infer E ? (E extends { at: string } ? Omit<E, 'at'> : never) : never;

/** Wait on the clock; a plain timer keeps the process alive meanwhile (realClock's timers are unref'd). */
function sleep(clock: Clock, ms: number): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((r) => {
    const keep = setTimeout(() => undefined, ms + 1000);
    clock.setTimeout(() => {
      clearTimeout(keep);
      r();
    }, ms);
  });
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0]!;

export async function* runBackup(o: BackupRunOptions): AsyncGenerator<BackupRunEvent, BackupRunOutcome> {
  const stamp = <E extends object>(e: E) => ({ at: new Date(o.clock.now()).toISOString(), ...e }) as unknown as BackupRunEvent;
  const pid = o.pid ?? process.pid;
  const host = o.host ?? hostname();
  await ensureDir(o.dir);
  const lock = await acquireLock(o.dir, { now: () => o.clock.now(), command: o.command, pid, host });
  const result: BackupRunOutcome = { ok: true, exitCode: 0, dir: o.dir, clusters: [], destinations: [] };
  try {
    yield stamp({ type: 'locked', dir: o.dir, lock: lock.path, ...(lock.tookOver ? { tookOver: lock.tookOver } : {}) });
    await cleanLockLeftovers(o.dir);
    for (const cluster of o.clusters) {
      const gen = backupCluster(o, cluster, lock, pid);
      let step = await gen.next();
      while (!step.done) {
        yield stamp(step.value);
        step = await gen.next();
      }
      result.clusters.push(step.value);
      if (o.signal?.aborted) break;
    }
    const staleAfterMs = scheduleInfo(o.schedule, o.timezone, o.clock.now()).staleAfterMs;
    for (const d of o.destinations ?? []) {
      if (o.signal?.aborted) break;
      if (!o.openDestination) throw new Error('runBackup: destinations given without openDestination');
      const gen = deliverToDestination({
        destination: d, open: () => o.openDestination!(d), localDir: o.dir, clusters: o.clusters.map((c) => c.name), timezone: o.timezone,
        scheduleStaleAfterMs: staleAfterMs, clock: o.clock, host, pid, command: o.command,
        ...(o.onShipStep ? { onStep: o.onShipStep } : {}), ...(o.signal ? { signal: o.signal } : {}),
      });
      let step = await gen.next();
      while (!step.done) {
        if (step.value.type === 'dest-open' || step.value.type === 'shipped') await lock.assertHeld();
        yield stamp(step.value);
        step = await gen.next();
      }
      result.destinations.push(step.value);
    }
  } finally {
    await lock.release();
  }
  const failed = result.clusters.filter((c) => c.exitCode !== 0);
  const destFailed = result.destinations.filter((d) => !d.ok);
  result.ok = failed.length === 0 && destFailed.length === 0;
  result.exitCode = failed.length === 0 ? (destFailed.length ? (o.signal?.aborted ? 130 : 1) : 0) : failed.some((c) => c.exitCode === 130) ? 130 : failed.every((c) => c.exitCode === 5) ? 5 : 1;
  return result;
}

async function* backupCluster(o: BackupRunOptions, cluster: ClusterConfig, lock: BackupLock, pid: number): AsyncGenerator<Emit, ClusterOutcome> {
  const name = cluster.name;
  const started = o.clock.now();
  yield { type: 'cluster-start', cluster: name };
  try {
    const removed = await removeWorkFiles(o.dir, name);
    if (removed.length) yield { type: 'cleanup', cluster: name, removed };
    const adopt = await adoptUnlisted(o.dir, name, o.platVersion);
    for (const file of adopt.adopted) yield { type: 'adopted', cluster: name, file };
    for (const r of adopt.rejected) yield { type: 'warning', cluster: name, message: `${r.file} did not verify (${r.problems.join('; ')}); renamed to .rejected-*` };
    for (const file of adopt.sealed) {
      yield { type: 'warning', cluster: name, message: `${file} is encrypted but not catalogued (a run stopped before cataloguing it); it cannot be re-verified without the identity: plat backup decrypt it, then plat backup verify the result` };
    }

    const talos = o.talosFor(cluster);
    const look = await observeEtcd(talos, cluster, { now: () => o.clock.now(), ...(o.signal ? { signal: o.signal } : {}) });
    const { order, skipped } = chooseSnapshotMembers(look);
    yield { type: 'members', cluster: name, order: order.map((m) => m.nodeName), skipped: skipped.map((s) => ({ node: s.member.nodeName, reason: s.reason })) };
    const warn = await checkFreeSpace(o.dir, name, order);
    if (warn) yield { type: 'warning', cluster: name, message: warn };

    await ensureDir(join(o.dir, name));
    const attempts = [order[0]!, order[1] ?? order[0]!];
    let stored: Awaited<ReturnType<typeof storeSnapshot>> | undefined;
    let info: EtcdSnapshotInfo | undefined;
    let from: EtcdMember | undefined;
    let takenAt = 0;
    for (const [i, member] of attempts.entries()) {
      takenAt = o.clock.now();
      const raw = join(o.dir, name, stagingName(takenAt, pid));
      yield { type: 'snapshot-start', cluster: name, node: member.nodeName, address: member.node, attempt: i + 1, leader: member.memberId === look.leaderId };
      try {
        info = yield* withEvents<Emit, EtcdSnapshotInfo>((emit) =>
          takeSnapshot(talos, member.node, raw, {
            clock: o.clock, limits: o.limits, ...(o.signal ? { signal: o.signal } : {}),
            onProgress: (bytes) => emit({ type: 'snapshot-progress', cluster: name, node: member.nodeName, bytes }),
          }),
        );
        stored = await storeSnapshot({
          rawPath: raw, dir: o.dir, pid, ...(o.signal ? { signal: o.signal } : {}), ...(o.recipients?.length ? { recipients: o.recipients } : {}), ...(info.totalSize !== undefined ? { expectTotalSize: info.totalSize } : {}),
          name: { cluster: name, takenAt, compression: o.compression, ...(info.revision !== undefined ? { revision: info.revision } : {}) },
        });
        from = member;
        break;
      } catch (e) {
        const disk = isPlatError(e) && e.name === 'DiskError';
        const retry = i === 0 && !disk && !o.signal?.aborted && !(isPlatError(e) && ['UserError', 'ConfigError', 'Interrupted'].includes(e.name));
        yield { type: 'snapshot-failed', cluster: name, node: member.nodeName, attempt: i + 1, reason: message(e), willRetry: retry };
        if (!retry) throw e;
        await sleep(o.clock, o.retryDelayMs);
      } finally {
        await unlink(raw).catch(() => undefined);
        await unlink(`${raw}.part`).catch(() => undefined);
      }
    }
    if (!stored || !info || !from) throw new Error('no snapshot was stored');

    const previous = (await readCatalog(o.dir)).entries.filter((e) => e.cluster === name && e.revision !== undefined).sort((a, b) => Date.parse(b.takenAt) - Date.parse(a.takenAt))[0];
    if (previous?.revision !== undefined && info.revision !== undefined && info.revision < previous.revision) {
      yield { type: 'warning', cluster: name, message: `etcd revision went down: ${info.revision} < ${previous.revision} in ${previous.file} (a restored cluster, or a stale member)` };
    }
    const entry = catalogEntry(o, name, takenAt, from, info, stored);
    await lock.assertHeld();
    await appendCatalog(o.dir, [entry]).catch((e: unknown) => {
      throw diskError(e, join(o.dir, 'catalog.jsonl'));
    });
    const seconds = (o.clock.now() - started) / 1000;
    yield { type: 'stored', cluster: name, file: entry.file, snapshotBytes: entry.snapshotBytes, storedBytes: entry.storedBytes, seconds, ...(entry.revision !== undefined ? { revision: entry.revision } : {}) };
    const outcome: ClusterOutcome = { cluster: name, ok: true, exitCode: 0, file: entry.file, storedBytes: entry.storedBytes, snapshotBytes: entry.snapshotBytes, seconds, ...(entry.revision !== undefined ? { revision: entry.revision } : {}) };

    let retentionError: string | undefined;
    try {
      const now = o.clock.now();
      const plan = await planPrune(o.dir, name, o.retention, { now, timezone: o.timezone, staleAfterMs: scheduleInfo(o.schedule, o.timezone, now).staleAfterMs });
      const removed = await applyPrune(o.dir, plan, () => lock.assertHeld());
      outcome.removed = removed;
      if (plan.stale) outcome.stale = plan.stale.message;
      yield { type: 'retention', cluster: name, kept: plan.keep.length, removed, ...(plan.stale ? { stale: plan.stale.message } : {}) };
    } catch (e) {
      retentionError = message(e);
      outcome.error = `retention failed: ${retentionError}`;
      outcome.exitCode = 1;
    }
    await recordRun(o.dir, name, (r) => ({ ...r, lastAttemptAt: entry.takenAt, lastSuccessAt: entry.takenAt, lastFile: entry.file, ...(entry.revision !== undefined ? { lastRevision: entry.revision } : {}), ...(retentionError ? { lastError: outcome.error } : { lastError: undefined }) }));
    yield { type: 'cluster-done', cluster: name, entry, ...(retentionError ? { retentionError } : {}) };
    return outcome;
  } catch (e) {
    const exitCode = isPlatError(e) ? (e.exitCode === 5 ? 5 : e.exitCode === 130 ? 130 : 1) : 1;
    const hint = isPlatError(e) ? e.hint : undefined;
    await recordRun(o.dir, name, (r) => ({ ...r, lastAttemptAt: new Date(started).toISOString(), lastError: message(e) })).catch(() => undefined);
    yield { type: 'cluster-failed', cluster: name, error: message(e), exitCode, ...(hint ? { hint } : {}) };
    return { cluster: name, ok: false, error: message(e), exitCode, ...(hint ? { hint } : {}) };
  }
}

/** Refuse when the dir cannot even hold the raw snapshot (≈ the DB size etcd reports); warn under 2×. */
async function checkFreeSpace(dir: string, cluster: string, members: EtcdMember[]): Promise<string | undefined> {
  const need = Math.max(0, ...members.map((m) => m.dbSize ?? 0));
  if (!need) return undefined;
  const fs = await statfs(dir).catch(() => undefined);
  if (!fs) return undefined;
  const free = fs.bavail * fs.bsize;
  const mbs = (b: number) => `${(b / 1e6).toFixed(1)} MB`;
  if (free < need) {
    throw new DiskError(`not enough space in ${join(dir, cluster)}: ${mbs(free)} free, the snapshot needs about ${mbs(need)} (the DB size etcd reports)`, {
      hint: 'free some space, or point --dir (backup.dir in plat.yaml) at a bigger disk',
    });
  }
  return free < 2 * need ? `only ${mbs(free)} free in ${dir}; a snapshot plus its compressed copy need up to ${mbs(2 * need)}` : undefined;
}

function catalogEntry(o: BackupRunOptions, cluster: string, takenAt: number, m: EtcdMember, info: EtcdSnapshotInfo, s: Awaited<ReturnType<typeof storeSnapshot>>): CatalogEntry {
  const c = s.check;
  return {
    v: 1, cluster, file: s.file, takenAt: new Date(takenAt).toISOString(), node: m.nodeName, nodeAddress: m.node,
    ...(m.memberId ? { memberId: m.memberId } : {}),
    storedBytes: s.storedBytes, snapshotBytes: c.sizeBytes, sha256: s.sha256, trailerSha256: c.trailerSha256!,
    ...(info.revision !== undefined ? { revision: info.revision } : {}),
    ...(info.totalKeys !== undefined ? { totalKeys: info.totalKeys } : {}),
    ...(info.hash !== undefined ? { snapshotHash: info.hash } : {}),
    pageSize: c.pageSize!, pgid: c.pgid!, txid: c.txid!, compression: o.compression, verified: true, platVersion: o.platVersion,
    ...(s.sealed ? { encryption: { format: 'age' as const, ...s.sealed } } : {}),
  };
}
